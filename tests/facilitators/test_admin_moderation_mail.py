"""Samhold's moderation e-mail in place of Wagtail's: a group sent for approval reaches its
county's deciders once each, in Norwegian, with a preview that opens; a decision reaches each
facilitator once, with a link to Min side and never into the admin they cannot open.

Regression kept from Wagtail's own e-mail: it went to every member of the approval task's roles,
so every coordinator in Norway read which draft group was sent in another county, by name (the
name tells theme and place)."""

import re

import pytest
from django.contrib.auth.models import Group as Role
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from facilitators.services.startups import group_submit
from tests.factories import StartUpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(people, places, themes, committed):
    group = StartUpFactory(
        group__municipality=places["levanger"], group__name="Sorggruppe Levanger",
        facilitators=[people["facilitator"], people["other_facilitator"]],
    ).group
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    mail.outbox = []
    committed(group_submit, user=people["facilitator"], group=group)
    return group


def _counts():
    counts = {}
    for message in mail.outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_a_submission_tells_each_decider_once_in_norwegian_with_a_preview_that_opens(client, people, waiting):
    assert _counts() == {"kari@example.org": 1, "ada@example.org": 1}  # not Nordland's coordinator
    message = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    assert "Fia" in message.body and "har sendt dette til godkjenning" in message.body
    assert "has been submitted" not in message.body
    preview = re.search(r"https?://[^/\s]+(/admin/snippets/groups/selfhelpgroup/history/\d+/revisions/\d+/view/)", message.body)
    assert preview, message.body
    client.force_login(people["coordinator"])
    response = client.get(preview.group(1))
    assert response.status_code == 200
    assert "Sorggruppe Levanger" in response.content.decode()


@pytest.mark.parametrize(
    ("action", "subject"),
    [
        ("approve", "Gruppa di er godkjent og publisert"),
        ("reject", "Koordinatoren har en kommentar til gruppa di"),
        ("decline", "Gruppa di ble ikke godkjent"),
    ],
)
def test_each_decision_sends_one_mail_to_each_facilitator_and_none_into_the_admin(
    client, people, waiting, action, subject, django_capture_on_commit_callbacks
):
    task_state = WorkflowState.objects.for_instance(waiting).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state
    url = reverse("wagtailsnippets_groups_selfhelpgroup:workflow_action", args=[waiting.pk, action, task_state.pk])
    client.force_login(people["coordinator"])
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Fint"})
    assert _counts() == {"fia@example.org": 1, "frode@example.org": 1}
    for message in mail.outbox:
        assert message.subject == subject
        assert "/admin/" not in message.body
        assert "/min-side/" in message.body


def test_a_page_sent_for_moderation_and_approved_mails_moderator_and_editor_once_each_in_norwegian(site, committed):
    editor = UserFactory(email="edel@example.org", first_name="Edel")
    editor.groups.add(Role.objects.get(name="Editors"))
    moderator = UserFactory(email="mona@example.org", first_name="Mona")
    moderator.groups.add(Role.objects.get(name="Moderators"))
    page = Page.objects.get(pk=site.pk).specific
    revision = page.save_revision(user=editor)
    mail.outbox = []
    workflow_state = committed(page.get_workflow().start, page, editor)
    assert _counts() == {"mona@example.org": 1}
    assert "har sendt dette til godkjenning" in mail.outbox[0].body
    assert f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/" in mail.outbox[0].body
    mail.outbox = []
    task_state = workflow_state.current_task_state.specific
    committed(task_state.task.specific.on_action, task_state, moderator, "approve")
    assert _counts() == {"edel@example.org": 1}
    assert mail.outbox[0].subject == "Godkjent på Samhold"
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body
