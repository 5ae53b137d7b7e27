"""Regression (SQLite only, the default database): an integer beyond 64 bits in a query parameter or a
multiple-choice field was a 500 (PostgreSQL answered calmly). Now "not a valid choice" everywhere."""

import pytest

pytestmark = pytest.mark.django_db
HUGE = "9" * 25


@pytest.mark.parametrize("param", ["fylke", "tema"])
def test_demand_filter_with_a_huge_number(client, people, param):
    client.force_login(people["facilitator"])
    assert client.get(f"/min-side/ettersporsel/?{param}={HUGE}").status_code == 200


def test_interest_form_with_a_huge_theme_id(client, places):
    response = client.post("/meld-interesse/", {
        "themes": [HUGE], "municipality": places["levanger"].pk, "radius_km": "0", "email": "a@example.net", "consent": "on",
    }, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 400


def test_huge_numbers_in_the_other_public_forms_are_a_400(client, places, themes, site):

    response = client.post("/min-side/bli-igangsetter/", {
        "name": "Ola", "email": "ola@example.net", "municipality": HUGE, "background": "x" * 40, "consent": "on",
    }, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 400
    response = client.post("/meld-interesse/", {
        "themes": [themes["sorg"].pk], "municipality": HUGE, "radius_km": "0", "email": "a@example.net", "consent": "on",
    }, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 400


def test_a_facilitators_group_form_with_huge_numbers_is_a_400(client, people):
    client.force_login(people["facilitator"])
    response = client.post("/min-side/grupper/ny/", {"name": "X", "municipality": HUGE, "themes": [HUGE]})
    assert response.status_code == 400
