"""Reads of interest registrations: the person's own (by token), demand counts, and the people
behind them, each filtered by what the reader may see (facilitators.scope)."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from directory.selectors import county_list, municipality_list, theme_list
from directory.text import norwegian_sort_key
from groups.models import Attendance, SelfHelpGroup
from groups.selectors import _distance_from

from ..models import InterestLink, InterestMessage, InterestNotification, InterestRegistration, LinkPurpose
from ..scope import group_edit_filter, people_filter, scope_for
from .links import link_owner

# Outside a person's own area, a count below this is shown as "under 3".
SMALL_COUNT = 3


def _by_link(token: str, purpose: str) -> InterestRegistration | None:
    return link_owner(
        InterestLink, token=token, purpose=purpose,
        select_related=("municipality__county",), prefetch_related=("themes",),
    )


def interest_get_by_confirm_token(*, token: str) -> InterestRegistration | None:
    """The registration a confirm link points to (until it is used), with what its page shows."""
    return _by_link(token, LinkPurpose.CONFIRM)


def interest_get_by_manage_token(*, token: str) -> InterestRegistration | None:
    """The registration a manage link points to, with what its page shows; None if unknown."""
    return _by_link(token, LinkPurpose.MANAGE)


def interest_active(*, now=None) -> QuerySet:
    """Confirmed registrations that have not expired: the only ones that count or are told."""
    now = now or timezone.now()
    return InterestRegistration.objects.filter(confirmed_at__isnull=False, expires_at__gt=now)


def interest_matching_group(group: SelfHelpGroup, *, now=None) -> QuerySet:
    """Active registrations a group is for: they share a theme with it, and the group meets in
    their municipality or within the distance they chose. A group that meets only online (it
    has no municipality) is for everyone on its themes, wherever they live; a hybrid group is
    matched by its place."""
    through = InterestRegistration.themes.through
    group_themes = SelfHelpGroup.themes.through.objects.filter(selfhelpgroup_id=group.pk).values("theme_id")
    shares_theme = Exists(
        through.objects.filter(interestregistration_id=OuterRef("pk"), theme_id__in=group_themes)
    )
    queryset = interest_active(now=now).filter(shares_theme)
    if group.municipality_id is None:
        return queryset if group.attendance == Attendance.ONLINE else queryset.none()
    municipality = group.municipality
    return queryset.annotate(distance_km=_distance_from(municipality)).filter(
        Q(municipality_id=municipality.pk) | Q(radius_km__gt=0, distance_km__lte=Cast(F("radius_km"), FloatField()))
    )


# Demand ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemandRow:
    municipality_id: int
    municipality_name: str
    county_id: int
    county_name: str
    theme_id: int
    theme_name: str
    count: int | None  # None: "under 3"
    own_area: bool


def interest_demand(*, user, county_id: int | None = None, theme_id: int | None = None) -> list[DemandRow]:
    """Confirmed, unexpired registrations counted by municipality × theme, in one query.

    In the reader's own area (a facilitator's municipalities, a coordinator's counties, all for
    an administrator) the counts are exact; elsewhere a count below 3 is None ("under 3"), so a
    small place never reveals one neighbour's theme. Rows in the own area come first."""
    scope = scope_for(user)
    through = InterestRegistration.themes.through
    prefix = "interestregistration__"
    rows = through.objects.filter(
        interestregistration__confirmed_at__isnull=False, interestregistration__expires_at__gt=timezone.now()
    )
    if county_id:
        rows = rows.filter(interestregistration__municipality__county_id=county_id)
    if theme_id:
        rows = rows.filter(theme_id=theme_id)
    rows = (
        rows.order_by()
        .values(
            f"{prefix}municipality_id",
            f"{prefix}municipality__name",
            f"{prefix}municipality__name_plain",
            f"{prefix}municipality__county_id",
            f"{prefix}municipality__county__name",
            "theme_id",
            "theme__name",
            "theme__name_en",
        )
        .annotate(n=Count(f"{prefix}id", distinct=True))
    )
    english = (get_language() or "nb").startswith("en")
    result = []
    for row in rows:
        place = SimpleNamespace(pk=row[f"{prefix}municipality_id"], county_id=row[f"{prefix}municipality__county_id"])
        own = scope.covers_municipality(place)
        result.append(
            DemandRow(
                municipality_id=place.pk,
                municipality_name=row[f"{prefix}municipality__name"],
                county_id=place.county_id,
                county_name=row[f"{prefix}municipality__county__name"],
                theme_id=row["theme_id"],
                theme_name=(row["theme__name_en"] or row["theme__name"]) if english else row["theme__name"],
                count=masked(row["n"], own_area=own),
                own_area=own,
            )
        )
    sort_names = {row[f"{prefix}municipality_id"]: row[f"{prefix}municipality__name_plain"] for row in rows}
    result.sort(
        key=lambda r: (
            not r.own_area,
            norwegian_sort_key(sort_names.get(r.municipality_id, r.municipality_name)),
            norwegian_sort_key(r.theme_name),
        )
    )
    return result


def masked(count: int, *, own_area: bool) -> int | None:
    """The count as shown: exact in the reader's own area, None ("under 3") below 3 elsewhere."""
    return count if own_area or count >= SMALL_COUNT else None


def demand_filters() -> dict:
    """Counties and themes for the demand page's filter (cached reference lists)."""
    return {"counties": county_list(), "themes": theme_list()}


# The people behind the counts -------------------------------------------------------------

def group_for_interest(*, user, pk: int) -> SelfHelpGroup | None:
    """A group whose interested people this person may work with: one they may edit fully (a
    facilitator's own start-up, a coordinator's county, any for an administrator). None
    otherwise, which the view turns into a 404."""
    scope = scope_for(user)
    if not (scope.is_administrator or scope.is_coordinator or scope.is_facilitator):
        return None
    queryset = SelfHelpGroup.objects.select_related("municipality__county").filter(pk=pk)
    condition = group_edit_filter(scope)
    if condition is not None:
        queryset = queryset.filter(condition)
    group = queryset.first()
    if group is not None:
        group.theme_list = list(group.themes.all())
    return group


def interest_people_for_group(*, user, group: SelfHelpGroup, now=None) -> QuerySet:
    """The interested people matching the group that this person may see (people_filter), each
    with `told_list` (the notification about this group, if any), oldest first. They are also
    the only people this person may write to about the group."""
    queryset = interest_matching_group(group, now=now)
    condition = people_filter(scope_for(user))
    if condition is not None:
        queryset = queryset.filter(condition)
    told = InterestNotification.objects.filter(group=group)
    return (
        queryset.select_related("municipality__county")
        .prefetch_related("themes", Prefetch("notifications", queryset=told, to_attr="told_list"))
        .order_by("created_at", "pk")
    )


def interest_messages_for_group(*, group: SelfHelpGroup) -> QuerySet:
    """The messages written to the group's interested people, newest first (for the pages of
    people who may see the group's start-up)."""
    return InterestMessage.objects.filter(group=group).select_related("sender").order_by("-sent_at", "-pk")


def municipality_ref(value: str):
    """A municipality from the query string: its number (5037) or its slug, if the slug is
    unique in the country. None if unknown."""
    value = (value or "").strip().lower()[:80]
    if not value:
        return None
    refs = municipality_list()
    by_number = next((m for m in refs if m.number == value), None)
    if by_number:
        return by_number
    named = [m for m in refs if m.slug == value]
    return named[0] if len(named) == 1 else None
