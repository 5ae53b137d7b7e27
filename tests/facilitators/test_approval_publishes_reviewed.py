"""Approving a new group publishes the version the coordinator reviewed, not whatever was saved
last: a facilitator may still change a draft on Min side after sending it for approval.

From the dashboard or the group listing, the coordinator reviewed the version that was sent
(the task's revision; its preview is what the dashboard shows). From the editor, Wagtail first
saves the coordinator's form as a new revision and then approves: that form is what they saw.
"""

import json

import pytest
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from facilitators.models import StartUp
from facilitators.selectors.admin import startup_list_for_admin
from facilitators.services.startups import GroupInReview, group_change, group_submit
from groups.models import SelfHelpGroup
from tests.facilitators.group_editor_helpers import editor_form
from tests.factories import StartUpFactory

pytestmark = pytest.mark.django_db

SENT = "For deg som har mistet noen nær."
UNSEEN = "Ring dette nummeret for å bli med: 99 99 99 99"


@pytest.fixture
def sent(people, places, themes):
    """Fia's draft in Levanger, sent to Trøndelag's coordinator for approval."""
    group = StartUpFactory(
        group__municipality=places["levanger"], group__name="Sorggruppe i Levanger", group__summary=SENT,
        facilitators=[people["facilitator"]],
    ).group
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    group_submit(user=people["facilitator"], group=group)
    return SelfHelpGroup.objects.get(pk=group.pk)


def _task_state(group):
    return WorkflowState.objects.for_instance(group).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state


def _edit_on_min_side(group, people, summary=UNSEEN):
    group = SelfHelpGroup.objects.get(pk=group.pk)
    group.summary = summary
    group_change(user=people["facilitator"], group=group)


def _change_saved_unseen(group, people, summary=UNSEEN):
    """A revision saved while the coordinator decides, by any way round Min side's lock (Min
    side refuses: test_min_side_refuses_changes_while_the_coordinator_decides)."""
    group = SelfHelpGroup.objects.get(pk=group.pk)
    group.summary = summary
    group.save(update_fields=["summary"])
    group.save_revision(user=people["facilitator"])


def test_min_side_refuses_changes_while_the_coordinator_decides(client, people, sent):
    with pytest.raises(GroupInReview):
        _edit_on_min_side(sent, people)
    client.force_login(people["facilitator"])
    page = client.get(f"/min-side/grupper/{sent.pk}/endre/")
    assert page.status_code == 302 and page["Location"] == f"/min-side/grupper/{sent.pk}/"
    detail = client.get(page["Location"]).content.decode()
    assert f"/min-side/grupper/{sent.pk}/endre/" not in detail
    assert SelfHelpGroup.objects.get(pk=sent.pk).latest_revision_id == _task_state(sent).revision_id


def _approve_from_listing(client, group, person):
    # The dashboard's "Awaiting your review" and the listing post here (the comment is optional).
    url = reverse("wagtailsnippets_groups_selfhelpgroup:workflow_action", args=[group.pk, "approve", _task_state(group).pk])
    client.force_login(person)
    return client.post(url, {"comment": ""})


def _approve_from_editor(client, group, person, form):
    client.force_login(person)
    return client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:edit", args=[group.pk]),
        {
            **form, "action-workflow-action": "true", "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        },
    )


def test_approval_from_the_listing_does_not_publish_a_change_made_after_sending(client, people, sent):
    reviewed = _task_state(sent).revision
    _change_saved_unseen(sent, people)
    assert _approve_from_listing(client, sent, people["coordinator"]).status_code == 302

    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert group.live is True
    assert group.summary == SENT
    assert group.live_revision_id == reviewed.pk
    assert not SelfHelpGroup.objects.public().filter(summary=UNSEEN).exists()


def test_the_unseen_change_waits_as_a_draft_and_is_flagged_as_changed_since_approved(client, people, sent):
    _change_saved_unseen(sent, people)
    _approve_from_listing(client, sent, people["coordinator"])

    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert group.has_unpublished_changes is True
    assert group.get_latest_revision_as_object().summary == UNSEEN
    assert StartUp.objects.get(group=group).approved_revision_id == group.live_revision_id
    flagged = startup_list_for_admin(user=people["coordinator"]).get(group=group)
    assert flagged.changed_since_approved is True


def test_approval_from_the_listing_publishes_the_version_sent_when_nothing_changed(client, people, sent):
    reviewed = _task_state(sent).revision
    _approve_from_listing(client, sent, people["coordinator"])
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.live, group.summary, group.live_revision_id) == (True, SENT, reviewed.pk)
    assert group.has_unpublished_changes is False


def test_approval_from_the_editor_publishes_the_coordinators_form(client, people, places, themes, sent):
    # The coordinator opened the editor after Fia's change, saw it, and adjusted the wording.
    _change_saved_unseen(sent, people)
    response = _approve_from_editor(
        client, sent, people["coordinator"], editor_form(sent, places, themes, "Endret av koordinatoren.")
    )
    assert response.status_code == 302
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.live, group.summary) == (True, "Endret av koordinatoren.")
    assert group.live_revision_id == group.latest_revision_id
    assert Revision.objects.get(pk=group.live_revision_id).user == people["coordinator"]


def test_approval_from_an_editor_opened_before_the_change_publishes_what_it_showed(client, people, places, themes, sent):
    # The editor was opened while the group read SENT; Fia changed it meanwhile.
    form = editor_form(sent, places, themes, SENT)
    _change_saved_unseen(sent, people)
    _approve_from_editor(client, sent, people["coordinator"], form)
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.live, group.summary) == (True, SENT)
    assert SelfHelpGroup.objects.public().filter(pk=sent.pk, summary=UNSEEN).exists() is False


def test_the_coordinators_own_later_draft_is_what_the_listing_approves(client, people, sent):
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    group.summary = "Rettet av koordinatoren."
    own = group.save_revision(user=people["coordinator"])
    _approve_from_listing(client, sent, people["coordinator"])
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.summary, group.live_revision_id) == ("Rettet av koordinatoren.", own.pk)


def test_a_change_after_the_coordinators_own_draft_sends_the_listing_back_to_the_version_sent(client, people, sent):
    reviewed = _task_state(sent).revision
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    group.summary = "Rettet av koordinatoren."
    group.save_revision(user=people["coordinator"])
    _change_saved_unseen(sent, people)
    _approve_from_listing(client, sent, people["coordinator"])
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.summary, group.live_revision_id) == (SENT, reviewed.pk)


def test_a_group_sent_again_after_being_returned_publishes_the_version_sent_again(client, people, sent):
    task_state = _task_state(sent)
    task_state.task.specific.on_action(task_state.specific, people["coordinator"], "reject", comment="Skriv mer")
    _edit_on_min_side(sent, people, summary="Skrevet om etter kommentaren.")
    group_submit(user=people["facilitator"], group=SelfHelpGroup.objects.get(pk=sent.pk))
    resent = _task_state(sent).revision
    _change_saved_unseen(sent, people)
    _approve_from_listing(client, sent, people["coordinator"])
    group = SelfHelpGroup.objects.get(pk=sent.pk)
    assert (group.summary, group.live_revision_id) == ("Skrevet om etter kommentaren.", resent.pk)
