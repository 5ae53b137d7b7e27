"""Facilitators' free text about a start-up (timeline notes, the follow-up answer) may name
people: housekeeping blanks it a year after it was written and keeps the stage history."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import Stage, StageChange, StartUp
from tests.factories import SelfHelpGroupFactory


@pytest.mark.django_db
def test_housekeeping_blanks_start_up_notes_and_follow_up_answers_a_year_after_they_were_written(people, places):
    facilitator = people["facilitator"]
    start = timezone.now()
    startup = StartUp.objects.create(
        group=SelfHelpGroupFactory(municipality=places["levanger"]),
        stage=Stage.SELF_RUNNING,
        follow_up_answer="Seks faste. Kari har sluttet etter at hun ble syk.",
        follow_up_answered_at=start,
        follow_up_answered_by=facilitator,
    )
    old = StageChange.objects.create(
        startup=startup, from_stage=Stage.PLANNING, to_stage=Stage.RECRUITING,
        note="Ola kom på informasjonsmøtet med kona.", changed_by=facilitator, changed_at=start,
    )
    recent = StageChange.objects.create(
        startup=startup, from_stage=Stage.RECRUITING, to_stage=Stage.SELF_RUNNING,
        note="Gunn tar over som kontaktperson.", changed_by=facilitator,
        changed_at=start + datetime.timedelta(days=200),
    )

    with time_machine.travel(start + datetime.timedelta(days=364)):
        call_command("housekeeping", verbosity=0)
    old.refresh_from_db()
    assert old.note == "Ola kom på informasjonsmøtet med kona."

    with time_machine.travel(start + datetime.timedelta(days=365, minutes=1)):
        call_command("housekeeping", verbosity=0)
    old.refresh_from_db()
    recent.refresh_from_db()
    startup.refresh_from_db()
    assert old.note == ""
    assert startup.follow_up_answer == ""
    assert recent.note == "Gunn tar over som kontaktperson."
    # The history stays: the stages, who moved them and when, and that the follow-up was answered.
    assert (old.from_stage, old.to_stage, old.changed_by, old.changed_at) == (
        Stage.PLANNING, Stage.RECRUITING, facilitator, start,
    )
    assert (startup.follow_up_answered_at, startup.follow_up_answered_by) == (start, facilitator)
