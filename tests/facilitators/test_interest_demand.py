"""Demand: exact counts by municipality × theme in one's own area; elsewhere only a range per
county × theme, counted without one's own municipalities, and nothing below 3.

The tests under "Acting as the attacker" are a facilitator who wants to learn how many people in
one municipality outside their area asked for a theme: they read the page, filter it, and add
registrations of their own to push a county over the edge of a range. Each builds "worlds" that
differ only in where the people outside the attacker's area live, and asserts that everything
the attacker can read on the page is the same in all of them."""

import dataclasses
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilitators.models import InterestRegistration
from facilitators.selectors.interest import DEMAND_BANDS, SMALL_COUNT, demand_band, interest_demand
from tests.factories import CountyFactory, MunicipalityFactory, facilitator_in

URL = "/min-side/ettersporsel/"
EN_URL = "/en/min-side/ettersporsel/"  # the page in English, which the tests read
TRONDELAG = "Trøndelag - Trööndelage"
NORDLAND = "Nordland - Nordlánnda"


def own(user, **filters):
    return {(row.municipality_name, row.theme_name): row.count for row in interest_demand(user=user, **filters).own}


def elsewhere(user, **filters):
    return {
        (row.county_name, row.theme_name): str(row.band) for row in interest_demand(user=user, **filters).elsewhere
    }


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sections(client, **params) -> dict[str, str]:
    """The text of the page's two sections, "own" and "other": all an attacker can read there."""
    response = client.get(EN_URL, params)
    assert response.status_code == 200
    found = re.findall(r'<section aria-labelledby="(own|other)-heading">(.*?)</section>', response.text, re.S)
    assert [name for name, _body in found] == ["own", "other"]
    return {name: _text(body) for name, body in found}


def rows(client, section="other", **params) -> list[tuple[str, ...]]:
    response = client.get(EN_URL, params)
    body = dict(re.findall(r'<section aria-labelledby="(own|other)-heading">(.*?)</section>', response.text, re.S))
    return [
        tuple(_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body[section], re.S)
    ]


@pytest.fixture
def narvik(places):
    """A second municipality in Nordland (the shared fixture has only Bodø there)."""
    places["narvik"] = MunicipalityFactory(
        number="1806", county=places["bodo"].county, name="Narvik - Áhkanjárga", name_plain="Narvik",
        slug="narvik", latitude=68.44, longitude=17.43,
    )
    return places["narvik"]


@pytest.fixture
def oslo(places):
    """A county with a single municipality, as Oslo is."""
    county = CountyFactory(number="03", name="Oslo", name_plain="Oslo", slug="oslo")
    places["oslo"] = MunicipalityFactory(
        number="0301", county=county, name="Oslo", name_plain="Oslo", slug="oslo", latitude=59.91, longitude=10.75
    )
    return places["oslo"]


@pytest.fixture
def demand(registration_of, places, narvik):
    """Levanger: 2 × sorg, 1 × angst. Verdal: 1 × sorg, 3 × angst. Bodø: 2 × sorg, Narvik: 2 ×
    sorg. Plus unconfirmed ones that must not count."""
    registration_of(municipality="levanger", theme_names=("sorg", "angst"))
    registration_of(municipality="levanger", theme_names=("sorg",))
    registration_of(municipality="verdal", theme_names=("sorg",))
    for _n in range(3):
        registration_of(municipality="verdal", theme_names=("angst",))
    registration_of(municipality="bodo", theme_names=("sorg",))
    registration_of(municipality="bodo", theme_names=("sorg",))
    registration_of(municipality="narvik", theme_names=("sorg",))
    registration_of(municipality="narvik", theme_names=("sorg",))
    registration_of(municipality="bodo", theme_names=("sorg",), confirmed=False)
    registration_of(municipality="levanger", theme_names=("depresjon",), confirmed=False)
    return places


