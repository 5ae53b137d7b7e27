"""Reads of groups for the public site. Everything here returns only what the public may see."""

import hashlib
import math
from dataclasses import dataclass, field
from datetime import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextChoices,
    Value,
    When,
    Window,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, RowNumber, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

from directory.models.geography import EARTH_RADIUS_KM
from directory.selectors import (
    CountyRef,
    MunicipalityRef,
    county_centre,
    municipalities_near,
    municipality_list,
    theme_list,
)

from .models import TAKING_MEMBERS_STATUSES, Attendance, SelfHelpGroup, Status
from .search import apply_text_search, themes_in_text

ONLINE_CAPABLE = [Attendance.ONLINE, Attendance.HYBRID]
IN_PERSON_CAPABLE = [Attendance.IN_PERSON, Attendance.HYBRID]

BAND_HERE, BAND_NEARBY, BAND_ONLINE = 0, 1, 2
# The kinds of group offered for an empty result (group_alternatives).
_ALTERNATIVE_NEAR, _ALTERNATIVE_FARTHER, _ALTERNATIVE_ONLINE = 0, 1, 2

# Start-ups: groups that are not running yet but will take members when they start.
STARTING_STATUSES = [Status.PLANNED, Status.RECRUITING]
# What the directory lists unless asked for everything: groups one can join now or soon.
# Full (closed) groups are left out.
LISTED_STATUSES = [Status.OPEN, *STARTING_STATUSES]


class TimeOfDay(TextChoices):
    """When a group's meeting starts. The values are the words in the address (?tid=kveld)."""

    MORNING = "formiddag", _("Morning (before 12:00)")
    AFTERNOON = "ettermiddag", _("Afternoon (12:00–17:00)")
    EVENING = "kveld", _("Evening (from 17:00)")


# [from, until) of the start time; None is open-ended.
TIME_OF_DAY_HOURS = {
    TimeOfDay.MORNING: (None, time(12)),
    TimeOfDay.AFTERNOON: (time(12), time(17)),
    TimeOfDay.EVENING: (time(17), None),
}

