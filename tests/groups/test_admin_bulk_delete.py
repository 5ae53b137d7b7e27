"""Bulk delete from the group listing acts on, and names, only the groups the person may see
in the listing. Wagtail's confirmation named every other selected group as one "you do not have
permission to delete", and "select all" selected every group in Norway: a coordinator for
Trøndelag could read the names of Nordland's drafts."""

import pytest
from django.urls import reverse

from groups.models import SelfHelpGroup
from tests.factories import SelfHelpGroupFactory, StartUpFactory

pytestmark = pytest.mark.django_db


def bulk_delete(*groups, everyone=False):
    ids = "id=all" if everyone else "&".join(f"id={group.pk}" for group in groups)
    return reverse("wagtail_bulk_action", args=("groups", "selfhelpgroup", "delete")) + "?" + ids


@pytest.fixture
def groups(places):
    return {
        "levanger": SelfHelpGroupFactory(municipality=places["levanger"], name="Levangergruppa"),
        "bodo_draft": StartUpFactory(group__municipality=places["bodo"], group__name="Bodøutkastet").group,
    }


def test_coordinator_is_not_told_the_name_of_another_countys_group(client, people, groups):
    client.force_login(people["coordinator"])
    response = client.get(bulk_delete(groups["bodo_draft"]))
    assert response.status_code == 404
    assert "Bodøutkastet" not in response.text


def test_select_all_means_the_coordinators_own_groups(client, people, groups):
    client.force_login(people["coordinator"])
    response = client.get(bulk_delete(everyone=True))
    assert response.status_code == 200
    assert "Levangergruppa" in response.text
    assert "Bodøutkastet" not in response.text
    assert response.context["items_with_no_access"] == []


def test_coordinator_deletes_only_groups_in_their_county(client, people, groups):
    client.force_login(people["coordinator"])
    response = client.post(bulk_delete(groups["levanger"], groups["bodo_draft"]))
    assert response.status_code == 302
    assert set(SelfHelpGroup.objects.values_list("name", flat=True)) == {"Bodøutkastet"}


def test_administrator_selects_every_group(client, people, groups):
    client.force_login(people["administrator"])
    response = client.get(bulk_delete(everyone=True))
    assert "Levangergruppa" in response.text and "Bodøutkastet" in response.text
