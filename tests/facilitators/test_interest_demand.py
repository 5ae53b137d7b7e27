"""Demand: counts by municipality × theme, exact in one's own area and "under 3" elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilitators.selectors.interest import interest_demand
from tests.facilitators.interest_fixtures import registration_of  # noqa: F401

URL = "/min-side/ettersporsel/"


def counts(user, **filters):
    return {(row.municipality_name, row.theme_name): row.count for row in interest_demand(user=user, **filters)}


@pytest.fixture
def demand(registration_of, places):
    """Levanger: 2 × sorg, 1 × angst. Verdal: 1 × sorg, 3 × angst. Bodø: 2 × sorg. Plus
    unconfirmed ones that must not count."""
    registration_of(municipality="levanger", theme_names=("sorg", "angst"))
    registration_of(municipality="levanger", theme_names=("sorg",))
    registration_of(municipality="verdal", theme_names=("sorg",))
    for _n in range(3):
        registration_of(municipality="verdal", theme_names=("angst",))
    registration_of(municipality="bodo", theme_names=("sorg",))
    registration_of(municipality="bodo", theme_names=("sorg",))
    registration_of(municipality="bodo", theme_names=("sorg",), confirmed=False)
    registration_of(municipality="levanger", theme_names=("depresjon",), confirmed=False)
    return places


@pytest.mark.django_db
def test_facilitator_sees_own_municipality_exactly_and_small_counts_elsewhere_as_under_3(demand, people):
    levanger, verdal, bodo = (demand[name].name for name in ("levanger", "verdal", "bodo"))
    assert counts(people["facilitator"]) == {
        (levanger, "Sorg"): 2,
        (levanger, "Angst"): 1,
        (verdal, "Sorg"): None,
        (verdal, "Angst"): 3,
        (bodo, "Sorg"): None,
    }


@pytest.mark.django_db
def test_coordinator_sees_own_counties_exactly(demand, people):
    levanger, verdal, bodo = (demand[name].name for name in ("levanger", "verdal", "bodo"))
    result = counts(people["coordinator"])
    assert result[(verdal, "Sorg")] == 1 and result[(levanger, "Angst")] == 1
    assert result[(bodo, "Sorg")] is None
    other = counts(people["other_coordinator"])
    assert other[(bodo, "Sorg")] == 2 and other[(levanger, "Angst")] is None


@pytest.mark.django_db
def test_administrator_sees_every_count_exactly_and_unconfirmed_are_not_counted(demand, people):
    result = counts(people["administrator"])
    assert None not in result.values()
    assert result[(demand["bodo"].name, "Sorg")] == 2
    assert (demand["levanger"].name, "Depresjon") not in result


@pytest.mark.django_db
def test_filters_by_county_and_theme(demand, people, themes):
    result = counts(people["administrator"], county_id=demand["bodo"].county_id, theme_id=themes["sorg"].pk)
    assert result == {(demand["bodo"].name, "Sorg"): 2}


@pytest.mark.django_db
def test_page_shows_under_3_and_is_for_facilitators_coordinators_and_administrators(client, demand, people):
    for role in ("facilitator", "coordinator", "administrator"):
        client.force_login(people[role])
        assert client.get(URL).status_code == 200, role
    client.force_login(people["facilitator"])
    page = client.get(URL).content.decode()
    assert "under 3" in page
    client.force_login(people["contact"])
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_data(client, registration_of, people, django_assert_num_queries):
    client.force_login(people["coordinator"])
    registration_of(municipality="levanger")
    client.get(URL)  # warm the reference caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for municipality in ("verdal", "trondheim", "bodo", "levanger", "verdal"):
        registration_of(municipality=municipality, theme_names=("sorg", "angst", "depresjon"))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["own_rows"]) + len(response.context["other_rows"]) == 12
    # The counts themselves are one aggregate query; the rest is session, user, roles and menus.
    assert sum("facilitators_interestregistration" in q["sql"] for q in few.captured_queries) == 1
