"""Only the coordinators of a group's county (and administrators) decide on it, whatever the
URL says. Wagtail's workflow action view checks the group in the URL but takes the task state
from the URL as well, without checking that it belongs to that group: a coordinator could send
their own group's URL with another county's task state and approve, return or reject that."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from facilitators.services.startups import group_submit
from groups.models import SelfHelpGroup
from tests.factories import StartUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(people, places, themes):
    """A group in Levanger and one in Bodø, both sent for approval."""
    groups = {}
    for key, place, facilitators in (("own", "levanger", [people["facilitator"]]), ("other", "bodo", [])):
        group = StartUpFactory(group__municipality=places[place], group__name=f"Gruppe {key}", facilitators=facilitators).group
        group.themes.set([themes["sorg"]])
        group.save()
        group.save_revision(user=people["administrator"])
        group_submit(user=people["administrator"], group=group)
        groups[key] = SelfHelpGroup.objects.get(pk=group.pk)
    return groups


def _task_state(group):
    return WorkflowState.objects.for_instance(group).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state


@pytest.mark.parametrize("action", ["approve", "reject", "decline"])
def test_coordinator_cannot_decide_on_another_countys_group_through_their_own_groups_url(client, people, waiting, action):
    foreign = _task_state(waiting["other"])
    url = reverse("wagtailsnippets_groups_selfhelpgroup:workflow_action", args=[waiting["own"].pk, action, foreign.pk])
    client.force_login(people["coordinator"])
    response = client.post(url, {"comment": "Godkjent av feil koordinator"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")  # Wagtail's refusal
    assert TaskState.objects.get(pk=foreign.pk).status == TaskState.STATUS_IN_PROGRESS
    assert SelfHelpGroup.objects.get(pk=waiting["other"].pk).live is False


def test_the_task_itself_refuses_a_coordinator_of_another_county(people, waiting):
    foreign = _task_state(waiting["other"])
    with pytest.raises(PermissionDenied):
        foreign.task.specific.on_action(foreign.specific, people["coordinator"], "approve", comment="")
    assert SelfHelpGroup.objects.get(pk=waiting["other"].pk).live is False


def test_the_countys_coordinator_still_approves_their_own(client, people, waiting):
    own = _task_state(waiting["own"])
    url = reverse("wagtailsnippets_groups_selfhelpgroup:workflow_action", args=[waiting["own"].pk, "approve", own.pk])
    client.force_login(people["coordinator"])
    client.post(url, {"comment": ""})
    assert SelfHelpGroup.objects.get(pk=waiting["own"].pk).live is True
