"""The directory's counts: the total under every filter and the per-county counts beside the
place filter come from one query when neither is cached (and the per-theme counts too, for a
search without a place or themes), and agree with counting each apart."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.selectors import county_by_number, municipality_by_number
from groups.models import Attendance, Status
from groups.selectors import GroupQuery, _filtered, group_count, group_facets, groups_changed
from tests.factories import SelfHelpGroupFactory


@pytest.fixture
def groups(places, themes):
    made = []
    for index, (place, attendance) in enumerate(
        [
            ("levanger", Attendance.IN_PERSON),
            ("levanger", Attendance.HYBRID),
            ("verdal", Attendance.IN_PERSON),
            ("trondheim", Attendance.IN_PERSON),
            ("bodo", Attendance.IN_PERSON),
            ("bodo", Attendance.HYBRID),
            (None, Attendance.ONLINE),
            (None, Attendance.ONLINE),
        ]
    ):
        made.append(
            SelfHelpGroupFactory(
                municipality=places[place] if place else None,
                attendance=attendance,
                themes=[themes["sorg"]] if index % 2 else [themes["angst"]],
                weekday=index % 3,
                status=Status.CLOSED if index == 3 else Status.OPEN,
                summary="Vi snakker om sorg." if index % 3 == 0 else "Et sted å møtes.",
            )
        )
    return made


def queries(places, themes):
    levanger = municipality_by_number(places["levanger"].number)
    trondelag = county_by_number(places["levanger"].county.number)
    return {
        "everything": GroupQuery(),
        "all, full ones too": GroupQuery(only_taking_members=False),
        "municipality": GroupQuery(municipality=levanger),
        "county": GroupQuery(county=trondelag),
        "text": GroupQuery(text="sorg"),
        "text and municipality": GroupQuery(text="sorg", municipality=levanger),
        "theme, day and county": GroupQuery(theme_ids=[themes["sorg"].pk], weekday=1, county=trondelag),
        "in person near Levanger": GroupQuery(municipality=levanger, attendance=Attendance.IN_PERSON),
        "nothing": GroupQuery(text="xylofon", municipality=levanger),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["everything", "all, full ones too", "municipality", "county", "text", "text and municipality",
     "theme, day and county", "in person near Levanger", "nothing"],
)
def test_the_total_and_the_county_counts_agree_with_counting_each_apart(groups, places, themes, name):
    query = queries(places, themes)[name]
    expected_total = _filtered(query).count()
    expected_counties = Counter(
        group.municipality.county_id
        for group in _filtered(query, skip=frozenset({"location"})).select_related("municipality")
        if group.municipality_id
    )
    expected_themes = Counter(
        theme.pk
        for group in _filtered(query, skip=frozenset({"themes"})).prefetch_related("themes")
        for theme in group.themes.all()
    )
    expected = {"counties": expected_counties, "themes": expected_themes}
    cache.clear()
    assert group_count(query) == expected_total
    assert group_facets(query) == expected
    cache.clear()
    assert group_facets(query) == expected  # the facets first, then the total
    assert group_count(query) == expected_total


@pytest.mark.django_db
def test_a_search_not_seen_before_counts_its_total_and_counties_in_one_query(groups, places, themes):
    query = queries(places, themes)["text and municipality"]
    group_count(query)
    group_facets(query)
    groups_changed()  # as when a group is saved: every count is stale
    with CaptureQueriesContext(connection) as ctx:
        group_count(query)
        group_facets(query)
    assert len(ctx) == 2  # total with the counties, then the themes


@pytest.mark.django_db
def test_counting_builds_no_distance_band_or_rank(groups, places, themes):
    """Only ordering needs the band, the distance from the place and the text's rank: a count
    neither builds them (half the time of preparing a count's query, measured) nor asks for them."""
    query = queries(places, themes)["text and municipality"]
    assert set(_filtered(query).query.annotations) == {"band", "distance_km", "rank"}
    assert _filtered(query, counting=True).query.annotations == {}
    groups_changed()
    with CaptureQueriesContext(connection) as ctx:
        group_count(query)
        group_facets(query)
    assert ctx.captured_queries
    for captured in ctx.captured_queries:
        sql = captured["sql"].lower()
        assert "asin" not in sql and "ts_rank" not in sql, sql


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["text", "everything", "all, full ones too"])
def test_a_search_without_place_or_themes_counts_everything_in_one_query(groups, places, themes, name):
    query = queries(places, themes)[name]
    group_count(query)
    group_facets(query)
    groups_changed()
    with CaptureQueriesContext(connection) as ctx:
        group_count(query)
        group_facets(query)
    assert len(ctx) == 1