# Who sees what ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_facilitator_sees_own_municipality_exactly_and_elsewhere_only_county_ranges(demand, people):
    levanger = demand["levanger"].name
    assert own(people["facilitator"]) == {(levanger, "Sorg"): 2, (levanger, "Angst"): 1}
    # Trøndelag without Levanger: 1 sorg (no row) and 3 angst. Nordland: 4 sorg.
    assert elsewhere(people["facilitator"]) == {(TRONDELAG, "Angst"): "3–9", (NORDLAND, "Sorg"): "3–9"}


@pytest.mark.django_db
def test_rows_outside_the_area_carry_no_exact_number_and_no_municipality(demand, people):
    [row, *_rest] = interest_demand(user=people["facilitator"]).elsewhere
    fields = {field.name for field in dataclasses.fields(row)}
    assert fields == {"county_id", "county_name", "theme_id", "theme_name", "band"}


@pytest.mark.django_db
def test_coordinator_sees_own_counties_exactly_and_other_counties_as_ranges(demand, people):
    levanger, verdal = demand["levanger"].name, demand["verdal"].name
    assert own(people["coordinator"]) == {
        (levanger, "Sorg"): 2, (levanger, "Angst"): 1, (verdal, "Sorg"): 1, (verdal, "Angst"): 3,
    }
    assert elsewhere(people["coordinator"]) == {(NORDLAND, "Sorg"): "3–9"}
    # Nils coordinates Nordland: Trøndelag's 3 sorg and 4 angst only as ranges.
    assert elsewhere(people["other_coordinator"]) == {(TRONDELAG, "Sorg"): "3–9", (TRONDELAG, "Angst"): "3–9"}
    assert {place for place, _theme in own(people["other_coordinator"])} == {demand["bodo"].name, demand["narvik"].name}


@pytest.mark.django_db
def test_administrator_sees_every_count_exactly_and_unconfirmed_are_not_counted(demand, people):
    result = own(people["administrator"])
    assert result[(demand["bodo"].name, "Sorg")] == 2
    assert (demand["levanger"].name, "Depresjon") not in result
    assert interest_demand(user=people["administrator"]).elsewhere == []


@pytest.mark.django_db
def test_filters_by_county_and_theme(demand, people, themes):
    nordland, sorg = demand["bodo"].county_id, themes["sorg"].pk
    assert own(people["administrator"], county_id=nordland, theme_id=sorg) == {
        (demand["bodo"].name, "Sorg"): 2, (demand["narvik"].name, "Sorg"): 2,
    }
    assert elsewhere(people["facilitator"], county_id=nordland, theme_id=sorg) == {(NORDLAND, "Sorg"): "3–9"}
    assert own(people["facilitator"], county_id=nordland) == {}


@pytest.mark.django_db
def test_page_is_for_facilitators_coordinators_and_administrators(client, demand, people):
    for role in ("facilitator", "coordinator", "administrator"):
        client.force_login(people[role])
        assert client.get(URL).status_code == 200, role
    client.force_login(people["contact"])
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


# Ranges -----------------------------------------------------------------------------------


def test_counts_become_ranges_and_nothing_below_3():
    from django.utils.translation import override

    assert SMALL_COUNT == DEMAND_BANDS[0][0] == 3
    with override("en"):
        shown = {n: demand_band(n) and str(demand_band(n)) for n in (0, 1, 2, 3, 9, 10, 24, 25, 49, 50, 400)}
    assert shown == {
        0: None, 1: None, 2: None, 3: "3–9", 9: "3–9", 10: "10–24", 24: "10–24",
        25: "25–49", 49: "25–49", 50: "50 or more", 400: "50 or more",
    }


@pytest.mark.django_db
def test_each_registration_counts_once_per_theme_in_a_county_range(registration_of, people, places):
    registration_of(municipality="verdal", theme_names=("sorg", "angst"))
    registration_of(municipality="trondheim", theme_names=("sorg", "angst"))
    # Two people with two themes each: 2 per theme, not 4, so no row.
    assert elsewhere(people["facilitator"]) == {}
    registration_of(municipality="trondheim", theme_names=("sorg", "angst", "depresjon"))
    assert elsewhere(people["facilitator"]) == {(TRONDELAG, "Sorg"): "3–9", (TRONDELAG, "Angst"): "3–9"}


