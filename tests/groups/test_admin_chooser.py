"""The group snippet's chooser (a modal other admin forms open to pick a group) lists, returns
and confirms only the groups the person may see in the group listing: a coordinator for
Trøndelag never learns of Nordland's groups, its drafts least of all."""

import json

import pytest
from django.urls import reverse

from tests.factories import SelfHelpGroupFactory, StartUpFactory

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailsnippetchoosers_groups_selfhelpgroup"


@pytest.fixture
def groups(people, places):
    """A published group and a draft in Trøndelag, a published group and a draft in Nordland."""
    return {
        "levanger": SelfHelpGroupFactory(municipality=places["levanger"], name="Levangergruppa"),
        "verdal_draft": StartUpFactory(group__municipality=places["verdal"], group__name="Verdalsutkastet").group,
        "bodo": SelfHelpGroupFactory(municipality=places["bodo"], name="Bodøgruppa"),
        "bodo_draft": StartUpFactory(group__municipality=places["bodo"], group__name="Bodøutkastet").group,
    }


def _modal_html(response) -> str:
    # The chooser answers with a modal-workflow JSON envelope around its HTML.
    assert response.status_code == 200
    return json.loads(response.content)["html"]


def test_coordinator_chooser_lists_only_groups_in_their_counties(client, people, groups):
    client.force_login(people["coordinator"])
    html = _modal_html(client.get(reverse(f"{CHOOSER}:choose")))
    assert "Levangergruppa" in html and "Verdalsutkastet" in html
    assert "Bodøgruppa" not in html
    assert "Bodøutkastet" not in html


def test_coordinator_chooser_results_hold_only_groups_in_their_counties(client, people, groups):
    client.force_login(people["coordinator"])
    for params in ({}, {"q": "Bodø"}, {"p": "1"}):
        response = client.get(reverse(f"{CHOOSER}:choose_results"), params)
        assert response.status_code == 200
        assert "Bodøgruppa" not in response.text
        assert "Bodøutkastet" not in response.text
    assert "Levangergruppa" in client.get(reverse(f"{CHOOSER}:choose_results")).text


def test_coordinator_cannot_choose_a_group_in_another_county(client, people, groups):
    client.force_login(people["coordinator"])
    for name in ("bodo", "bodo_draft"):
        assert client.get(reverse(f"{CHOOSER}:chosen", args=[groups[name].pk])).status_code == 404


def test_coordinator_chooses_a_group_in_their_county(client, people, groups):
    client.force_login(people["coordinator"])
    response = client.get(reverse(f"{CHOOSER}:chosen", args=[groups["verdal_draft"].pk]))
    assert response.status_code == 200
    assert json.loads(response.content)["result"]["string"] == "Verdalsutkastet"


def test_choosing_several_leaves_out_groups_in_another_county(client, people, groups):
    client.force_login(people["coordinator"])
    ids = [groups[name].pk for name in ("levanger", "bodo", "bodo_draft")]
    response = client.get(reverse(f"{CHOOSER}:chosen_multiple"), {"id": ids})
    assert response.status_code == 200
    chosen = {item["string"] for item in json.loads(response.content)["result"]}
    assert chosen == {"Levangergruppa"}


def test_coordinator_cannot_create_a_group_through_the_chooser(client, people, groups, places):
    client.force_login(people["coordinator"])
    response = client.post(reverse(f"{CHOOSER}:create"), {"name": "Snarvei", "municipality": places["bodo"].pk})
    assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
    assert response["Location"] == reverse("wagtailadmin_home")


def test_administrator_chooser_lists_every_county(client, people, groups):
    client.force_login(people["administrator"])
    html = _modal_html(client.get(reverse(f"{CHOOSER}:choose")))
    assert all(name in html for name in ("Levangergruppa", "Verdalsutkastet", "Bodøgruppa", "Bodøutkastet"))
    response = client.get(reverse(f"{CHOOSER}:chosen", args=[groups["bodo_draft"].pk]))
    assert response.status_code == 200
