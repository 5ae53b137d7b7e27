"""Keyed hashes and secret tokens, for every app.

A keyed hash lets a table count or match a value (an address typed into a form, a visitor's
network) without holding it: without SECRET_KEY it cannot be reversed or recomputed. A secret
token goes to a person in a link; only its hash is stored, so a copy of the database opens no
one's private page."""

import hashlib
import hmac
import secrets

from django.conf import settings


def keyed_hash(scope: str, value: str) -> str:
    """A keyed SHA-256 of `value` (stripped and lower-cased) within `scope`, as 64 hex digits.
    The same value in two scopes gives two unrelated hashes."""
    message = f"{scope}\n{(value or '').strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def token_new() -> tuple[str, str]:
    """A new secret token for a link, and the hash to store: (token, hash)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """The stored form of a token. Tokens carry 256 random bits, so a plain SHA-256 is enough
    and survives a change of SECRET_KEY."""
    return hashlib.sha256((token or "").encode()).hexdigest()
