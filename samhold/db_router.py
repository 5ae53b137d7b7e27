"""Read replicas: the public directory's reads go to a replica, everything else to the primary.

Installed only when DATABASE_REPLICA_URL is set (samhold/settings/base.py then adds the database
alias "replica", ReplicaRouter and ReplicaReadsMiddleware). Without it there is one database and
none of this runs.

Which reads may go to the replica is decided per request, never per query alone:

- ReplicaReadsMiddleware marks a request as a public read only if it is a GET or HEAD, carries no
  session cookie (nobody logged in: no Min side, no admin, no staff user bar), and is answered by
  Wagtail's page serving (the home page, the directory and its group pages, content pages). The
  admin, Min side, logins, private links, forms' own views, /healthz and the documents never are.
- In a public read, a model that holds one person's state (sessions, accounts, login attempts,
  rate marks, the outbox and the task queue, sign-ups, interest registrations, private links…)
  is still read from the primary (PRIMARY_ONLY).
- A request that writes anything reads from the primary from then on (read your own writes).
- After any write to what the public pages show (a group, a page, a theme, a meeting…), every
  process reads from the primary for DATABASE_REPLICA_LAG_SECONDS (a flag in the shared cache):
  a cache version bumped by that write must not be filled again from a replica that has not yet
  replayed it, or the stale value would be cached as current until the next change.
- Outside a request (the task worker, housekeeping, management commands) everything is on the
  primary. Migrations run only on the primary (the replica copies them).
"""

import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction

PRIMARY = "default"
REPLICA = "replica"
# Set for a while after a write to public content (see primary_hold); read once per request.
HOLD_KEY = "samhold:replica:primary-only"

# Per-person state: always read from the primary, also in a public read. Writes to these do not
# hold the replica off either (a session is saved on every logged-in request, the task worker
# locks a row every few seconds).
PRIMARY_ONLY_APPS = frozenset({"sessions", "outbox", "django_tasks_db", "otp_totp", "otp_static", "auth"})
PRIMARY_ONLY = frozenset(
    {
        "samhold.ratemark",
        "facilitators.user",
        "facilitators.loginattempt",
        "facilitators.facilitatorapplication",
        "facilitators.privatelink",
        "facilitators.interestregistration",
        "facilitators.interestnotification",
        "facilitators.interestmessage",
        "facilitators.meetingsignup",
        "facilitators.auditentry",
        "research.researcherapplication",
        "research.volunteer",
        "research.studycounter",
    }
)


@dataclass
class _PublicRead:
    wrote: bool = False
    held: bool | None = None  # None: not asked yet


_public_read: ContextVar[_PublicRead | None] = ContextVar("samhold_public_read", default=None)


def _primary_only(model) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY


def _hold_seconds() -> int:
    return settings.SAMHOLD_REPLICA_LAG_SECONDS


# When this process last set the hold (monotonic seconds): one cache write a second at most,
# however many rows a command saves.
_last_hold = 0.0


def _set_hold() -> None:
    # One second more than the lag, for the writes the once-a-second limit let through unsaid.
    cache.set(HOLD_KEY, True, _hold_seconds() + 1)


def primary_hold() -> None:
    """Public reads go to the primary for the replica's lag from now, and again from the commit
    of the transaction this write is in (a long transaction must not outlast the hold)."""
    global _last_hold
    now = time.monotonic()
    if now - _last_hold < 1.0:
        return
    _last_hold = now
    _set_hold()
    if connections[PRIMARY].in_atomic_block:
        transaction.on_commit(_set_hold, using=PRIMARY)


def primary_held() -> bool:
    return bool(cache.get(HOLD_KEY))


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _public_read.get()
        if state is None or state.wrote or _primary_only(model):
            return PRIMARY
        if state.held is None:
            state.held = primary_held()
        return PRIMARY if state.held else REPLICA

    def db_for_write(self, model, **hints):
        state = _public_read.get()
        if state is not None:
            state.wrote = True
        if not _primary_only(model):
            primary_hold()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from one may point at the other's.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Marks a public read (see the module's docstring) for ReplicaRouter, for the length of the
    request, the template rendering included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(None)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public_read(request):
            _public_read.set(_PublicRead())
        return None


def is_public_read(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and match is not None
        and match.url_name == "wagtail_serve"
        and not match.namespaces
    )
