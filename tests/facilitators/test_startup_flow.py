"""A start-up from the first draft to a group that runs on its own, with the follow-up."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from facilitators.models import AuditEntry, Stage, StartUp
from facilitators.services.startups import startup_follow_ups_send_due
from groups.models import SelfHelpGroup, Status
from tests.factories import SelfHelpGroupFactory

pytestmark = pytest.mark.django_db


def group_data(municipality, themes, **overrides):
    data = {
        "name": "Sorggruppe i Levanger",
        "summary": "For deg som har mistet noen nær.",
        "description_text": "Vi møtes og snakker sammen.\n\nTa gjerne kontakt.",
        "themes": [themes["sorg"].pk],
        "attendance": "in_person",
        "municipality": municipality.pk,
        "place": "Frivilligsentralen",
        "frequency": "weekly",
        "weekday": "2",
        "start_time": "18:00",
        "end_time": "19:30",
        "first_meeting": "",
        "audience": "everyone",
        "languages": "norsk",
        "wheelchair_accessible": "unknown",
        "min_age": "18",
        "max_members": "8",
        "open_places": "",
    }
    data.update(overrides)
    return data


def approve(group, coordinator, action="approve", comment=""):
    state = WorkflowState.objects.for_instance(group).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state.specific, coordinator, action, comment=comment)


def test_a_facilitator_drafts_a_group_with_a_start_up_in_planning(client, people, places, themes, site):
    client.force_login(people["facilitator"])
    response = client.post(reverse("facilitators:group_create"), group_data(places["levanger"], themes))
    group = SelfHelpGroup.objects.get(name="Sorggruppe i Levanger")
    assert response.status_code == 302
    assert response["Location"] == reverse("facilitators:group_detail", kwargs={"pk": group.pk})
    assert group.live is False and group.status == Status.PLANNED
    assert group.description == "<p>Vi møtes og snakker sammen.</p><p>Ta gjerne kontakt.</p>"
    assert list(group.themes.all()) == [themes["sorg"]]
    assert group.latest_revision is not None
    startup = group.startup
    assert startup.stage == Stage.PLANNING
    assert list(startup.facilitators.all()) == [people["facilitator"]]
    assert AuditEntry.objects.filter(action="group_created", object_id=str(group.pk)).exists()
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Send to the coordinator" in detail.content.decode() or "Send til koordinatoren" in detail.content.decode()


def test_a_facilitator_cannot_create_a_group_outside_their_municipalities(client, people, places, themes, site):
    client.force_login(people["facilitator"])
    response = client.post(reverse("facilitators:group_create"), group_data(places["verdal"], themes))
    assert response.status_code == 400
    assert not SelfHelpGroup.objects.exists()
    assert "Sorggruppe i Levanger" in response.content.decode()  # what was typed is kept


def test_from_draft_to_self_running_with_follow_up(client, people, places, themes, site, django_capture_on_commit_callbacks):
    delivered = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    facilitator, coordinator = people["facilitator"], people["coordinator"]
    client.force_login(facilitator)
    client.post(reverse("facilitators:group_create"), group_data(places["levanger"], themes))
    group = SelfHelpGroup.objects.get()
    detail_url = reverse("facilitators:group_detail", kwargs={"pk": group.pk})

    # Recruiting before approval is refused.
    response = client.post(reverse("facilitators:startup_stage", kwargs={"pk": group.pk}), {"stage": "recruiting"})
    assert response.status_code == 400

    assert client.post(reverse("facilitators:group_submit", kwargs={"pk": group.pk})).status_code == 302
    assert WorkflowState.objects.for_instance(group).get().status == WorkflowState.STATUS_IN_PROGRESS

    # The coordinator returns it with a comment; the facilitator is told and sends it again.
    mail.outbox.clear()
    with delivered():
        approve(group, coordinator, action="reject", comment="Skriv litt mer om hvem gruppen er for.")
    assert "Skriv litt mer" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [facilitator.email]
    page = client.get(detail_url).content.decode()
    assert "Skriv litt mer om hvem gruppen er for." in page
    client.post(
        reverse("facilitators:group_edit", kwargs={"pk": group.pk}),
        group_data(places["levanger"], themes, summary="For voksne som har mistet noen nær."),
    )
    client.post(reverse("facilitators:group_submit", kwargs={"pk": group.pk}))

    mail.outbox.clear()
    with delivered():
        approve(group, coordinator)
    group.refresh_from_db()
    assert group.live is True
    assert group.summary == "For voksne som har mistet noen nær."
    assert mail.outbox[-1].to == [facilitator.email]
    startup = StartUp.objects.get(group=group)
    assert startup.approved_revision_id == group.live_revision_id

    for stage in ["meeting_scheduled", "recruiting", "first_meetings"]:
        response = client.post(
            reverse("facilitators:startup_stage", kwargs={"pk": group.pk}), {"stage": stage, "note": f"Nå: {stage}"}
        )
        assert response.status_code == 302, stage

    # Until then enquiries reach the facilitator; running on its own needs a member as contact.
    group.refresh_from_db()
    assert group.contact == facilitator
    response = client.post(reverse("facilitators:startup_stage", kwargs={"pk": group.pk}), {"stage": "self_running"})
    assert response.status_code == 400
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=1)
    mail.outbox.clear()
    with time_machine.travel(start, tick=False), delivered():
        response = client.post(
            reverse("facilitators:startup_stage", kwargs={"pk": group.pk}),
            {"stage": "self_running", "note": "Gruppen går av seg selv.", "contact_name": "Gro Hansen",
             "contact_email": "gro@example.org", "contact_agreed": "on"},
        )
        assert response.status_code == 302
    group.refresh_from_db()
    assert group.contact.email == "gro@example.org"
    assert group.contact.has_usable_password() is False
    assert group.contact.groups.filter(name="Kontaktperson").exists()
    assert "velg-passord" in mail.outbox[-1].body and mail.outbox[-1].to == ["gro@example.org"]
    startup.refresh_from_db()
    assert startup.stage == Stage.SELF_RUNNING
    assert startup.follow_up_due_at == start + datetime.timedelta(weeks=6)
    timeline = [change.to_stage for change in startup.changes.all()]
    assert timeline == ["planning", "meeting_scheduled", "recruiting", "first_meetings", "self_running"]

    mail.outbox.clear()
    with time_machine.travel(start + datetime.timedelta(weeks=6) - datetime.timedelta(hours=1), tick=False):
        assert startup_follow_ups_send_due() == 0
    with time_machine.travel(start + datetime.timedelta(weeks=6, hours=1), tick=False), delivered():
        assert startup_follow_ups_send_due() == 1
        assert startup_follow_ups_send_due() == 0  # once
    assert [message.to for message in mail.outbox] == [[facilitator.email]]
    assert reverse("facilitators:follow_up", kwargs={"pk": group.pk}) in mail.outbox[0].body

    client.force_login(facilitator)  # six weeks later: a new session
    response = client.post(reverse("facilitators:follow_up", kwargs={"pk": group.pk}), {"answer": "Seks kommer fast."})
    assert response.status_code == 302
    startup.refresh_from_db()
    assert startup.follow_up_answer == "Seks kommer fast."
    assert startup.follow_up_answered_by == facilitator
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"group_created", "group_submitted", "group_returned", "group_approved", "stage_changed",
            "contact_invited", "follow_up_answered"} <= actions
    # Decisions, the contact's invitation and the follow-up: no subject names the group (a
    # subject shows on a lock screen, and a group's name tells its theme).
    from outbox.models import OutgoingEmail

    subjects = list(OutgoingEmail.objects.values_list("subject", flat=True))
    assert len(subjects) >= 4
    assert not [subject for subject in subjects if group.name in subject or "Sorg" in subject]


def test_enquiries_reach_the_facilitator_while_starting_and_the_group_contact_after(
    people, places, themes, site, django_capture_on_commit_callbacks
):
    from facilitators.services.startups import startup_stage_change
    from groups.services import contact_message_send

    facilitator = people["facilitator"]
    group = SelfHelpGroupFactory.build(municipality=places["levanger"], name="Angstgruppe", slug="", contact=None)
    from facilitators.services.startups import group_draft_create

    group = group_draft_create(user=facilitator, group=group, themes=[themes["angst"]])
    group.save_revision().publish()
    group.refresh_from_db()

    asked = iter(range(1, 100))

    def enquire():
        # A new question each time: the same message sent again within the hour is sent once.
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            contact_message_send(group=group, sender_name="Per", sender_email="per@example.org",
                                 message=f"Kan jeg bli med på gruppen? (spørsmål {next(asked)})",
                                 ip_address="198.51.100.7")
        return mail.outbox[-1]

    message = enquire()
    assert message.to == [facilitator.email] and message.reply_to == ["per@example.org"]

    startup = group.startup
    for stage in ("recruiting", "first_meetings"):
        startup_stage_change(user=facilitator, startup=startup, to_stage=stage)
    startup_stage_change(user=facilitator, startup=startup, to_stage="self_running",
                         contact_name="Gro Hansen", contact_email="gro@example.org")
    group.refresh_from_db()
    message = enquire()
    assert message.to == ["gro@example.org"]
    assert facilitator.email not in message.body
