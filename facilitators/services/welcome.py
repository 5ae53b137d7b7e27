"""The short welcome a new facilitator sees the first time they open Min side."""

from django.utils import timezone

from ..models import User
from ..scope import scope_for


def welcome_due(*, user) -> bool:
    """Whether to greet the person: a facilitator who has not seen the welcome yet."""
    return scope_for(user).is_facilitator and user.welcome_seen_at is None


def welcome_seen(*, user) -> None:
    """Remember that the person has seen the welcome, so it is shown only once."""
    now = timezone.now()
    User.objects.filter(pk=user.pk, welcome_seen_at__isnull=True).update(welcome_seen_at=now)
    user.welcome_seen_at = now
