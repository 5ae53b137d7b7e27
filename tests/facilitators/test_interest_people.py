"""The people behind the counts for a facilitator's planned group, and writing to them through the site."""

import pytest
from django.core import mail

from facilitators.models import AuditEntry, InterestNotification
from facilitators.models.records import Action
from tests.factories import StartUpFactory


@pytest.fixture
def group(people, places, themes):
    """Fia's planned sorg group in Levanger."""
    startup = StartUpFactory(
        group__municipality=places["levanger"], group__themes=[themes["sorg"]], facilitators=[people["facilitator"]]
    )
    return startup.group


@pytest.fixture
def interested(registration_of):
    return {
        "here": registration_of(municipality="levanger", email="her@example.net", phone="11223344"),
        "verdal_20km": registration_of(municipality="verdal", radius_km=20, email="naboen@example.net"),
        "verdal_only": registration_of(municipality="verdal", email="bare.verdal@example.net"),
        "other_theme": registration_of(municipality="levanger", theme_names=("angst",), email="angst@example.net"),
        "unconfirmed": registration_of(municipality="levanger", confirmed=False, email="ubekreftet@example.net"),
    }


def url(group):
    return f"/min-side/grupper/{group.pk}/interesserte/"


@pytest.mark.django_db
def test_facilitator_sees_only_matching_people_in_their_municipality_and_the_view_is_recorded(
    client, group, interested, people
):
    client.force_login(people["facilitator"])
    response = client.get(url(group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "her@example.net" in page and "11223344" in page
    # Matching, but in Verdal: outside Fia's area. Never shown, not even as a count.
    assert "naboen@example.net" not in page
    assert "others" not in response.context
    for absent in ("bare.verdal@", "angst@", "ubekreftet@"):
        assert absent not in page
    entry = AuditEntry.objects.get(action=Action.PEOPLE_VIEWED)
    assert entry.actor == people["facilitator"] and entry.object_id == str(group.pk)
    assert "@" not in entry.object_label + entry.detail
    assert f'/min-side/grupper/{group.pk}/"' in page  # back to the group on Min side


@pytest.mark.django_db
def test_coordinator_for_the_county_sees_everyone_matching_in_it(client, group, interested, people):
    client.force_login(people["coordinator"])
    page = client.get(url(group)).content.decode()
    assert "her@example.net" in page and "naboen@example.net" in page
    assert "bare.verdal@" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_facilitator", "other_coordinator", "contact"])
def test_others_get_404(client, group, interested, people, role):
    client.force_login(people[role])
    assert client.get(url(group)).status_code == 404
    assert client.post(f"{url(group)}skriv/", {"message": "x" * 30}).status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, group):
    response = client.get(url(group))
    assert response.status_code == 302 and "/min-side/logg-inn/" in response["Location"]


@pytest.mark.django_db
def test_who_was_told_and_when_is_shown(client, group, interested, people):
    InterestNotification.objects.create(registration=interested["here"], group=group, reason="meeting")
    client.force_login(people["facilitator"])
    response = client.get(url(group))
    [person] = response.context["people"]
    assert person.told.reason == "meeting"


@pytest.fixture
def published(group):
    group.live = True
    group.status = "recruiting"
    group.save()
    return group


@pytest.mark.django_db
def test_message_reaches_every_matching_person_the_sender_may_see_with_reply_to_the_facilitator(
    client, post, published, interested, people, site
):
    group = published
    client.force_login(people["coordinator"])
    mail.outbox = []
    text = "Vi holder informasjonsmøte på biblioteket tirsdag 3. mars klokka 18."
    response = post(f"{url(group)}skriv/", {"message": text})
    assert response.status_code == 302
    # The coordinator for Trøndelag sees both matching people, so both are written to.
    assert {tuple(message.to) for message in mail.outbox} == {("her@example.net",), ("naboen@example.net",)}
    for message in mail.outbox:
        assert message.reply_to == ["kari@example.org"]
        assert text in message.body
        # Replies go to the sender: the e-mail never carries the person's private link.
        assert "/meld-interesse/din/" not in message.body
        assert "/meld-interesse/bekreft/" not in message.body
    entry = AuditEntry.objects.get(action=Action.PEOPLE_MESSAGED)
    assert entry.detail == "2 recipients"
    # Being written to counts as being told about the group.
    assert set(InterestNotification.objects.filter(group=group).values_list("reason", flat=True)) == {"message"}


@pytest.mark.django_db
def test_messages_are_limited_to_three_per_group_per_day_and_the_fourth_keeps_its_text(
    client, post, published, interested, people
):
    group = published
    client.force_login(people["facilitator"])
    for n in range(3):
        assert post(f"{url(group)}skriv/", {"message": f"Melding nummer {n} til de interesserte."}).status_code == 302
    response = post(f"{url(group)}skriv/", {"message": "Den fjerde meldingen i dag."})
    assert response.status_code == 429
    assert "Den fjerde meldingen i dag." in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.PEOPLE_MESSAGED).count() == 3


@pytest.mark.django_db
def test_a_too_short_message_is_a_400_that_keeps_the_text(client, post, published, interested, people):
    group = published
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(f"{url(group)}skriv/", {"message": "Hei"})
    assert response.status_code == 400
    assert "Hei</textarea>" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_message_someone_else_sent_does_not_tell_how_many_outside_ones_area_received_it(
    client, post, published, interested, people
):
    """Kari (Trøndelag) writes to both matching people, one of them in Verdal. Fia, who sees only
    Levanger's, must not learn from "to 2 people" that one more exists outside her area."""
    group = published
    client.force_login(people["coordinator"])
    assert post(f"{url(group)}skriv/", {"message": "Informasjonsmøte på biblioteket tirsdag."}).status_code == 302
    client.force_login(people["facilitator"])
    assert post(f"{url(group)}skriv/", {"message": "Velkommen til første møte i gruppa."}).status_code == 302
    page = client.get(f"/en{url(group)}").content.decode()
    assert "Informasjonsmøte på biblioteket tirsdag." in page
    assert "to 2 people" not in page
    assert "to the interested people the sender can see" in page
    assert "to 1 person" in page  # her own message, to the one person she sees
    # The coordinator sees the count of her own message.
    client.force_login(people["coordinator"])
    assert "to 2 people" in client.get(f"/en{url(group)}").content.decode()
