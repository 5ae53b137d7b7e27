"""Production: refuses to start without the variables that must never have defaults."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import WAGTAILADMIN_BASE_URL, env

# Checked after base has read .env (which fills os.environ), before anything is served. Base
# would otherwise fall back to a generated development secret, to SQLite, to counting every
# visitor behind a proxy as the proxy (one shared rate limit, one login lock for everyone, or
# a forged X-Forwarded-For believed), and to e-mailing links to http://127.0.0.1:8000.
for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SAMHOLD_TRUSTED_PROXY_COUNT", "SITE_URL"):
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production.")
# (base has already refused a SAMHOLD_TRUSTED_PROXY_COUNT that is not a whole number >= 0.)

_site_url = urlsplit(WAGTAILADMIN_BASE_URL)
# Plain http:// only for this machine itself (`make serve` tried out locally, with
# SECURE_SSL_REDIRECT=false): links to it can never travel anywhere else.
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_allowed_schemes = {"https", "http"} if _site_url.hostname in _LOOPBACK else {"https"}
if (
    WAGTAILADMIN_BASE_URL != WAGTAILADMIN_BASE_URL.strip()
    or _site_url.scheme not in _allowed_schemes
    or not _site_url.hostname
    or _site_url.path not in ("", "/")
    or _site_url.query
    or _site_url.fragment
    or _site_url.username is not None
):
    # Links in e-mail are SITE_URL + a path; they must reach this site over HTTPS.
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's https:// address, like https://samhold.example.no, or http://127.0.0.1:PORT on this machine (it is {WAGTAILADMIN_BASE_URL!r})."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS for a year, subdomains included, and eligible for the browsers' preload list: the site
# and everything under its domain is HTTPS only. (Submitting the domain to hstspreload.org is a
# separate, deliberate step, hard to undo.)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Without CACHE_URL, one cache for every process on this machine instead of each process's own
# memory (samhold.file_cache says why).
if not env.str("CACHE_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "samhold.file_cache.MachineFileCache",
            "LOCATION": env.str("SAMHOLD_CACHE_DIR", default=str(VAR_DIR / "cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# A read replica needs a cache every process shares: a write holds public reads on the primary
# through it (samhold.db_router), and a per-process cache would hold only the writer's process.
if "replica" in DATABASES and CACHES["default"]["BACKEND"] != "samhold.redis_cache.ResilientRedisCache":  # noqa: F405
    raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a shared cache: set CACHE_URL=redis://host:6379/N as well.")

# Database connections kept open between requests (DATABASE_CONN_MAX_AGE seconds, 0 to close
# after each): a new PostgreSQL connection is a new server process, a few milliseconds of both
# cores for every request under load. Checked before reuse, so a restarted database is met
# with a fresh connection, not an error.
for _alias in DATABASES:  # noqa: F405
    DATABASES[_alias]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
