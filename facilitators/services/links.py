"""Writes for private links: issue one (the token goes into an e-mail, its hash into the
database) and spend the confirm links once they are used."""

from django.db import transaction

from samhold.crypto import token_new

from ..models import LinkPurpose


def link_issue(link_model, *, owner, purpose: str = LinkPurpose.MANAGE) -> str:
    """A new secret link of `purpose` to `owner` (a registration, sign-up or application).
    Returns the token; it is never stored."""
    token, hashed = token_new()
    with transaction.atomic():
        link_model.objects.create(owner=owner, purpose=purpose, token_hash=hashed)
    return token


def links_spend(link_model, *, owner, purpose: str = LinkPurpose.CONFIRM) -> int:
    """Delete the owner's links of one purpose (a confirm link works once). Returns how many."""
    deleted, _count = link_model.objects.filter(owner=owner, purpose=purpose).delete()
    return deleted
