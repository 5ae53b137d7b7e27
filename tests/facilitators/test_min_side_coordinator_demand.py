"""A coordinator's Min side leads to the demand page (where people ask for groups), as a
facilitator's does."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_coordinators_min_side_links_to_the_demand_page(client, people):
    client.force_login(people["coordinator"])
    page = client.get("/min-side/").content.decode()
    assert 'href="/min-side/ettersporsel/"' in page
    assert client.get("/min-side/ettersporsel/").status_code == 200
