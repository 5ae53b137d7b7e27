"""Telling people once per group when a matching group recruits, opens or gets an information meeting."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from facilitators.models import InfoMeeting, InterestNotification
from facilitators.services.interest import interest_notify_due
from groups.models import Attendance
from tests.facilitators.interest_helpers import messages_to, path_in
from tests.factories import SelfHelpGroupFactory


@pytest.fixture
def sweep(committed):
    return lambda: committed(interest_notify_due)


def group_in(places, themes, *, municipality="levanger", theme="sorg", status="recruiting", **fields):
    return SelfHelpGroupFactory(
        municipality=places[municipality] if municipality else None,
        themes=[themes[theme]],
        status=status,
        **fields,
    )


@pytest.mark.django_db
def test_a_recruiting_group_is_told_once_even_when_the_sweep_runs_twice(
    sweep, registration_of, places, themes, site
):
    person = registration_of()
    group = group_in(places, themes)
    mail.outbox = []
    assert sweep() == 1
    assert sweep() == 0
    message = messages_to(person.email)[-1]
    # The subject may show on a lock screen: it names no group; the body does.
    assert group.name not in message.subject and group.name in message.body
    assert path_in(message.body, "din").startswith("/meld-interesse/din/")
    assert f"/{group.slug}/" in message.body
    told = InterestNotification.objects.get()
    assert (told.registration, told.group, told.reason) == (person, group, "recruiting")


@pytest.mark.django_db
def test_status_going_back_and_forth_does_not_tell_again(sweep, registration_of, places, themes):
    registration_of()
    group = group_in(places, themes, status="recruiting")
    assert sweep() == 1
    for status in ("closed", "open", "paused", "recruiting", "open"):
        group.status = status
        group.save()
        assert sweep() == 0
    assert InterestNotification.objects.count() == 1


@pytest.mark.django_db
def test_unconfirmed_and_expired_registrations_are_not_told(sweep, registration_of, places, themes):
    registration_of(confirmed=False)
    expired = registration_of()
    expired.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    group_in(places, themes)
    mail.outbox = []
    assert sweep() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_only_groups_that_share_a_theme_and_are_within_reach_are_told(sweep, registration_of, places, themes):
    only_here = registration_of(municipality="levanger", radius_km=0)
    within_20 = registration_of(municipality="levanger", radius_km=20)
    angst = registration_of(municipality="verdal", theme_names=("angst",))
    group_in(places, themes, municipality="verdal")  # ~11 km from Levanger
    group_in(places, themes, municipality="bodo")  # far away
    group_in(places, themes, municipality="verdal", theme="depresjon")
    sweep()
    told = set(InterestNotification.objects.values_list("registration_id", flat=True))
    assert told == {within_20.pk}
    assert only_here.pk not in told and angst.pk not in told


@pytest.mark.django_db
def test_an_online_group_is_for_everyone_on_its_theme(sweep, registration_of, places, themes):
    far = registration_of(municipality="bodo")
    other_theme = registration_of(municipality="bodo", theme_names=("angst",))
    group_in(places, themes, municipality=None, attendance=Attendance.ONLINE)
    assert sweep() == 1
    assert InterestNotification.objects.get().registration == far
    assert not other_theme.notifications.exists()


@pytest.mark.django_db
def test_planned_groups_are_told_only_when_they_have_an_upcoming_information_meeting(
    sweep, registration_of, places, themes
):
    registration_of()
    group = group_in(places, themes, status="planned")
    unpublished = group_in(places, themes, status="recruiting", live=False)
    assert sweep() == 0
    start = timezone.now() + datetime.timedelta(days=10)
    cancelled = InfoMeeting.objects.create(
        group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1), place="Biblioteket",
        cancelled_at=timezone.now(),
    )
    past = timezone.now() - datetime.timedelta(days=1)
    InfoMeeting.objects.create(group=group, starts_at=past, ends_at=past + datetime.timedelta(hours=1), place="X")
    assert sweep() == 0
    cancelled.cancelled_at = None
    cancelled.save()
    mail.outbox = []
    assert sweep() == 1
    told = InterestNotification.objects.get()
    assert told.group == group and told.reason == "meeting"
    assert "Biblioteket" in mail.outbox[0].body
    assert not InterestNotification.objects.filter(group=unpublished).exists()


@pytest.mark.django_db
def test_english_registration_is_told_in_english(sweep, registration_of, places, themes, site_en):
    person = registration_of(language="en")
    group_in(places, themes)
    mail.outbox = []
    sweep()
    message = messages_to(person.email)[-1]
    assert message.subject == "News about a self-help group for you"
    assert "Grief" in message.body
    assert path_in(message.body, "din").startswith("/en/meld-interesse/din/")
    assert "/en/find-a-group/" in message.body


@pytest.mark.django_db
def test_a_concurrent_sweep_that_lost_the_race_sends_nothing(committed, registration_of, places, themes):
    from facilitators.services.interest import _News, _tell

    person = registration_of()
    group = group_in(places, themes)
    # The other sweep's row committed between our read of who is due and our insert.
    InterestNotification.objects.create(registration=person, group=group, reason="open")
    mail.outbox = []
    assert committed(_tell, person, [_News(group=group, reason="recruiting", meeting=None)]) is False
    assert mail.outbox == []
    assert InterestNotification.objects.get().reason == "open"


def test_the_database_guards_once_per_group(db, registration_of, places, themes):
    person = registration_of()
    group = group_in(places, themes)
    InterestNotification.objects.create(registration=person, group=group, reason="open")
    with pytest.raises(IntegrityError):
        InterestNotification.objects.create(registration=person, group=group, reason="meeting")


@pytest.mark.django_db
def test_several_new_groups_at_once_are_one_digest_mail(sweep, registration_of, places, themes, site):
    person = registration_of()
    first = group_in(places, themes, name="Sorggruppe Levanger sentrum")
    second = group_in(places, themes, name="Sorggruppe Levanger Skogn", status="open")
    mail.outbox = []
    assert sweep() == 1
    messages = messages_to(person.email)
    assert len(messages) == 1
    assert messages[0].subject == "Nytt om selvhjelpsgrupper for deg"
    assert first.name in messages[0].body and second.name in messages[0].body
    assert InterestNotification.objects.filter(registration=person).count() == 2
    assert sweep() == 0


@pytest.mark.django_db
def test_a_meeting_notice_links_the_sign_up_and_says_when_it_is_full(sweep, registration_of, places, themes, site):
    from facilitators.models import MeetingSignUp

    person = registration_of()
    group = group_in(places, themes, status="planned")
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = InfoMeeting.objects.create(
        group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=1), place="Biblioteket", capacity=1,
    )
    mail.outbox = []
    sweep()
    body = messages_to(person.email)[-1].body
    assert f"/informasjonsmoter/{meeting.pk}/meld-pa/" in body
    assert "fullt" not in body

    other = registration_of(email="sent@example.net")
    MeetingSignUp.objects.create(meeting=meeting, name="Ola", email="ola@example.net", status="confirmed",
                                 consent_text_version="1")
    mail.outbox = []
    sweep()
    body = messages_to(other.email)[-1].body
    assert "Møtet er fullt" in body and "venteliste" in body
    assert f"/informasjonsmoter/{meeting.pk}/meld-pa/" in body
