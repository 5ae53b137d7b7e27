"""Reads of information meetings and their sign-ups.

The public ones return only meetings of published groups; the Min side ones go through
facilitators.scope, so another person's meeting is simply not there (a 404 for the view)."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from groups.models import SEARCHABLE_STATUSES, SelfHelpGroup

from ..models import InfoMeeting, LinkPurpose, MeetingSignUp, SignUpLink
from ..scope import group_edit_filter, scope_for
from .links import link_owner

CONFIRMED = MeetingSignUp.Status.CONFIRMED
WAITING = MeetingSignUp.Status.WAITING


def _with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=CONFIRMED)),
        waiting_count=Count("signups", filter=Q(signups__status=WAITING)),
    )


def _public() -> QuerySet:
    """Meetings of groups the public may see and that have not ended."""
    return InfoMeeting.objects.filter(group__live=True, group__status__in=SEARCHABLE_STATUSES).select_related(
        "group__municipality__county"
    )


def meetings_upcoming(*, municipality_id: int | None = None, group_id: int | None = None) -> QuerySet:
    """Open information meetings that have not started, soonest first, with `confirmed_count`
    and `waiting_count`; one query. Optionally only one municipality's or one group's."""
    queryset = _public().filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
    if municipality_id is not None:
        queryset = queryset.filter(group__municipality_id=municipality_id)
    if group_id is not None:
        queryset = queryset.filter(group_id=group_id)
    return _with_counts(queryset).order_by("starts_at", "pk")


def meetings_for_calendar(*, group_ids) -> list[InfoMeeting]:
    """The groups' information meetings for their calendar feeds: coming ones, cancelled ones
    too (the feed marks them cancelled), and those of the last 30 days; one query."""
    since = timezone.now() - timedelta(days=30)
    return list(
        InfoMeeting.objects.filter(group_id__in=list(group_ids), starts_at__gte=since)
        .select_related("group__municipality")
        .order_by("starts_at", "pk")
    )


def meeting_group_ids_open() -> QuerySet:
    """The ids of groups with an information meeting open for sign-up, as a subquery (for the
    directory to list those start-ups first; the query runs inside the search's)."""
    return (
        _public()
        .filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
        .order_by()
        .values("group_id")
    )


def meetings_next_by_group(group_ids) -> dict[int, InfoMeeting]:
    """Each group's next open information meeting, with counts; one query (none for no ids)."""
    group_ids = list(group_ids)
    if not group_ids:
        return {}
    result: dict[int, InfoMeeting] = {}
    for meeting in meetings_upcoming().filter(group_id__in=group_ids):
        result.setdefault(meeting.group_id, meeting)
    return result


def meeting_get_public(*, pk: int) -> InfoMeeting | None:
    """A meeting of a published group, also a past or cancelled one (its page then says so)."""
    return _with_counts(_public()).filter(pk=pk).first()


def meeting_is_open(meeting: InfoMeeting) -> bool:
    """Whether one can still sign up (or be moved up from the waiting list)."""
    group = meeting.group
    return (
        meeting.cancelled_at is None
        and meeting.starts_at > timezone.now()
        and group.live
        and group.status in SEARCHABLE_STATUSES
    )


def _signup_by_link(token: str, purpose: str) -> MeetingSignUp | None:
    return link_owner(SignUpLink, token=token, purpose=purpose, select_related=("meeting__group__municipality__county",))


def signup_get_by_confirm_token(*, token: str) -> MeetingSignUp | None:
    """The sign-up a confirm link points to (until it is used), with its meeting and group."""
    return _signup_by_link(token, LinkPurpose.CONFIRM)


def signup_get_by_manage_token(*, token: str) -> MeetingSignUp | None:
    """The sign-up behind a person's own link, with its meeting and group."""
    return _signup_by_link(token, LinkPurpose.MANAGE)


def signup_place_in_queue(signup: MeetingSignUp) -> int | None:
    """1 for the first on the waiting list; None for someone with a place."""
    if signup.status != WAITING:
        return None
    return (
        MeetingSignUp.objects.filter(meeting_id=signup.meeting_id, status=WAITING)
        .filter(Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk))
        .count()
        + 1
    )


# Min side -------------------------------------------------------------------------------

def _groups_for(user) -> QuerySet:
    condition = group_edit_filter(scope_for(user))
    groups = SelfHelpGroup.objects.all()
    return groups if condition is None else groups.filter(condition)


def group_get_for_meetings(*, user, pk: int) -> SelfHelpGroup | None:
    """A group this person may hold information meetings for (full access), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _groups_for(user).select_related("municipality__county").filter(pk=pk).first()


def meeting_list_for_user(*, user, group: SelfHelpGroup | None = None) -> QuerySet:
    """Information meetings of the groups this person may edit fully, newest first, with counts."""
    if not getattr(user, "is_authenticated", False):
        return InfoMeeting.objects.none()
    queryset = InfoMeeting.objects.filter(group__in=_groups_for(user)).select_related("group__municipality")
    if group is not None:
        queryset = queryset.filter(group=group)
    return _with_counts(queryset).order_by("-starts_at", "-pk")


def meetings_upcoming_for_user(*, user, limit: int = 20) -> list[InfoMeeting]:
    """The information meetings to come (not cancelled) of the groups this person facilitates,
    soonest first, with counts."""
    if not getattr(user, "is_authenticated", False):
        return []
    queryset = meeting_list_for_user(user=user).filter(
        group__startup__facilitators=user, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    )
    return list(queryset.order_by("starts_at", "pk")[:limit])


def meeting_get_for_user(*, user, pk: int) -> InfoMeeting | None:
    """One meeting of a group this person may edit fully, or None (the view answers 404)."""
    return meeting_list_for_user(user=user).filter(pk=pk).first()


def signup_list(*, meeting: InfoMeeting) -> dict:
    """The people with a place, the waiting list and the phone-only sign-ups to call, in the
    order they signed up, and how many e-mail sign-ups wait for their owner to confirm (only
    counted: an unconfirmed address may be someone else's). Only call it for a meeting from
    meeting_get_for_user."""
    signups = list(MeetingSignUp.objects.filter(meeting=meeting).order_by("created_at", "pk"))
    return {
        "confirmed": [s for s in signups if s.status == CONFIRMED],
        "waiting": [s for s in signups if s.status == WAITING],
        "to_call": [s for s in signups if s.status == MeetingSignUp.Status.CALL],
        "pending_count": sum(1 for s in signups if s.status == MeetingSignUp.Status.PENDING),
    }


def signup_get_for_user(*, user, meeting_pk: int, pk: int) -> MeetingSignUp | None:
    """One sign-up of a meeting this person may see (the view answers 404 otherwise)."""
    meeting = meeting_get_for_user(user=user, pk=meeting_pk)
    if meeting is None:
        return None
    return MeetingSignUp.objects.filter(meeting=meeting, pk=pk).select_related("meeting__group").first()
