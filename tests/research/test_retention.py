"""Research data is kept no longer than promised: with a frozen clock, each period ends exactly
when SAMHOLD_RETENTION says, and the researcher is told before the volunteers go."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from research.models import GroupInvitation, ResearcherApplication, Study, Volunteer
from research.services.retention import (
    research_deletion_warnings_send_due,
    research_group_answers_purge,
    research_volunteers_purge,
    researcher_applications_purge,
    studies_close_due,
)
from tests.factories import SelfHelpGroupFactory
from tests.factories.research import recruiting_study, volunteer

START = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


def on_day(days):
    return time_machine.travel(START + datetime.timedelta(days=days), tick=False)


@pytest.fixture
def study(db, themes):
    with on_day(0):
        study = recruiting_study(themes=[themes["sorg"]], days_left=10)
        volunteer(study, email="a@example.net")
        volunteer(study, email="b@example.net", confirmed=False)
        GroupInvitation.objects.create(study=study, group=SelfHelpGroupFactory())
    return study


@pytest.mark.django_db
def test_a_study_closes_itself_after_its_last_day(study):
    with on_day(10):
        assert studies_close_due() == 0
    with on_day(11):
        assert studies_close_due() == 1
    study.refresh_from_db()
    assert study.status == Study.Status.CLOSED and study.closed_at is not None


@pytest.mark.django_db
def test_volunteers_go_30_days_after_recruitment_ends_and_the_researcher_is_warned_7_days_before(
    study, django_capture_on_commit_callbacks
):
    # Recruitment ends on day 10: warned from day 10 + 30 - 7 = 33, deleted once day 40 is past.
    with on_day(32):
        assert research_deletion_warnings_send_due() == 0
    with on_day(34):
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            assert research_deletion_warnings_send_due() == 1
        assert research_deletion_warnings_send_due() == 0  # once
        [warning] = mail.outbox
        assert warning.to == [study.researcher.email]
        assert "a@example.net" not in warning.body
    with on_day(40):
        assert research_volunteers_purge() == 0
        assert Volunteer.objects.filter(study=study).count() == 2
    with on_day(41):
        assert research_volunteers_purge() == 2
    assert not Volunteer.objects.exists()


@pytest.mark.django_db
def test_a_study_closed_early_starts_the_clock_at_closing(study):
    Study.objects.filter(pk=study.pk).update(
        status=Study.Status.CLOSED, closed_at=START + datetime.timedelta(days=2)
    )
    with on_day(32):
        assert research_volunteers_purge() == 0
    with on_day(33):
        assert research_volunteers_purge() == 2


@pytest.mark.django_db
def test_groups_answers_go_90_days_after_recruitment_ends(study):
    with on_day(100):
        assert research_group_answers_purge() == 0
    with on_day(101):
        assert research_group_answers_purge() == 1
    assert not GroupInvitation.objects.exists()


@pytest.mark.django_db
def test_researcher_applications_go_30_days_after_decision_or_90_days_undecided(db):
    with on_day(0):
        undecided = ResearcherApplication.objects.create(
            name="Rita", email="rita@uni.example", institution="UiO", position="Stipendiat", consent_text_version="x"
        )
        decided = ResearcherApplication.objects.create(
            name="Rolf", email="rolf@uni.example", institution="UiB", position="Professor", consent_text_version="x",
            status=ResearcherApplication.Status.DECLINED, decided_at=timezone.now(),
        )
    with on_day(30):
        assert researcher_applications_purge() == 0
    with on_day(31):
        assert researcher_applications_purge() == 1
        assert not ResearcherApplication.objects.filter(pk=decided.pk).exists()
    with on_day(90):
        assert researcher_applications_purge() == 0
    with on_day(91):
        assert researcher_applications_purge() == 1
        assert not ResearcherApplication.objects.filter(pk=undecided.pk).exists()


@pytest.mark.django_db
def test_housekeeping_runs_the_research_jobs(study):
    with on_day(45):
        call_command("housekeeping", verbosity=0)
    assert not Volunteer.objects.exists()
    study.refresh_from_db()
    assert study.status == Study.Status.CLOSED
