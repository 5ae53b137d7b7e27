"""Regression: a facilitator could create an unapproved online draft with every theme ticked and
e-mail every interested person in Norway, with any text, unseen by any coordinator.

Only a published (approved) group may write; only to the people the sender may see; a
per-sender daily cap besides the per-group one; every message kept for the county's coordinator."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import InterestMessage
from groups.models import Attendance
from tests.factories import StartUpFactory, ThemeFactory

TEXT = "Hei! Vi starter en ny gruppe og holder informasjonsmøte på biblioteket."


def write_url(group):
    return f"/min-side/grupper/{group.pk}/interesserte/skriv/"


def startup_for(facilitator, *, live, municipality=None, themes=(), online=False):
    startup = StartUpFactory(
        group__municipality=None if online else municipality,
        group__attendance=Attendance.ONLINE if online else Attendance.IN_PERSON,
        group__place="" if online else "Frivilligsentralen",
        group__live=live,
        group__status="recruiting" if live else "planned",
        group__themes=list(themes),
        facilitators=[facilitator],
    )
    return startup.group


@pytest.mark.django_db
def test_an_unapproved_online_draft_with_every_theme_cannot_mail_anyone(
    client, post, people, themes, everyone_interested
):
    draft = startup_for(people["facilitator"], live=False, online=True, themes=themes.values())
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(write_url(draft), {"message": TEXT})
    assert response.status_code == 409
    assert TEXT in response.content.decode()  # nothing typed is lost
    assert mail.outbox == []
    assert not InterestMessage.objects.exists()


@pytest.mark.django_db
def test_a_published_online_group_reaches_only_the_people_in_the_senders_area(
    client, post, people, themes, everyone_interested
):
    group = startup_for(people["facilitator"], live=True, online=True, themes=themes.values())
    client.force_login(people["facilitator"])
    mail.outbox = []
    assert post(write_url(group), {"message": TEXT}).status_code == 302
    # Fia facilitates in Levanger: the three Levanger people, never Verdal, Trondheim or Bodø.
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["levanger.angst@example.net", "levanger.depresjon@example.net", "levanger.sorg@example.net"]
    assert InterestMessage.objects.get().recipient_count == 3


@pytest.mark.django_db
def test_a_sender_is_capped_per_day_over_all_their_groups(client, post, people, places, themes, settings, registration_of):
    settings.SAMHOLD_INTEREST_MESSAGES_PER_SENDER_PER_DAY = 2
    registration_of(municipality="levanger", theme_names=("sorg",))
    groups = [
        startup_for(people["facilitator"], live=True, municipality=places["levanger"], themes=[themes["sorg"]])
        for _ in range(3)
    ]
    client.force_login(people["facilitator"])
    assert post(write_url(groups[0]), {"message": TEXT}).status_code == 302
    assert post(write_url(groups[1]), {"message": TEXT}).status_code == 302
    response = post(write_url(groups[2]), {"message": TEXT})
    assert response.status_code == 429
    assert TEXT in response.content.decode()
    assert InterestMessage.objects.count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert post(write_url(groups[2]), {"message": TEXT}).status_code == 302


@pytest.mark.django_db
def test_the_countys_coordinator_reads_every_message_and_no_other_coordinator_does(
    client, post, people, places, themes, registration_of
):
    registration_of(municipality="levanger", theme_names=("sorg",))
    group = startup_for(people["facilitator"], live=True, municipality=places["levanger"], themes=[themes["sorg"]])
    client.force_login(people["facilitator"])
    post(write_url(group), {"message": TEXT})
    message = InterestMessage.objects.get()
    assert message.sender == people["facilitator"] and message.body == TEXT

    client.force_login(people["coordinator"])
    listing = client.get("/admin/meldinger-til-interesserte/")
    assert listing.status_code == 200
    assert group.name in listing.content.decode()
    inspect = client.get(f"/admin/meldinger-til-interesserte/inspect/{message.pk}/")
    assert inspect.status_code == 200 and TEXT in inspect.content.decode()
    startup_page = client.get(f"/admin/oppstarter/inspect/{group.startup.pk}/")
    assert TEXT in startup_page.content.decode()

    client.force_login(people["other_coordinator"])
    assert group.name not in client.get("/admin/meldinger-til-interesserte/").content.decode()
    assert client.get(f"/admin/meldinger-til-interesserte/inspect/{message.pk}/").status_code == 404

    # A facilitator has no admin at all: sent to the admin's login.
    client.force_login(people["facilitator"])
    response = client.get("/admin/meldinger-til-interesserte/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_kept_messages_are_deleted_after_their_retention_period(people, places, settings):
    group = startup_for(people["facilitator"], live=True, municipality=places["levanger"],
                        themes=[ThemeFactory(name="Sorg2")])
    days = settings.SAMHOLD_RETENTION["interest_message"]
    InterestMessage.objects.create(group=group, sender=people["facilitator"], body="gammel",
                                   sent_at=timezone.now() - timedelta(days=days, minutes=1))
    InterestMessage.objects.create(group=group, sender=people["facilitator"], body="ny")
    call_command("housekeeping", verbosity=0)
    assert list(InterestMessage.objects.values_list("body", flat=True)) == ["ny"]