# Open groups first when nothing else decides the order.
_STATUS_ORDER = Case(
    When(status=Status.OPEN, then=Value(0)),
    When(status=Status.RECRUITING, then=Value(1)),
    When(status=Status.PLANNED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass
class GroupQuery:
    """What a person asked the directory for, already validated."""

    text: str = ""
    county: CountyRef | None = None
    municipality: MunicipalityRef | None = None
    theme_ids: list[int] = field(default_factory=list)
    weekday: int | None = None
    time_of_day: str = ""
    attendance: str = ""
    audience: str = ""
    # True: only groups one can join now or soon (LISTED_STATUSES); False: full ones too.
    only_taking_members: bool = True

    @property
    def has_location(self) -> bool:
        return bool(self.county or self.municipality)


# A result card needs none of these; leaving them out keeps sorted rows narrow.
_LIST_DEFERRED = ("description", "search_document", "search_vector", "address")


def _with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("municipality__county").defer(*_LIST_DEFERRED)


def group_page(queryset: QuerySet, *, number: int, per_page: int, total: int) -> list[SelfHelpGroup]:
    """One page of results, of `total` (group_count's, counted apart and cached).

    First the page's ids and ranks from narrow rows, then those groups with what a card shows:
    sorting thousands of full rows joined to their places cost more than the second query.
    Without a count over every row the database needs only the first rows of the order (a
    top-N sort; profiled at 100,000 groups, a window count made it sort them all). Returns []
    when the page is past the end, without asking the database."""
    offset = (number - 1) * per_page
    if offset >= total:
        return []
    fields = ["pk", *(name for name in ("band", "distance_km") if name in queryset.query.annotations)]
    keys = list(queryset.values_list(*fields, named=True)[offset : offset + per_page])
    if not keys:
        return []
    rows = SelfHelpGroup.objects.select_related("municipality__county").defer(*_LIST_DEFERRED).in_bulk(
        [key.pk for key in keys]
    )
    groups = []
    for key in keys:
        group = rows[key.pk]
        group.band = getattr(key, "band", BAND_HERE)
        group.distance_km = getattr(key, "distance_km", None)
        groups.append(group)
    return attach_themes(groups)


def group_count(query: GroupQuery) -> int:
    """How many groups match the query: cached until a group changes, keyed by the filters.

    When the per-county counts beside the filters (group_facets) are not cached either, both
    come from one pass over the groups that match every filter but the place: a search the site
    has not seen costs one such pass fewer (profiled at 100,000 groups, a text search's count and
    county counts each read every match, 99 and 80 ms)."""
    total_key, counties_key = _counts_key("total", query, ""), _counts_key("counties", query, "location")
    themes_key = _counts_key("themes", query, "themes")
    cached = cache.get_many([total_key, counties_key, themes_key])
    if total_key in cached:
        return cached[total_key]
    if counties_key in cached:
        total = _filtered(query, counting=True).count()
        cache.set(total_key, total, _COUNTS_TIMEOUT)
        return total
    if not (query.theme_ids or query.has_location) and themes_key not in cached:
        total, counties, themes = _count_all_in_one_pass(query)
        cache.set_many({total_key: total, counties_key: counties, themes_key: themes}, _COUNTS_TIMEOUT)
        return total
    total, counties = _count_with_counties(query)
    cache.set_many({total_key: total, counties_key: counties}, _COUNTS_TIMEOUT)
    return total


def _count_all_in_one_pass(query: GroupQuery) -> tuple[int, dict[int, int], dict[int, int]]:
    """For a query without a place or themes, whose total, county counts and theme counts are all
    of the same groups: the three from one reading of them (a common table expression, which
    PostgreSQL computes once when it is used twice). Profiled at 100,000 groups, the first text
    search for a word read its 20,000 matches once for the total and the counties and again for
    the themes, about 90 ms each."""
    groups = _filtered(query, counting=True).order_by().values_list("pk", "municipality__county_id")
    inner, params = groups.query.sql_with_params()
    through = SelfHelpGroup.themes.through._meta
    quote = connections[groups.db].ops.quote_name
    sql = (
        f"WITH matched (id, county_id) AS ({inner}) "
        "SELECT 0, county_id, COUNT(*) FROM matched GROUP BY county_id "
        "UNION ALL "
        f"SELECT 1, t.{quote(through.get_field('theme').column)}, COUNT(*) FROM matched "
        f"INNER JOIN {quote(through.db_table)} t ON t.{quote(through.get_field('selfhelpgroup').column)} = matched.id "
        f"GROUP BY t.{quote(through.get_field('theme').column)}"
    )
    with connections[groups.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total, counties = _total_and_counties((area_id, n, n) for part, area_id, n in rows if part == 0)
    return total, counties, {area_id: n for part, area_id, n in rows if part == 1}


def _count_with_counties(query: GroupQuery) -> tuple[int, dict[int, int]]:
    """The total under every filter, and the per-county counts under every filter but the place,
    in one query: the latter's groups, grouped by county, counted with and without the place."""
    place = _location_condition(query)
    rows = (
        _filtered(query, skip=frozenset({"location"}), counting=True)
        .order_by()
        .values("municipality__county_id")
        .annotate(n=Count("pk"), here=Count("pk", filter=place) if place is not None else Count("pk"))
        .values_list("municipality__county_id", "n", "here")
    )
    return _total_and_counties(rows)


def _total_and_counties(rows) -> tuple[int, dict[int, int]]:
    """From (county id, groups, groups at the place) rows: the total at the place, and the groups
    per county; groups without a municipality count in the total and in no county."""
    total, counties = 0, {}
    for county_id, n, here in rows:
        total += here
        if county_id is not None:
            counties[county_id] = n
    return total, counties


def attach_themes(groups) -> list[SelfHelpGroup]:
    """Set `theme_list` on each group with one query for all of them, from the cached themes."""
    groups = list(groups)
    by_id = {theme.id: theme for theme in theme_list()}
    for group in groups:
        group.theme_list = []
    index = {group.pk: group for group in groups}
    if index:
        rows = SelfHelpGroup.themes.through.objects.filter(selfhelpgroup_id__in=list(index)).values_list(
            "selfhelpgroup_id", "theme_id"
        )
        for group_id, theme_id in rows:
            if theme_id in by_id:
                index[group_id].theme_list.append(by_id[theme_id])
    return groups


def _filtered(query: GroupQuery, *, skip: frozenset = frozenset(), counting: bool = False) -> QuerySet:
    """Searchable groups under every filter in `query` except those named in `skip`. `counting`
    leaves out what only ordering needs (the band, the distance, the text's rank): a count
    neither builds nor computes them."""
    queryset = SelfHelpGroup.objects.searchable()
    if query.only_taking_members and "status" not in skip:
        queryset = queryset.filter(status__in=LISTED_STATUSES)
    if query.theme_ids and "themes" not in skip:
        through = SelfHelpGroup.themes.through
        queryset = queryset.filter(
            pk__in=through.objects.filter(theme_id__in=query.theme_ids).values("selfhelpgroup_id")
        )
    if query.weekday is not None:
        queryset = queryset.filter(weekday=query.weekday)
    if query.time_of_day in TIME_OF_DAY_HOURS:
        after, before = TIME_OF_DAY_HOURS[query.time_of_day]
        queryset = queryset.filter(start_time__isnull=False)
        if after is not None:
            queryset = queryset.filter(start_time__gte=after)
        if before is not None:
            queryset = queryset.filter(start_time__lt=before)
    if query.attendance == Attendance.IN_PERSON:
        queryset = queryset.filter(attendance__in=IN_PERSON_CAPABLE)
    elif query.attendance == Attendance.ONLINE:
        queryset = queryset.filter(attendance__in=ONLINE_CAPABLE)
    if query.audience:
        queryset = queryset.filter(audience=query.audience)
    if "location" not in skip:
        if not counting:
            queryset = _located(queryset, query)
        elif (place := _location_condition(query)) is not None:
            queryset = queryset.filter(place)
    if query.text and "text" not in skip:
        queryset = apply_text_search(queryset, query.text, ranked=not counting)
    return queryset


def _location_condition(query: GroupQuery) -> Q | None:
    """The groups at or near the place asked for, and those one can join online; None for no place."""
    online = Q(attendance__in=ONLINE_CAPABLE)
    if query.municipality:
        return Q(municipality_id__in=list(municipalities_near(query.municipality, settings.SAMHOLD_NEARBY_RADIUS_KM))) | online
    if query.county:
        return Q(municipality__county_id=query.county.id) | online
    return None


def _located(queryset: QuerySet, query: GroupQuery) -> QuerySet:
    """Restrict to the place asked for, plus groups one can join online, and annotate
    `band` (here, nearby, online) and `distance_km`."""
    place = _location_condition(query)
    if query.municipality:
        near = municipalities_near(query.municipality, settings.SAMHOLD_NEARBY_RADIUS_KM)
        return queryset.filter(place).annotate(
            band=Case(
                When(municipality_id=query.municipality.id, then=Value(BAND_HERE)),
                When(municipality_id__in=list(near), then=Value(BAND_NEARBY)),
                default=Value(BAND_ONLINE),
                output_field=IntegerField(),
            ),
            distance_km=_distance_from(query.municipality),
        )
    if query.county:
        return queryset.filter(place).annotate(
            band=Case(
                When(municipality__county_id=query.county.id, then=Value(BAND_HERE)),
                default=Value(BAND_ONLINE),
                output_field=IntegerField(),
            ),
            distance_km=Value(None, output_field=FloatField()),
        )
    return queryset.annotate(
        band=Value(BAND_HERE, output_field=IntegerField()),
        distance_km=Value(None, output_field=FloatField()),
    )


def _distance_from(origin) -> Func:
    """Great-circle km from `origin` to the group's municipality, computed by the database
    from the municipalities' points (haversine); NULL for a group without a municipality."""
    lat = math.radians(origin.latitude)
    lon = math.radians(origin.longitude)
    group_lat = Radians(F("municipality__latitude"))
    half_dlat = (group_lat - Value(lat)) / Value(2.0)
    half_dlon = (Radians(F("municipality__longitude")) - Value(lon)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat)) * Cos(group_lat) * Power(Sin(half_dlon), 2)
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, Value(1.0)))), output_field=FloatField()
    )


