"""Reads of groups for the public site. Everything here returns only what the public may see."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, FloatField, IntegerField, Q, QuerySet, Value, When

from directory.selectors import (
    CountyRef,
    theme_list,
    MunicipalityRef,
    municipalities_near,
    municipality_distances,
)

from .models import TAKING_MEMBERS_STATUSES, Attendance, SelfHelpGroup, Status
from .search import apply_text_search

ONLINE_CAPABLE = [Attendance.ONLINE, Attendance.HYBRID]
IN_PERSON_CAPABLE = [Attendance.IN_PERSON, Attendance.HYBRID]

BAND_HERE, BAND_NEARBY, BAND_ONLINE = 0, 1, 2

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
    attendance: str = ""
    audience: str = ""
    only_taking_members: bool = True

    @property
    def has_location(self) -> bool:
        return bool(self.county or self.municipality)


def _with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("municipality__county")


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


def _filtered(query: GroupQuery, *, skip: frozenset = frozenset()) -> QuerySet:
    """Searchable groups under every filter in `query` except those named in `skip`."""
    queryset = SelfHelpGroup.objects.searchable()
    if query.only_taking_members and "status" not in skip:
        queryset = queryset.filter(status__in=TAKING_MEMBERS_STATUSES)
    if query.theme_ids and "themes" not in skip:
        through = SelfHelpGroup.themes.through
        queryset = queryset.filter(
            pk__in=through.objects.filter(theme_id__in=query.theme_ids).values("selfhelpgroup_id")
        )
    if query.weekday is not None:
        queryset = queryset.filter(weekday=query.weekday)
    if query.attendance == Attendance.IN_PERSON:
        queryset = queryset.filter(attendance__in=IN_PERSON_CAPABLE)
    elif query.attendance == Attendance.ONLINE:
        queryset = queryset.filter(attendance__in=ONLINE_CAPABLE)
    if query.audience:
        queryset = queryset.filter(audience=query.audience)
    if "location" not in skip:
        queryset = _located(queryset, query)
    if query.text and "text" not in skip:
        queryset = apply_text_search(queryset, query.text)
    return queryset


def _located(queryset: QuerySet, query: GroupQuery) -> QuerySet:
    """Restrict to the place asked for, plus groups one can join online, and annotate
    `band` (here, nearby, online) and `distance_km`."""
    online = Q(attendance__in=ONLINE_CAPABLE)
    if query.municipality:
        near = municipalities_near(query.municipality, settings.SAMHOLD_NEARBY_RADIUS_KM)
        return queryset.filter(Q(municipality_id__in=list(near)) | online).annotate(
            band=Case(
                When(municipality_id=query.municipality.id, then=Value(BAND_HERE)),
                When(municipality_id__in=list(near), then=Value(BAND_NEARBY)),
                default=Value(BAND_ONLINE),
                output_field=IntegerField(),
            ),
            distance_km=_distance_expression(near),
        )
    if query.county:
        return queryset.filter(Q(municipality__county_id=query.county.id) | online).annotate(
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


def _distance_expression(distances: dict[int, float]):
    whens = [When(municipality_id=pk, then=Value(round(km, 1))) for pk, km in distances.items()]
    if not whens:
        return Value(None, output_field=FloatField())
    return Case(*whens, default=Value(None), output_field=FloatField())


def group_search(query: GroupQuery) -> QuerySet:
    """Groups matching the query, best first: here, then nearby by distance, then online;
    within a band by relevance, then open groups first, then name."""
    ordering = ["band", "distance_km", *(["-rank"] if query.text else []), _STATUS_ORDER, "name", "pk"]
    return _with_list_relations(_filtered(query)).order_by(*ordering)

def group_facets(query: GroupQuery) -> dict[str, dict[int, int]]:
    """Counts beside the filters: per theme under every other filter, per county under every
    filter but the place."""
    through = SelfHelpGroup.themes.through
    theme_base = _filtered(query, skip=frozenset({"themes"})).order_by().values("pk")
    theme_counts = dict(
        through.objects.filter(selfhelpgroup_id__in=theme_base)
        .values("theme_id")
        .annotate(n=Count("selfhelpgroup_id"))
        .values_list("theme_id", "n")
    )
    county_counts = dict(
        _filtered(query, skip=frozenset({"location"}))
        .filter(municipality__isnull=False)
        .order_by()
        .values("municipality__county_id")
        .annotate(n=Count("pk"))
        .values_list("municipality__county_id", "n")
    )
    return {"themes": theme_counts, "counties": county_counts}


def group_counts_by_municipality(county: CountyRef, *, only_taking_members: bool = False) -> dict[int, int]:
    queryset = SelfHelpGroup.objects.searchable().filter(municipality__county_id=county.id)
    if only_taking_members:
        queryset = queryset.filter(status__in=TAKING_MEMBERS_STATUSES)
    return dict(
        queryset.order_by().values("municipality_id").annotate(n=Count("pk")).values_list("municipality_id", "n")
    )


def group_alternatives(query: GroupQuery, *, limit: int = 5) -> dict[str, list[SelfHelpGroup]]:
    """For an empty result: the nearest groups that match everything but the place, and
    matching online groups."""
    nearest: list[SelfHelpGroup] = []
    without_place = _filtered(query, skip=frozenset({"location"}))
    if query.municipality:
        distances = municipality_distances(query.municipality)
        nearest = list(
            _with_list_relations(without_place.filter(municipality__isnull=False))
            .annotate(distance_km=_distance_expression(distances))
            .order_by("distance_km", "name")[:limit]
        )
    elif query.county:
        nearest = list(
            _with_list_relations(without_place.filter(municipality__isnull=False)).order_by(_STATUS_ORDER, "name")[
                :limit
            ]
        )
    online = list(
        _with_list_relations(without_place.filter(attendance__in=ONLINE_CAPABLE))
        .exclude(pk__in=[g.pk for g in nearest])
        .order_by(_STATUS_ORDER, "name")[:limit]
    )
    attach_themes(nearest + online)
    return {"nearest": nearest, "online": online}


def group_get_public(*, slug: str) -> SelfHelpGroup | None:
    """A published group by its slug, with what its page shows; None if the public may not see it."""
    return SelfHelpGroup.objects.public().select_related("municipality__county", "contact").filter(slug=slug).first()


def group_similar(group: SelfHelpGroup, *, limit: int = 3) -> list[SelfHelpGroup]:
    """Groups on the same themes that take members, nearest first: for an ended group's page.
    Themes are not attached; the caller attaches them together with the group's own."""
    through = SelfHelpGroup.themes.through
    same_themes = through.objects.filter(
        theme_id__in=through.objects.filter(selfhelpgroup_id=group.pk).values("theme_id")
    ).values("selfhelpgroup_id")
    queryset = (
        _filtered(GroupQuery(only_taking_members=True), skip=frozenset({"location"}))
        .filter(pk__in=same_themes)
        .exclude(pk=group.pk)
    )
    ordering = ["name"]
    if group.municipality_id:
        from directory.selectors import municipality_list

        here = next((m for m in municipality_list() if m.id == group.municipality_id), None)
        if here:
            queryset = queryset.annotate(distance_km=_distance_expression(municipality_distances(here)))
            ordering = ["distance_km", "name"]
    return list(_with_list_relations(queryset).order_by(*ordering)[:limit])
