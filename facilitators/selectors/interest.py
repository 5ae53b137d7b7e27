"""Reads of interest registrations: the person's own (by token), demand counts, and the people
behind them, each filtered by what the reader may see (facilitators.scope)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language, gettext

from directory.selectors import county_list, municipality_list, theme_list
from directory.text import norwegian_sort_key
from groups.models import Attendance, SelfHelpGroup
from groups.selectors import _distance_from

from ..models import InterestLink, InterestMessage, InterestNotification, InterestRegistration, LinkPurpose
from ..scope import group_edit_filter, people_filter, scope_for
from .links import link_owner


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

# Outside a person's own area, demand is shown only as one of these ranges of people (low, high;
# None: no upper end), added up by county. Below the first there is no row at all: 3 is the
# smallest number the project has ever shown about other areas. The ranges then widen as the
# numbers grow (each about twice as wide as the one before), because someone deciding where a
# group is needed asks "perhaps one group?" (3–9), "one or two" (10–24), "several" (25–49) or
# "many" (50 or more), not for the exact count. A range never narrows to a single number, so one
# registration more or less shows only at an edge, and there only as a sum over a county.
DEMAND_BANDS: tuple[tuple[int, int | None], ...] = ((3, 9), (10, 24), (25, 49), (50, None))
SMALL_COUNT = DEMAND_BANDS[0][0]

# A county's range outside the reader's area is shown only if that part of the county has at
# least this many municipalities. With one, the range would be that municipality's own count:
# adding registrations of one's own until the range appeared ("3–9") would give it exactly. With
# two or more, the same edge gives only the sum over several municipalities, which does not
# change when a person lives in one of them or another.
FEWEST_MUNICIPALITIES_IN_A_RANGE = 2


@dataclass(frozen=True)
class DemandBand:
    """A range of people, shown instead of a count outside the reader's area."""

    low: int
    high: int | None  # None: "or more"

    def __str__(self) -> str:
        if self.high is None:
            return gettext("%(low)s or more") % {"low": self.low}
        return gettext("%(low)s–%(high)s") % {"low": self.low, "high": self.high}


def demand_band(count: int) -> DemandBand | None:
    """The range a count outside the reader's area is shown as; None (no row) below 3."""
    for low, high in reversed(DEMAND_BANDS):
        if count >= low:
            return DemandBand(low, high)
    return None


@dataclass(frozen=True)
class DemandRow:
    """In the reader's own area: the exact number of people in a municipality asking for a theme."""

    municipality_id: int
    municipality_name: str
    county_id: int
    county_name: str
    theme_id: int
    theme_name: str
    count: int


@dataclass(frozen=True)
class CountyDemandRow:
    """Outside the reader's area: people in a county (without the reader's own municipalities)
    asking for a theme, as a range. It carries no exact number and no municipality, so no
    template can show them."""

    county_id: int
    county_name: str
    theme_id: int
    theme_name: str
    band: DemandBand


@dataclass(frozen=True)
class Demand:
    own: list[DemandRow]
    elsewhere: list[CountyDemandRow]
    whole_country: bool  # the reader's own area is everywhere (an administrator): no "elsewhere"


