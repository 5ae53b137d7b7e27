"""Volunteering for a study as a person: the form, double opt-in with a neutral first e-mail,
the consent text and version stored and shown back, the person's own page, withdrawing at once,
and every closed path (enumeration, mass mail, malformed input, other people's links)."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override

from facilitators import roles
from research.models import Study, StudyCounter, StudyVersion, Volunteer, VolunteerLink
from research.services.volunteers import volunteers_unconfirmed_purge
from tests.factories import person_with_role
from tests.research.test_public import make_study

CONSENT = "Jeg samtykker til å bli kontaktet av forskerne i prosjektet «Selvhjelp og mestring»."
Q1, Q2 = "Er du med i en selvhjelpsgruppe nå?", "Hvor lenge har du vært med?"


def nb(msgid):
    with override("nb"):
        return gettext(msgid)


@pytest.fixture
def study(site, themes):
    return make_study(themes=[themes["sorg"]])


def volunteer_url(study, language="nb"):
    return f"/forskning/{study.slug}/meld-deg/" if language == "nb" else f"/en/research/{study.slug}/volunteer/"


def valid(**overrides):
    return {
        "name": "Sigrid Hansen",
        "email": "Sigrid@Example.net",
        "phone": "912 34 567",
        "screening_0": "Ja",
        "screening_1": "Ett år eller mer",
        "group_name": "Sorggruppa på Frivilligsentralen",
        "wants_findings": "on",
        "consent": "on",
        "version": "1",
        **overrides,
    }


def confirm_path(body):
    match = re.search(r"https?://[^/\s]+((?:/en/research/volunteer/confirm|/forskning/meld-deg/bekreft)/[\w-]+/)", body)
    assert match, body
    return match.group(1)


def manage_path(body):
    match = re.search(r"https?://[^/\s]+((?:/en/research/volunteer/yours|/forskning/meld-deg/din)/[\w-]+/)", body)
    assert match, body
    return match.group(1)


def volunteer_and_confirm(client, post, study, **overrides):
    """Volunteer through the form and confirm from the e-mail; returns the manage path."""
    mail.outbox = []
    assert post(volunteer_url(study), valid(**overrides)).status_code == 302
    [ask] = mail.outbox
    confirmed = post(confirm_path(ask.body), {"action": "confirm"})
    assert confirmed.status_code == 302
    return confirmed["Location"]


# The happy path ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_volunteering_and_confirming_stores_the_exact_consent_and_shows_it_back(client, study, post):
    response = post(volunteer_url(study), valid())
    assert response.status_code == 302
    assert response["Location"] == "/forskning/meld-deg/sendt/"

    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.PENDING and volunteer.confirmed_at is None
    assert volunteer.study == study and volunteer.version == study.live_version
    assert volunteer.consent_text == CONSENT
    assert volunteer.consented_at is not None and volunteer.language == "nb"
    assert volunteer.email == "sigrid@example.net" and volunteer.phone == "912 34 567"
    assert volunteer.screening_answers == {Q1: "Ja", Q2: "Ett år eller mer"}
    assert volunteer.group_name == "Sorggruppa på Frivilligsentralen" and volunteer.wants_findings

    # The first e-mail is neutral: no study, no theme, no institution, nothing typed.
    [ask] = mail.outbox
    assert ask.to == ["sigrid@example.net"]
    assert ask.subject == nb("Confirm your sign-up on Samhold")
    for secret in ["Selvhjelp og mestring", "selvhjelp-og-mestring", "Sorg", "sorg", "NTNU", "Sigrid", "forsk", "research"]:
        assert secret not in ask.subject and secret not in ask.body.replace(confirm_path(ask.body), ""), secret
    assert ask.reply_to == []

    # The sent page says the same to everyone and names nothing.
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and "Selvhjelp og mestring" not in sent.content.decode()

    # Opening the link shows what was sent and changes nothing (a link scanner may open it).
    page = client.get(confirm_path(ask.body))
    assert page.status_code == 200
    assert "Selvhjelp og mestring" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private" and page["X-Robots-Tag"] == "noindex, nofollow"
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.PENDING

    mail.outbox = []
    confirmed = post(confirm_path(ask.body), {"action": "confirm"})
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith("/forskning/meld-deg/din/")
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.NEW and volunteer.confirmed_at is not None

    # Now the study may be named, with the link to the person's own page.
    [message] = mail.outbox
    assert message.to == ["sigrid@example.net"]
    assert "Selvhjelp og mestring" not in message.subject
    assert "Selvhjelp og mestring" in message.body and "prosjekt@ntnu.example" in message.body
    own = client.get(manage_path(message.body))
    assert own.status_code == 200

    # The person's own page: everything shared, the exact text and version agreed to, and when.
    page = client.get(confirmed["Location"])
    assert page.status_code == 200 and page["Cache-Control"] == "no-store, private"
    text = page.content.decode()
    for shown in [
        "Sigrid Hansen", "sigrid@example.net", "912 34 567", Q1, "Ja", Q2, "Ett år eller mer",
        "Sorggruppa på Frivilligsentralen", "prosjekt@ntnu.example", "Professor Solveig Dahl",
        "/forskning/meld-deg/din/", "/trekk/",
    ]:
        assert shown in text, shown
    assert CONSENT.replace("«", "&laquo;").replace("»", "&raquo;") in text or CONSENT in text
    assert re.search(r"Version 1\b|Versjon 1\b", text)
    # The confirm link worked once.
    assert client.get(confirm_path(ask.body)).status_code == 404


@pytest.mark.django_db
def test_volunteering_in_english_keeps_the_language_for_mail_and_links(client, study, post, site_en):
    response = post(volunteer_url(study, "en"), valid())
    assert response["Location"] == "/en/research/volunteer/sent/"
    volunteer = Volunteer.objects.get()
    assert volunteer.language == "en"
    [ask] = mail.outbox
    assert ask.subject == "Confirm your sign-up on Samhold"
    assert confirm_path(ask.body).startswith("/en/research/volunteer/confirm/")
    mail.outbox = []
    confirmed = post(confirm_path(ask.body), {"action": "confirm"})
    assert confirmed["Location"].startswith("/en/research/volunteer/yours/")
    [message] = mail.outbox
    assert manage_path(message.body).startswith("/en/research/volunteer/yours/")


@pytest.mark.django_db
def test_a_study_without_screening_questions_asks_none(client, site, post):
    study = make_study(slug="uten-sporsmal", questions=[])
    page = client.get(f"/forskning/{study.slug}/").content.decode()
    assert "screening_0" not in page
    data = valid()
    del data["screening_0"], data["screening_1"]
    assert post(volunteer_url(study), data).status_code == 302
    assert Volunteer.objects.get().screening_answers == {}


@pytest.mark.django_db
def test_the_volunteer_address_shows_the_study_page_on_get(client, study):
    response = client.get(volunteer_url(study))
    assert response.status_code == 200
    assert 'name="consent"' in response.content.decode()


# Nothing tells whether someone has volunteered --------------------------------------------

@pytest.mark.django_db
def test_volunteering_again_with_the_same_address_sends_nothing_new_and_answers_the_same(client, study, post):
    first = post(volunteer_url(study), valid())
    assert len(mail.outbox) == 1
    again = post(volunteer_url(study), valid(email="SIGRID@example.NET", name="Noen andre"), ip="10.0.0.8")
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    assert len(mail.outbox) == 1
    assert Volunteer.objects.count() == 1 and Volunteer.objects.get().name == "Sigrid Hansen"
    tagged = post(volunteer_url(study), valid(email="sigrid+studie@example.net"), ip="10.0.0.10")
    assert tagged["Location"] == first["Location"] and len(mail.outbox) == 1

    # Also once confirmed.
    post(confirm_path(mail.outbox[0].body), {"action": "confirm"})
    mail.outbox = []
    third = post(volunteer_url(study), valid(), ip="10.0.0.9")
    assert third["Location"] == first["Location"] and mail.outbox == []
    assert Volunteer.objects.count() == 1


@pytest.mark.django_db
def test_one_mailbox_gets_only_its_daily_share_of_mail_whoever_fills_in_the_forms(client, site, themes, post, settings):
    settings.SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY = 1
    one = make_study(slug="en")
    two = make_study(slug="to")
    first = post(volunteer_url(one), valid())
    second = post(volunteer_url(two), valid(email="sigrid+forskning@example.net"), ip="10.0.0.8")
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1
    assert list(Volunteer.objects.values_list("study__slug", flat=True)) == ["en"]


@pytest.mark.django_db
def test_many_sign_ups_from_one_network_are_limited_and_the_input_kept(client, site, post, settings):
    settings.SAMHOLD_RESEARCH_VOLUNTEER_LIMIT_PER_IP_PER_HOUR = 2
    studies = [make_study(slug=f"studie-{n}") for n in range(3)]
    assert post(volunteer_url(studies[0]), valid(email="a@example.net")).status_code == 302
    assert post(volunteer_url(studies[1]), valid(email="b@example.net")).status_code == 302
    limited = post(volunteer_url(studies[2]), valid(email="c@example.net"))
    assert limited.status_code == 429
    assert 'value="c@example.net"' in limited.content.decode()
    assert Volunteer.objects.count() == 2
    # Another network is not affected.
    assert post(volunteer_url(studies[2]), valid(email="c@example.net"), ip="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(client, study, post):
    response = post(volunteer_url(study), valid(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/forskning/meld-deg/sendt/"
    assert Volunteer.objects.count() == 0 and mail.outbox == []


# Malformed input is a 400 with a message, never a 500 --------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"consent": ""}, "consent"),
        ({"name": ""}, "name"),
        ({"name": "\u200e\u202e"}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"email": ""}, "email"),
        ({"phone": "ring meg"}, "phone"),
        ({"screening_0": ""}, "screening_0"),
        ({"screening_0": "Kanskje"}, "screening_0"),
        ({"screening_1": "<script>"}, "screening_1"),
        ({"group_name": "g" * 201}, "group_name"),
        ({"version": ""}, "version"),
        ({"version": "abc"}, "version"),
        ({"version": "99999999999999999999999"}, "version"),
        ({"version": "-1"}, "version"),
    ],
)
def test_invalid_input_is_a_400_that_keeps_what_was_written(client, study, post, overrides, field):
    response = post(volunteer_url(study), valid(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert f'href="#id_{field}' in page
    if field != "name":
        assert 'value="Sigrid Hansen"' in page
    assert Volunteer.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_an_empty_or_garbage_post_is_a_400(client, study, post):
    assert post(volunteer_url(study), {}).status_code == 400
    assert post(volunteer_url(study), {"name": ["a", "b"], "screening_99": "Ja", "version": "1e5"}).status_code == 400
    assert client.put(volunteer_url(study)).status_code == 405
    assert Volunteer.objects.count() == 0


@pytest.mark.django_db
def test_a_new_version_approved_while_the_person_read_the_old_one_stores_nothing(client, study, post):
    new = StudyVersion.objects.create(
        study=study, number=2, status=StudyVersion.Status.APPROVED, inclusion_criteria="Ny",
        consent_text="Ny samtykketekst, versjon 2.", screening_questions=study.live_version.screening_questions,
    )
    Study.objects.filter(pk=study.pk).update(live_version=new)
    response = post(volunteer_url(study), valid(version="1"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ny samtykketekst, versjon 2." in page and 'name="version" value="2"' in page
    assert Volunteer.objects.count() == 0 and mail.outbox == []
    # Agreeing to the text now shown works, and stores that text and version.
    assert post(volunteer_url(study), valid(version="2")).status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.version == new and volunteer.consent_text == "Ny samtykketekst, versjon 2."


@pytest.mark.django_db
def test_volunteering_for_a_study_that_no_longer_recruits_is_a_404(client, study, post):
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED)
    assert post(volunteer_url(study), valid()).status_code == 404
    assert client.get(volunteer_url(study)).status_code == 404
    assert Volunteer.objects.count() == 0 and mail.outbox == []


# Confirming -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_it_was_not_me_deletes_at_once_and_counts_no_withdrawal(client, study, post):
    post(volunteer_url(study), valid())
    [ask] = mail.outbox
    response = post(confirm_path(ask.body), {"action": "delete"})
    assert response.status_code == 302 and response["Location"] == "/forskning/meld-deg/trukket/"
    assert Volunteer.objects.count() == 0 and VolunteerLink.objects.count() == 0
    assert not StudyCounter.objects.filter(study=study, withdrawn__gt=0).exists()


@pytest.mark.django_db
def test_confirming_after_recruitment_ended_is_refused_and_the_researchers_never_see_it(client, study, post):
    post(volunteer_url(study), valid())
    [ask] = mail.outbox
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED, closed_at=timezone.now())
    page = client.get(confirm_path(ask.body))
    assert page.status_code == 200 and 'value="confirm"' not in page.content.decode()
    mail.outbox = []
    response = post(confirm_path(ask.body), {"action": "confirm"})
    assert response.status_code == 409
    assert Volunteer.objects.get().status == Volunteer.Status.PENDING and mail.outbox == []


@pytest.mark.django_db
def test_confirming_twice_sends_one_confirmation(client, study, post):
    post(volunteer_url(study), valid())
    [ask] = mail.outbox
    path = confirm_path(ask.body)
    mail.outbox = []
    assert post(path, {"action": "confirm"}).status_code == 302
    assert post(path, {"action": "confirm"}).status_code == 404  # the link is spent
    assert len(mail.outbox) == 1


# Withdrawing ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_withdrawing_deletes_at_once_and_leaves_only_a_count(client, study, post):
    own_page = volunteer_and_confirm(client, post, study)
    token = own_page.rstrip("/").rsplit("/", 1)[1]
    other_page = volunteer_and_confirm(client, post, study, email="other@example.net")
    # Two manage links each (the e-mail's and the page's after confirming); confirm links are spent.
    assert VolunteerLink.objects.filter(purpose="manage").count() == VolunteerLink.objects.count() == 4

    assert client.get(f"/forskning/meld-deg/din/{token}/trekk/").status_code == 405
    assert post(f"/forskning/meld-deg/din/{token}/trekk/").status_code == 400  # asks once to confirm
    response = post(f"/forskning/meld-deg/din/{token}/trekk/", {"confirm_delete": "yes"})
    assert response.status_code == 302 and response["Location"] == "/forskning/meld-deg/trukket/"
    assert response["Cache-Control"] == "no-store, private"
    assert list(Volunteer.objects.values_list("email", flat=True)) == ["other@example.net"]
    assert VolunteerLink.objects.count() == 2
    assert StudyCounter.objects.get(study=study).withdrawn == 1
    assert client.get(response["Location"]).status_code == 200

    # The link is gone with the person: a calm 404, and nothing counted twice.
    gone = client.get(own_page)
    assert gone.status_code == 404 and 'name="robots" content="noindex"' in gone.content.decode()
    assert post(f"/forskning/meld-deg/din/{token}/trekk/").status_code == 404
    assert StudyCounter.objects.get(study=study).withdrawn == 1

    other_token = other_page.rstrip("/").rsplit("/", 1)[1]
    post(f"/forskning/meld-deg/din/{other_token}/trekk/", {"confirm_delete": "yes"})
    assert Volunteer.objects.count() == 0 and StudyCounter.objects.get(study=study).withdrawn == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/forskning/meld-deg/din/{token}/",
        "/forskning/meld-deg/bekreft/{token}/",
        "/en/research/volunteer/yours/{token}/",
    ],
)
@pytest.mark.parametrize("token", ["finnes-ikke", "a" * 43, "x" * 500, "%00"])
def test_an_unknown_or_malformed_link_is_the_calm_404(client, study, path, token):
    response = client.get(path.format(token=token))
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_a_confirm_link_does_not_open_the_own_page_and_a_manage_link_does_not_confirm(client, study, post):
    post(volunteer_url(study), valid())
    [ask] = mail.outbox
    confirm_token = confirm_path(ask.body).rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/forskning/meld-deg/din/{confirm_token}/").status_code == 404
    assert post(f"/forskning/meld-deg/din/{confirm_token}/trekk/").status_code == 404
    assert Volunteer.objects.count() == 1


# Nobody else sees anything ---------------------------------------------------------------

@pytest.mark.django_db
def test_a_researcher_of_another_study_reaches_no_volunteer(client, study, post, themes):
    own_page = volunteer_and_confirm(client, post, study)
    other = person_with_role(roles.RESEARCHER, email="annen.forsker@example.org")
    other_study = make_study(slug="annen", researcher=other, themes=[themes["angst"]])
    researcher = Client()
    researcher.force_login(other)
    # Volunteers have no public route but the person's own link.
    for path in [
        f"/min-side/forskning/{study.pk}/frivillige/",
        f"/min-side/forskning/{study.pk}/frivillige.csv",
        "/forskning/meld-deg/din/gjettet-lenke/",
    ]:
        assert researcher.get(path).status_code == 404, path
    volunteer = Volunteer.objects.get()
    status_path = f"/min-side/forskning/{study.pk}/frivillige/{volunteer.pk}/"
    assert researcher.post(status_path, {"status": "included"}).status_code == 404
    assert researcher.post("/forskning/meld-deg/din/gjettet-lenke/trekk/").status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.NEW
    for path in ["/forskning/selvhjelp-og-mestring/", "/forskning/annen/", "/forskning/"]:
        page = researcher.get(path).content.decode()
        assert "Sigrid" not in page and "sigrid@example.net" not in page
    assert other_study.volunteers.count() == 0
    # The own page is the person's link, not a researcher's session.
    assert "sigrid@example.net" in client.get(own_page).content.decode()


# Housekeeping ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_unconfirmed_volunteers_are_deleted_after_the_retention_period_with_their_links(client, study, post, settings):
    assert settings.SAMHOLD_RETENTION["research_volunteer_unconfirmed"] == 7
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        post(volunteer_url(study), valid(email="old@example.net"))
        volunteer_and_confirm(client, post, study, email="confirmed@example.net")
    with time_machine.travel(start + datetime.timedelta(days=6), tick=False):
        post(volunteer_url(study), valid(email="new@example.net"), ip="10.0.0.20")
        assert volunteers_unconfirmed_purge() == 0
    with time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False):
        assert volunteers_unconfirmed_purge() == 1
    assert sorted(Volunteer.objects.values_list("email", flat=True)) == ["confirmed@example.net", "new@example.net"]
    assert not VolunteerLink.objects.filter(owner__email="old@example.net").exists()
    assert VolunteerLink.objects.count() == 3  # new's confirm link, confirmed's two manage links


@pytest.mark.django_db
def test_sign_ups_from_rotating_networks_stop_at_the_studys_hourly_ceiling(client, site, post, settings):
    settings.SAMHOLD_RESEARCH_VOLUNTEERS_PER_STUDY_PER_HOUR = 3
    study, other = make_study(slug="flom"), make_study(slug="rolig")
    # Every sign-up from a /48 of its own: no network limit is ever reached.
    networks = [f"2001:db8:{n:x}::1" for n in range(5)]
    answers = [post(volunteer_url(study), valid(email=f"p{n}@example.net"), ip=ip) for n, ip in enumerate(networks)]
    assert [response.status_code for response in answers] == [302, 302, 302, 429, 429]
    assert Volunteer.objects.filter(study=study).count() == 3
    assert len(mail.outbox) == 3
    # Another study is not affected.
    assert post(volunteer_url(other), valid(email="q@example.net"), ip="2001:db8:ff::1").status_code == 302


@pytest.mark.django_db
def test_a_volunteer_who_lost_the_e_mail_gets_fresh_links_from_see_or_delete_what_we_hold(client, study, post):
    post(volunteer_url(study), valid(email="glemsk@example.net"))
    pending_only = make_study(slug="annen")
    post(volunteer_url(pending_only), valid(email="glemsk@example.net"), ip="10.0.0.9")
    [first_confirm, _second] = [m for m in mail.outbox if m.to == ["glemsk@example.net"]]
    post(confirm_path(first_confirm.body), {"action": "confirm"})
    mail.outbox = []

    response = post("/mine-opplysninger/", {"email": "Glemsk@Example.net"}, ip="10.1.1.1")
    assert (response.status_code, response["Location"]) == (302, "/mine-opplysninger/sendt/")
    [message] = mail.outbox
    # Like the first e-mail, it names no study: it may be read on a lock screen.
    assert study.title not in message.subject + message.body
    assert pending_only.title not in message.body
    paths = [line[line.index("/", 8):] for line in message.body.splitlines() if line.startswith("http")]
    assert len(paths) == 2
    own_page = client.get(next(path for path in paths if "/din/" in path))
    assert own_page.status_code == 200 and "glemsk@example.net" in own_page.text
    assert client.get(next(path for path in paths if "/bekreft/" in path)).status_code == 200