def _intake_order(promoted: QuerySet | None) -> Case:
    """Groups taking members first, then start-ups (those in `promoted` before the others),
    then full ones."""
    starting = [When(Q(status__in=STARTING_STATUSES) & Q(pk__in=promoted), then=Value(1))] if promoted is not None else []
    return Case(
        When(status=Status.OPEN, then=Value(0)),
        *starting,
        When(status__in=STARTING_STATUSES, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def group_search(query: GroupQuery, *, promoted: QuerySet | None = None) -> QuerySet:
    """Groups matching the query, best first: here, then nearby, then online. Within a band,
    groups that take members come before start-ups, and start-ups before full groups; then
    the most relevant to the text first (see groups.search), then by distance, status and name.

    `promoted` is a subquery of group ids to list first among the start-ups (the caller's:
    those with an information meeting open for sign-up; groups knows nothing of meetings)."""
    ordering = [
        "band",
        _intake_order(promoted),
        *(["-rank"] if query.text else []),
        "distance_km",
        _STATUS_ORDER,
        "name",
        "pk",
    ]
    return _with_list_relations(_filtered(query)).order_by(*ordering)

GROUPS_VERSION_KEY = "groups:version"


def groups_version() -> int:
    return cache.get_or_set(GROUPS_VERSION_KEY, 1, None)


def groups_changed() -> None:
    """Cache upkeep: any saved or deleted group makes cached counts stale."""
    try:
        cache.incr(GROUPS_VERSION_KEY)
    except ValueError:
        cache.set(GROUPS_VERSION_KEY, 1, None)


_COUNTS_TIMEOUT = 60 * 10


def _counts_key(name: str, query: GroupQuery, skip: str) -> str:
    """The cache key of counts under the filters they depend on (all but `skip`), valid until a
    group changes: e.g. every municipality-only search shares one set of county counts."""
    signature = (
        name,
        query.text.strip().lower()[:200],
        None if skip == "location" else (query.county.id if query.county else None),
        None if skip == "location" else (query.municipality.id if query.municipality else None),
        None if skip == "themes" else tuple(sorted(query.theme_ids)),
        query.weekday,
        query.time_of_day,
        query.attendance,
        query.audience,
        query.only_taking_members,
    )
    return "groups:counts:{}:{}".format(groups_version(), hashlib.sha256(repr(signature).encode()).hexdigest())


def _by_theme(queryset: QuerySet, tag: Value) -> QuerySet:
    """(tag, theme id, groups) rows: how many of the groups have each theme."""
    through = SelfHelpGroup.themes.through
    return (
        through.objects.filter(selfhelpgroup_id__in=queryset.order_by().values("pk"))
        .values("theme_id")
        .annotate(n=Count("selfhelpgroup_id"))
        .values_list(tag, "theme_id", "n")
    )


def _by_county(queryset: QuerySet, tag: Value) -> QuerySet:
    """(tag, county id, groups) rows: how many of the groups meet in each county."""
    return (
        queryset.filter(municipality__isnull=False)
        .order_by()
        .values("municipality__county_id")
        .annotate(n=Count("pk"))
        .values_list(tag, "municipality__county_id", "n")
    )


# Each set of facet counts: the filter it leaves out, and its rows.
_FACETS = {"themes": ("themes", _by_theme), "counties": ("location", _by_county)}


def group_facets(query: GroupQuery) -> dict[str, dict[int, int]]:
    """Counts beside the filters: per theme under every other filter, per county under every
    filter but the place. Each set is cached until a group changes (see _counts_key); the
    sets not cached are counted in one query (a union), not one each."""
    keys = {name: _counts_key(name, query, skip) for name, (skip, _rows) in _FACETS.items()}
    cached = cache.get_many(list(keys.values()))
    facets = {name: cached[key] for name, key in keys.items() if key in cached}
    missing = [name for name in _FACETS if name not in facets]
    if missing:
        parts = [
            rows(_filtered(query, skip=frozenset({skip}), counting=True), Value(index, output_field=IntegerField()))
            for index, (skip, rows) in enumerate(_FACETS[name] for name in missing)
        ]
        counted = {name: {} for name in missing}
        for index, area_id, n in parts[0].union(*parts[1:], all=True):
            counted[missing[index]][area_id] = n
        cache.set_many({keys[name]: counts for name, counts in counted.items()}, _COUNTS_TIMEOUT)
        facets.update(counted)
    return {name: facets[name] for name in _FACETS}


def group_counts_by_municipality(county: CountyRef, *, only_taking_members: bool = False) -> dict[int, int]:
    """Listed groups per municipality of a county (with `only_taking_members`, as the default
    search counts them: start-ups included, full groups not)."""
    queryset = SelfHelpGroup.objects.searchable().filter(municipality__county_id=county.id)
    if only_taking_members:
        queryset = queryset.filter(status__in=LISTED_STATUSES)
    return dict(
        queryset.order_by().values("municipality_id").annotate(n=Count("pk")).values_list("municipality_id", "n")
    )


def group_alternatives(query: GroupQuery, *, limit: int = 5) -> dict:
    """For an empty result: groups on the same themes with the day, the time of day and the
    way of meeting let go first, the place last, in one query (a row number per kind).

    - "nearest": in or near the place asked for, nearest first; if there are none there, the
      nearest anywhere (never without a place: then there is nothing to be near);
    - "online": groups one can join online;
    - "same_themes": whether both keep to themes the query named.

    A query that names themes (as filters or in its text) keeps to those themes and lets its
    other words go, so no group on another theme is offered because its text has one of the
    words. A query that names none keeps its text (a name search) and, without a place, gets no
    alternatives unless it has text."""
    named = sorted({*query.theme_ids, *themes_in_text(query.text)})
    relaxed = GroupQuery(
        text="" if named else query.text,
        county=query.county,
        municipality=query.municipality,
        theme_ids=named,
        audience=query.audience,
        only_taking_members=query.only_taking_members,
    )
    if not (relaxed.theme_ids or relaxed.text or relaxed.has_location):
        return {"nearest": [], "online": [], "same_themes": False}
    queryset = _filtered(relaxed, skip=frozenset({"location"}))
    online = Q(municipality__isnull=True) | Q(attendance=Attendance.ONLINE)
    if query.municipality:
        near = Q(municipality_id__in=list(municipalities_near(query.municipality, settings.SAMHOLD_NEARBY_RADIUS_KM)))
    elif query.county:
        near = Q(municipality__county_id=query.county.id)
    else:
        near = Q(pk__in=[])
    origin = query.municipality
    if origin is None and query.county:
        origin = county_centre(query.county)
    distance = _distance_from(origin) if origin else Value(None, output_field=FloatField())
    ranked = (
        queryset.annotate(
            kind=Case(
                When(online, then=Value(_ALTERNATIVE_ONLINE)),
                When(near, then=Value(_ALTERNATIVE_NEAR)),
                default=Value(_ALTERNATIVE_FARTHER),
                output_field=IntegerField(),
            ),
            distance_km=distance,
        )
        .annotate(
            place_in_kind=Window(
                RowNumber(),
                partition_by=[F("kind")],
                order_by=[F("distance_km").asc(nulls_last=True), _STATUS_ORDER.asc(), F("name").asc(), F("pk").asc()],
            )
        )
        .filter(place_in_kind__lte=limit)
        .order_by("kind", "place_in_kind")
    )
    if not query.has_location:
        ranked = ranked.filter(kind=_ALTERNATIVE_ONLINE)
    # Numbered on narrow rows (ids, kind, distance: profiled at 100,000 groups, numbering
    # whole rows joined to their places sorted 20,000 wide rows), then the few groups shown.
    keys = list(ranked.values_list("pk", "kind", "distance_km", named=True))
    rows = _with_list_relations(SelfHelpGroup.objects.all()).in_bulk([key.pk for key in keys])
    groups = []
    for key in keys:
        group = rows[key.pk]
        group.kind, group.distance_km = key.kind, key.distance_km
        groups.append(group)
    groups = attach_themes(groups)
    near_groups = [g for g in groups if g.kind == _ALTERNATIVE_NEAR]
    return {
        "nearest": near_groups or [g for g in groups if g.kind == _ALTERNATIVE_FARTHER],
        "online": [g for g in groups if g.kind == _ALTERNATIVE_ONLINE],
        "same_themes": bool(named),
    }


def group_get_public(*, slug: str) -> SelfHelpGroup | None:
    """A published group by its slug, with what its page shows; None if the public may not see it."""
    return SelfHelpGroup.objects.public().select_related("municipality__county", "contact").filter(slug=slug).first()


def group_list_meeting_in(municipality) -> list[SelfHelpGroup]:
    """The published groups that meet in a municipality and are found by search (not paused or
    ended), for its calendar feed; one query."""
    return list(
        SelfHelpGroup.objects.searchable()
        .filter(municipality_id=municipality.id)
        .select_related("municipality__county")
        .order_by("name", "pk")
    )


def group_similar(group: SelfHelpGroup, *, limit: int = 3) -> list[SelfHelpGroup]:
    """Groups on the same themes that take members, nearest first: for an ended group's page.
    Themes are not attached; the caller attaches them together with the group's own."""
    through = SelfHelpGroup.themes.through
    same_themes = through.objects.filter(
        theme_id__in=through.objects.filter(selfhelpgroup_id=group.pk).values("theme_id")
    ).values("selfhelpgroup_id")
    queryset = (
        _filtered(GroupQuery(only_taking_members=True), skip=frozenset({"location"}))
        .filter(pk__in=same_themes, status__in=TAKING_MEMBERS_STATUSES)
        .exclude(pk=group.pk)
    )
    ordering = ["name"]
    if group.municipality_id:
        here = next((m for m in municipality_list() if m.id == group.municipality_id), None)
        if here:
            queryset = queryset.annotate(distance_km=_distance_from(here))
            ordering = [F("distance_km").asc(nulls_last=True), "name"]
    return list(_with_list_relations(queryset).order_by(*ordering)[:limit])


def group_list_for_contact(*, user) -> QuerySet:
    """The published groups for which `user` is the contact person, by name: for "Min side".
    Never another person's group."""
    if not getattr(user, "is_authenticated", False):
        return SelfHelpGroup.objects.none()
    return (
        SelfHelpGroup.objects.public()
        .filter(contact=user)
        .select_related("municipality__county")
        .defer(*_LIST_DEFERRED)
        .order_by("name", "pk")
    )