def interest_demand(*, user, county_id: int | None = None, theme_id: int | None = None) -> Demand:
    """Confirmed, unexpired registrations asking for each theme, in at most two queries.

    `own`: in the reader's own area (a facilitator's municipalities, a coordinator's counties,
    all for an administrator), the exact count per municipality × theme; they may see the people
    there anyway.

    `elsewhere`: every other registration added up per county × theme, each counted once per
    theme it asks for, and shown only as a range (DEMAND_BANDS): no row below 3, and no row for
    a county with fewer than FEWEST_MUNICIPALITIES_IN_A_RANGE municipalities outside the
    reader's area. Registrations in the reader's own municipalities are left out of these sums,
    so their exact counts cannot be subtracted from a range. What is shown depends only on these
    sums, never on how a county's people are spread over its municipalities, and the filters
    only leave rows out: they never change a range. Rows are sorted by name, never by count."""
    scope = scope_for(user)
    rows = InterestRegistration.themes.through.objects.filter(
        interestregistration__confirmed_at__isnull=False, interestregistration__expires_at__gt=timezone.now()
    ).order_by()
    if county_id:
        rows = rows.filter(interestregistration__municipality__county_id=county_id)
    if theme_id:
        rows = rows.filter(theme_id=theme_id)
    own_area = people_filter(scope, municipality_field="interestregistration__municipality")
    english = (get_language() or "nb").startswith("en")

    def theme_name(row) -> str:
        return (row["theme__name_en"] or row["theme__name"]) if english else row["theme__name"]

    own = []
    if scope.is_administrator or scope.county_ids or scope.municipality_ids:
        counted = (
            (rows if own_area is None else rows.filter(own_area))
            .values(
                "theme_id",
                "theme__name",
                "theme__name_en",
                place_id=F("interestregistration__municipality_id"),
                place_name=F("interestregistration__municipality__name"),
                place_sort=F("interestregistration__municipality__name_plain"),
                county=F("interestregistration__municipality__county_id"),
                county_name=F("interestregistration__municipality__county__name"),
            )
            .annotate(n=Count("interestregistration_id", distinct=True))
        )
        own = [
            DemandRow(
                municipality_id=row["place_id"],
                municipality_name=row["place_name"],
                county_id=row["county"],
                county_name=row["county_name"],
                theme_id=row["theme_id"],
                theme_name=theme_name(row),
                count=row["n"],
            )
            for row in sorted(
                counted, key=lambda row: (norwegian_sort_key(row["place_sort"]), norwegian_sort_key(theme_name(row)))
            )
        ]

    elsewhere = []
    counties = [] if scope.is_administrator else _counties_with_a_range(scope)
    if county_id:
        counties = [pk for pk in counties if pk == county_id]
    if counties:
        summed = (
            rows.exclude(own_area)
            .filter(interestregistration__municipality__county_id__in=counties)
            .values(
                "theme_id",
                "theme__name",
                "theme__name_en",
                county=F("interestregistration__municipality__county_id"),
                county_name=F("interestregistration__municipality__county__name"),
                county_sort=F("interestregistration__municipality__county__name_plain"),
            )
            .annotate(n=Count("interestregistration_id", distinct=True))
            # Sums below the first range never leave the database.
            .filter(n__gte=SMALL_COUNT)
        )
        elsewhere = [
            CountyDemandRow(
                county_id=row["county"],
                county_name=row["county_name"],
                theme_id=row["theme_id"],
                theme_name=theme_name(row),
                band=demand_band(row["n"]),
            )
            for row in sorted(
                summed, key=lambda row: (norwegian_sort_key(row["county_sort"]), norwegian_sort_key(theme_name(row)))
            )
        ]
    return Demand(own=own, elsewhere=elsewhere, whole_country=scope.is_administrator)


def _counties_with_a_range(scope) -> list[int]:
    """The counties with at least FEWEST_MUNICIPALITIES_IN_A_RANGE existing municipalities
    outside the reader's area. Decided from the map and the reader's area alone, never from the
    registrations, so whether a county can have a row says nothing about who asked."""
    outside = Counter(
        place.county_id
        for place in municipality_list()
        if place.county_id not in scope.county_ids and place.id not in scope.municipality_ids
    )
    return sorted(county for county, n in outside.items() if n >= FEWEST_MUNICIPALITIES_IN_A_RANGE)


def demand_filters() -> dict:
    """Counties and themes for the demand page's filter (cached reference lists), and the ranges
    in words for the page's explanation."""
    return {
        "counties": county_list(),
        "themes": theme_list(),
        "bands": [DemandBand(low, high) for low, high in DEMAND_BANDS],
        "small_count": SMALL_COUNT,
    }


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