# The page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_never_says_under_3_nor_names_a_municipality_outside_the_area(client, demand, people):
    client.force_login(people["facilitator"])
    for url in (URL, EN_URL):
        page = client.get(url).text
        assert "under 3" not in page
        for outside in ("Verdal", "Bodø", "Narvik"):
            assert outside not in page
    assert rows(client) == [
        ("County", "Theme", "People"),
        (NORDLAND, "Grief", "3–9"),
        (TRONDELAG, "Anxiety", "3–9"),
    ]
    assert rows(client, "own") == [
        ("Municipality", "Theme", "People"),
        (demand["levanger"].name, "Anxiety", "1"),
        (demand["levanger"].name, "Grief", "2"),
    ]


@pytest.mark.django_db
def test_page_explains_why_other_areas_show_ranges_by_county(client, demand, people):
    client.force_login(people["facilitator"])
    other = sections(client)["other"]
    assert "ranges by county" in other
    assert "The ranges are 3–9, 10–24, 25–49, 50 or more." in other
    assert "Your own area is not counted in them" in other


def test_the_privacy_text_promises_what_the_page_does():
    from django.utils import translation

    from facilitators.consent import INTEREST_WHO_SEES

    with translation.override("en"):
        text = str(INTEREST_WHO_SEES)
    assert "under 3" not in text
    assert f"a range for your whole county, such as “{demand_band(SMALL_COUNT)}”" in text
    assert "never a number for your municipality" in text
    assert f"nothing at all when fewer than {SMALL_COUNT} in the county have asked" in text


# Acting as the attacker -------------------------------------------------------------------


def what_the_attacker_sees(client, registration_of, worlds, *, probe_in=None, steps=0, filters=({},)):
    """For each world (municipality → how many asked for sorg): build it, then read the page
    under every filter after adding 0, 1, … `steps` sorg registrations of one's own in
    `probe_in`. Returns one list of observations per world."""
    views = []
    for world in worlds:
        InterestRegistration.objects.all().delete()
        for municipality, count in world.items():
            for _n in range(count):
                registration_of(municipality=municipality, theme_names=("sorg",))
        seen = []
        for step in range(steps + 1):
            if step:
                registration_of(municipality=probe_in, theme_names=("sorg",))
            seen.append([sections(client, **params) for params in filters])
        views.append(seen)
    return views


@pytest.mark.django_db
def test_adding_own_registrations_to_cross_a_range_edge_cannot_tell_one_municipalitys_count(
    client, registration_of, people, places
):
    """Fia (Levanger) adds registrations in Verdal until Trøndelag appears as "3–9". That tells
    her the rest of Trøndelag had 2 on sorg, never whether they live in Verdal or Trondheim."""
    client.force_login(people["facilitator"])
    worlds = [
        {"levanger": 4, "verdal": 2},
        {"levanger": 4, "verdal": 1, "trondheim": 1},
        {"levanger": 4, "trondheim": 2},
    ]
    views = what_the_attacker_sees(client, registration_of, worlds, probe_in="verdal", steps=9)
    assert views[0] == views[1] == views[2]
    # She did push the county over two edges: nothing, then "3–9" after one, "10–24" after eight.
    before, after_one, after_eight = views[0][0][0]["other"], views[0][1][0]["other"], views[0][8][0]["other"]
    assert TRONDELAG not in before
    assert f"{TRONDELAG} Grief 3–9" in after_one
    assert f"{TRONDELAG} Grief 10–24" in after_eight


@pytest.mark.django_db
def test_own_area_registrations_are_left_out_of_the_county_range_so_they_cannot_be_subtracted(
    client, registration_of, people, places
):
    """If Levanger's 9 were in Trøndelag's range, Fia could subtract her exact 9 from it."""
    client.force_login(people["facilitator"])
    worlds = [{"levanger": 1, "verdal": 2}, {"levanger": 9}, {"levanger": 9, "verdal": 1}, {"levanger": 9, "verdal": 2}]
    views = what_the_attacker_sees(client, registration_of, worlds)
    assert views[0][0][0]["own"] != views[3][0][0]["own"]  # her own count she sees exactly
    assert len({view[0][0]["other"] for view in views}) == 1
    assert TRONDELAG not in views[3][0][0]["other"]
    registration_of(municipality="trondheim", theme_names=("sorg",))
    assert rows(client) == [("County", "Theme", "People"), (TRONDELAG, "Grief", "3–9")]  # 3 without Levanger, not 12


