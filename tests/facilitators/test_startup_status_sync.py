"""A start-up's stage and the group's public status move together where they mean the same:
scheduling an information meeting is the stage "information meeting scheduled", recruiting is
"looking for members", and the facilitator can keep the status with a note saying why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitators.models import Stage, StartUp
from facilitators.services.meetings import meeting_schedule
from groups.models import SelfHelpGroup, Status

pytestmark = pytest.mark.django_db


def schedule(group, actor, days=14):
    starts = timezone.now() + datetime.timedelta(days=days)
    return meeting_schedule(
        group=group, actor=actor, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1),
        capacity=10, place="Frivilligsentralen",
    )


def stage_of(group):
    return StartUp.objects.get(group=group).stage


def test_scheduling_a_meeting_moves_a_planning_start_up_to_meeting_scheduled(planned_group, people):
    schedule(planned_group, people["facilitator"])
    startup = StartUp.objects.get(group=planned_group)
    assert startup.stage == Stage.MEETING_SCHEDULED
    change = startup.changes.last()
    assert change.changed_by == people["facilitator"]
    assert change.note.startswith("Informasjonsmøte: ")


def test_a_second_meeting_or_a_later_stage_is_left_alone(planned_group, people):
    StartUp.objects.filter(group=planned_group).update(stage=Stage.RECRUITING)
    schedule(planned_group, people["facilitator"])
    assert stage_of(planned_group) == Stage.RECRUITING
    assert StartUp.objects.get(group=planned_group).changes.count() == 0


def test_scheduling_through_min_side_moves_the_stage(client, planned_group, people):
    client.force_login(people["facilitator"])
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("facilitators:meeting_create", kwargs={"pk": planned_group.pk}),
        {"date": day.isoformat(), "start_time": "18:00", "end_time": "19:30", "place": "Frivilligsentralen",
         "capacity": "12"},
    )
    assert response.status_code == 302
    assert stage_of(planned_group) == Stage.MEETING_SCHEDULED


def test_recruiting_makes_the_group_look_for_members(client, planned_group, people):
    client.force_login(people["facilitator"])
    response = client.post(
        reverse("facilitators:startup_stage", kwargs={"pk": planned_group.pk}), {"stage": "recruiting"}
    )
    assert response.status_code == 302
    planned_group.refresh_from_db()
    assert planned_group.status == Status.RECRUITING
    assert planned_group.live_revision is not None  # published the Wagtail way, with a revision
    page = client.get(reverse("facilitators:group_detail", kwargs={"pk": planned_group.pk})).content.decode()
    assert "Søker medlemmer" in page


def test_the_facilitator_keeps_the_status_only_with_a_note(client, planned_group, people):
    client.force_login(people["facilitator"])
    url = reverse("facilitators:startup_stage", kwargs={"pk": planned_group.pk})
    response = client.post(url, {"stage": "recruiting", "keep_status": "on"})
    assert response.status_code == 400
    assert stage_of(planned_group) == Stage.PLANNING
    response = client.post(url, {"stage": "recruiting", "keep_status": "on", "note": "Vi venter til etter jul."})
    assert response.status_code == 302
    assert stage_of(planned_group) == Stage.RECRUITING
    assert SelfHelpGroup.objects.get(pk=planned_group.pk).status == Status.PLANNED


def test_setting_the_status_to_looking_for_members_moves_the_start_up(client, planned_group, people, places, themes):
    client.force_login(people["facilitator"])
    from tests.facilitators.test_startup_flow import group_data

    response = client.post(
        reverse("facilitators:group_edit", kwargs={"pk": planned_group.pk}),
        group_data(places["levanger"], themes, name=planned_group.name, summary=planned_group.summary,
                   description_text="Vi møtes og snakker sammen i trygge rammer.", status="recruiting"),
    )
    assert response.status_code == 302
    assert SelfHelpGroup.objects.get(pk=planned_group.pk).status == Status.RECRUITING
    assert stage_of(planned_group) == Stage.RECRUITING
