"""Reads for the coordinators' and administrators' screens in the Wagtail admin.

Every list here goes through facilitators.scope: a coordinator sees their counties, an
administrator everything, anyone else nothing."""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import County, Municipality, Theme
from groups.models import SelfHelpGroup

from ..models import AuditEntry, InterestMessage, InterestRegistration, StartUp, User
from ..models.startups import ACTIVE_STAGES, Stage
from ..scope import group_edit_filter, people_filter, scope_for

# A start-up that has not moved for this long needs the coordinator's attention.
STALE_AFTER = datetime.timedelta(weeks=8)


def _visible_groups(user):
    scope = scope_for(user)
    if not scope.is_staff_role:
        return SelfHelpGroup.objects.none()
    condition = group_edit_filter(scope)
    groups = SelfHelpGroup.objects.all()
    return groups if condition is None else groups.filter(condition)


def startup_list_for_admin(*, user, now: datetime.datetime | None = None):
    """Start-ups this coordinator (their counties) or administrator (all) may follow, with
    `is_stale` (active and not moved for 8 weeks) and `changed_since_approved` (the group has
    a newer revision than the one a coordinator approved)."""
    now = now or timezone.now()
    return (
        StartUp.objects.filter(group__in=_visible_groups(user))
        .select_related("group__municipality__county", "group__latest_revision", "approved_revision")
        .prefetch_related("facilitators", "group__themes")
        .annotate(
            is_stale=ExpressionWrapper(
                Q(stage__in=ACTIVE_STAGES, stage_changed_at__lte=now - STALE_AFTER), output_field=BooleanField()
            ),
            changed_since_approved=ExpressionWrapper(
                Q(approved_revision__isnull=False, group__latest_revision__isnull=False)
                & ~Q(approved_revision=F("group__latest_revision")),
                output_field=BooleanField(),
            ),
        )
    )


def startup_timeline(startup: StartUp):
    return startup.changes.select_related("changed_by").order_by("changed_at", "pk")


def facilitator_choices_for_admin(*, user):
    """Facilitators of the start-ups this person may see, for the overview's filter."""
    return (
        User.objects.filter(startups__in=startup_list_for_admin(user=user).values("pk"))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def county_choices_for_admin(*, user):
    scope = scope_for(user)
    counties = County.objects.active().order_by("name_plain")
    if scope.is_administrator:
        return counties
    return counties.filter(pk__in=scope.county_ids)


def municipality_choices_for_admin(*, user):
    """Municipalities in this person's counties (all for an administrator), still existing."""
    scope = scope_for(user)
    municipalities = Municipality.objects.active().select_related("county").order_by("name_plain", "number")
    if scope.is_administrator:
        return municipalities
    if not scope.is_coordinator:
        return municipalities.none()
    return municipalities.filter(county__in=scope.county_ids)


def theme_choices_for_admin():
    return Theme.objects.order_by("name")


# Counts and charts -------------------------------------------------------------------------


@dataclass
class CountyCounts:
    county: County | None  # None: online groups without a municipality
    started: int = 0
    running: int = 0
    by_stage: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.county.name_plain if self.county else gettext("Online")

    @property
    def total(self) -> int:
        return sum(self.by_stage.values())


def county_counts_for_admin(*, user, now: datetime.datetime | None = None) -> list[CountyCounts]:
    """Per county in this person's area: start-ups created this year ("started"), start-ups
    that became self-running this year ("running"), and all start-ups by their current stage.

    A coordinator's counties are always listed, even with nothing in them; online groups
    (no municipality) form their own row when there are any."""
    now = timezone.localtime(now or timezone.now())
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    rows: dict[int | None, CountyCounts] = {
        county.pk: CountyCounts(county=county) for county in county_choices_for_admin(user=user)
    }
    startups = StartUp.objects.filter(group__in=_visible_groups(user))
    by_stage = startups.values("group__municipality__county", "stage").annotate(n=Count("pk"))
    started = startups.filter(created_at__gte=year_start).values("group__municipality__county").annotate(n=Count("pk"))
    running = (
        startups.filter(stage=Stage.SELF_RUNNING, stage_changed_at__gte=year_start)
        .values("group__municipality__county")
        .annotate(n=Count("pk"))
    )
    missing = set()
    for item in [*by_stage, *started, *running]:
        county_id = item["group__municipality__county"]
        if county_id not in rows:
            missing.add(county_id)
    if missing:
        # An administrator's ended county, or a coordinator's online groups.
        for county in County.objects.filter(pk__in=[pk for pk in missing if pk is not None]):
            rows[county.pk] = CountyCounts(county=county)
        if None in missing:
            rows[None] = CountyCounts(county=None)
    for item in by_stage:
        rows[item["group__municipality__county"]].by_stage[item["stage"]] = item["n"]
    for item in started:
        rows[item["group__municipality__county"]].started = item["n"]
    for item in running:
        rows[item["group__municipality__county"]].running = item["n"]
    return sorted(rows.values(), key=lambda row: (row.county is None, row.name))


def interest_by_theme_for_admin(*, user, now: datetime.datetime | None = None) -> list[tuple[Theme, int]]:
    """Confirmed, unexpired interest registrations per theme, counted only in this person's own
    area (a coordinator's counties, everything for an administrator), so every count shown is
    one they may see in detail anyway. Themes with none are left out. Largest first."""
    now = now or timezone.now()
    scope = scope_for(user)
    if not scope.is_staff_role:
        return []
    registrations = InterestRegistration.objects.filter(confirmed_at__isnull=False).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    condition = people_filter(scope)
    if condition is not None:
        registrations = registrations.filter(condition)
    counts = (
        Theme.objects.filter(interest_registrations__in=registrations)
        .annotate(n=Count("interest_registrations", distinct=True))
        .order_by("-n", "name")
    )
    return [(theme, theme.n) for theme in counts]


# The record --------------------------------------------------------------------------------


def audit_entries_for_admin(*, user):
    """The whole record, for national administrators only."""
    if not scope_for(user).is_administrator:
        return AuditEntry.objects.none()
    return AuditEntry.objects.select_related("actor")


# Messages to interested people -------------------------------------------------------------


def recipient_count_visible(*, user, message: InterestMessage) -> bool:
    """A message went to the people its sender may see, who may live outside this reader's
    area: only the sender and administrators see how many there were."""
    return scope_for(user).is_administrator or message.sender_id == user.pk


def interest_messages_for_admin(*, user):
    """What facilitators and coordinators wrote to interested people, for the groups this person
    may follow (a coordinator's counties, everything for an administrator): the text, the sender
    and how many received it, never who."""
    return InterestMessage.objects.filter(group__in=_visible_groups(user)).select_related(
        "group__municipality", "sender"
    )