@pytest.mark.django_db
def test_filtering_by_county_and_theme_cannot_isolate_one_municipality(
    client, registration_of, people, places, themes
):
    client.force_login(people["facilitator"])
    trondelag, sorg = str(places["verdal"].county_id), str(themes["sorg"].pk)
    filters = ({}, {"fylke": trondelag}, {"tema": sorg}, {"fylke": trondelag, "tema": sorg})
    worlds = [{"verdal": 3}, {"verdal": 1, "trondheim": 2}, {"trondheim": 3}, {"verdal": 3, "levanger": 2}]
    views = what_the_attacker_sees(client, registration_of, worlds[:3], filters=filters)
    assert views[0] == views[1] == views[2]
    # Each filter shows the same range as the whole page, never a narrower count.
    assert all(f"{TRONDELAG} Grief 3–9" in seen["other"] for seen in views[0][0])


@pytest.mark.django_db
def test_a_county_with_a_single_municipality_outside_the_area_is_never_shown(
    client, registration_of, people, oslo
):
    """Oslo is a county of one municipality, so its range would be Oslo's count, and adding
    registrations until it appeared would give that count exactly: it is left out."""
    client.force_login(people["facilitator"])
    views = what_the_attacker_sees(
        client, registration_of, [{"oslo": 0}, {"oslo": 1}, {"oslo": 2}], probe_in="oslo", steps=5
    )
    assert views[0] == views[1] == views[2]
    assert "Oslo" not in views[2][-1][0]["other"]  # not even with 7 registrations


@pytest.mark.django_db
def test_a_facilitator_covering_all_but_one_municipality_of_a_county_learns_nothing_about_that_one(
    client, registration_of, places
):
    attacker = facilitator_in(places["levanger"], places["trondheim"], email="mange@example.org")
    client.force_login(attacker)
    views = what_the_attacker_sees(
        client, registration_of, [{"verdal": 0}, {"verdal": 1}, {"verdal": 2}], probe_in="verdal", steps=4
    )
    assert views[0] == views[1] == views[2]
    assert TRONDELAG not in views[2][-1][0]["other"]


@pytest.mark.django_db
def test_a_county_where_every_other_municipality_has_none_does_not_reveal_which_one_asked(
    client, registration_of, people, narvik
):
    """Nordland has two municipalities outside Fia's area; whatever she adds in Narvik, the
    page is the same whether Bodø's two people exist or Narvik's do."""
    client.force_login(people["facilitator"])
    views = what_the_attacker_sees(
        client, registration_of, [{"bodo": 2}, {"narvik": 2}, {"bodo": 1, "narvik": 1}], probe_in="narvik", steps=3
    )
    assert views[0] == views[1] == views[2]
    assert f"{NORDLAND} Grief 3–9" in views[0][1][0]["other"]


# Queries ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_number_of_queries_is_small_and_does_not_grow_with_the_data(
    client, registration_of, people, narvik, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(people["facilitator"])
    registration_of(municipality="levanger")
    client.get(URL)  # warm the reference caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for municipality in ("verdal", "trondheim", "bodo", "narvik", "levanger", "verdal", "narvik", "bodo"):
        registration_of(municipality=municipality, theme_names=("sorg", "angst", "depresjon"))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["own_rows"]) == 3
    assert len(response.context["other_rows"]) == 6
    # Session (read, and saved with its savepoint), user, second factor, permissions (2),
    # roles, the facilitator's municipalities, the two counts (own area, elsewhere) and the site.
    for params in ({}, {"fylke": str(narvik.county_id)}, {"tema": str(response.context["themes"][0].id)}):
        with django_assert_max_num_queries(13):
            client.get(URL, params)
    assert sum("facilitators_interestregistration" in q["sql"] for q in few.captured_queries) == 2
