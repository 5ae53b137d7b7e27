"""The national administrators' approval of studies in the admin, and the life of a study
through it: approved, returned with a comment, declined; a changed version after approval that
is approved again while volunteers keep the version they agreed to; a change to what the
approval rests on, which pauses recruitment. Coordinators see none of it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from facilitators.models import AuditEntry
from facilitators.models.records import Action
from research.models import Study, StudyVersion, Volunteer
from research.selectors.studies import studies_awaiting_decision
from research.services.accounts import researcher_language_remember
from tests.factories.research import researcher
from tests.research.studies_helpers import (
    PDF,
    approved_study,
    as_it_stands,
    form_data,
    pdf_upload,
    submitted_study,
)

ADMIN = "/admin/studier/"


@pytest.fixture
def rita(db):
    return researcher(email="rita@ntnu.example", first_name="Rita")


@pytest.fixture
def sent(rita, themes, committed, people):
    study = committed(submitted_study, rita, [themes["sorg"]], title="Sorg og fellesskap")
    mail.outbox.clear()
    return study


def _inspect(client, study):
    return client.get(f"{ADMIN}inspect/{study.pk}/")


@pytest.mark.django_db
def test_the_administrator_sees_the_menu_the_list_and_everything_in_a_study(client, people, sent):
    client.force_login(people["administrator"])
    assert ADMIN in client.get("/admin/").text
    listing = client.get(ADMIN)
    assert listing.status_code == 200
    assert "Sorg og fellesskap" in listing.text
    assert "Sorg og fellesskap" in client.get(ADMIN, {"q": "fellesskap"}).text
    assert "Sorg og fellesskap" not in client.get(ADMIN, {"q": "ingenting slikt"}).text
    waiting = client.get(ADMIN, {"waiting": "true"})
    assert "Sorg og fellesskap" in waiting.text
    assert "Sorg og fellesskap" not in client.get(ADMIN, {"waiting": "false"}).text
    page = _inspect(client, sent)
    assert page.status_code == 200
    for text in (
        "Sorg og fellesskap", "Professor Prøve", "2026/123456", "prosjekt@example.org", "rita@ntnu.example",
        "Voksne i en gruppe.", "Jeg samtykker til at navn og e-post gis til prosjektet.",
        "Er du med i en gruppe nå?", f"{ADMIN}letter/{sent.pk}/1/", f"{ADMIN}approve/{sent.pk}/",
        f"{ADMIN}return/{sent.pk}/", f"{ADMIN}decline/{sent.pk}/",
    ):
        assert text in page.text, text
    letter = client.get(f"{ADMIN}letter/{sent.pk}/1/")
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["X-Content-Type-Options"] == "nosniff"
    assert b"".join(letter.streaming_content) == PDF
    assert client.get(f"{ADMIN}letter/{sent.pk}/2/").status_code == 404
    assert client.get(f"{ADMIN}edit/{sent.pk}/").status_code == 404
    assert client.get(f"{ADMIN}new/").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_cannot_see_the_studies_menu_a_study_its_letter_nor_approve(client, people, sent, post):
    client.force_login(people["coordinator"])
    assert ADMIN not in client.get("/admin/").text
    assert client.get(ADMIN).status_code == 302
    assert _inspect(client, sent).status_code == 404
    assert client.get(f"{ADMIN}letter/{sent.pk}/1/").status_code == 404
    for action in ("approve", "return", "decline"):
        assert post(f"{ADMIN}{action}/{sent.pk}/", {"comment": "Nei"}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == Study.Status.SUBMITTED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_researcher_never_reaches_the_admin(client, rita, sent, post):
    client.force_login(rita)
    assert _inspect(client, sent)["Location"].startswith("/admin/login/")
    post(f"{ADMIN}approve/{sent.pk}/")
    sent.refresh_from_db()
    assert sent.status == Study.Status.SUBMITTED


@pytest.mark.django_db
def test_approval_makes_the_version_live_and_tells_the_researcher_in_their_language(client, people, rita, sent, post):
    researcher_language_remember(user=rita, language="en")
    client.force_login(people["administrator"])
    response = post(f"{ADMIN}approve/{sent.pk}/")
    assert response.status_code == 302
    sent.refresh_from_db()
    version = sent.versions.get()
    assert sent.status == Study.Status.RECRUITING
    assert sent.live_version == version
    assert sent.is_recruiting
    assert (version.status, version.approved_by) == (StudyVersion.Status.APPROVED, people["administrator"])
    assert version.approved_at is not None
    assert sent.decided_by == people["administrator"]
    assert AuditEntry.objects.filter(action=Action.STUDY_APPROVED, object_id=str(sent.pk)).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@ntnu.example"]
    assert mail.outbox[0].subject == "Your study is approved"
    assert f"/en/min-side/forskning/{sent.pk}/" in mail.outbox[0].body
    # Decided is decided: a second approval changes nothing and sends nothing.
    post(f"{ADMIN}approve/{sent.pk}/")
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action=Action.STUDY_APPROVED).count() == 1


@pytest.mark.django_db
def test_returning_needs_a_comment_the_researcher_reads_and_answers(client, people, rita, sent, post, themes):
    client.force_login(people["administrator"])
    post(f"{ADMIN}return/{sent.pk}/", {"comment": "  "})
    sent.refresh_from_db()
    assert sent.status == Study.Status.SUBMITTED
    assert mail.outbox == []

    post(f"{ADMIN}return/{sent.pk}/", {"comment": "Informasjonsskrivet mangler sluttdato."})
    sent.refresh_from_db()
    assert sent.status == Study.Status.RETURNED
    assert sent.versions.get().status == StudyVersion.Status.RETURNED
    assert sent.review_comment == "Informasjonsskrivet mangler sluttdato."
    assert AuditEntry.objects.filter(action=Action.STUDY_RETURNED).count() == 1
    assert "Informasjonsskrivet mangler sluttdato." in mail.outbox[0].body

    client.force_login(rita)
    detail = client.get(reverse("research:study_detail", args=[sent.pk])).text
    assert "Informasjonsskrivet mangler sluttdato." in detail
    client.post(reverse("research:study_edit", args=[sent.pk]),
                form_data([themes["sorg"]], information_letter=pdf_upload()))
    post(reverse("research:study_submit", args=[sent.pk]))
    sent.refresh_from_db()
    version = sent.versions.get()
    assert (sent.status, version.status, version.number) == (Study.Status.SUBMITTED, StudyVersion.Status.SUBMITTED, 1)


@pytest.mark.django_db
def test_declining_ends_the_study(client, people, rita, sent, post):
    client.force_login(people["administrator"])
    post(f"{ADMIN}decline/{sent.pk}/", {"comment": "Utenfor formålet med Samhold."})
    sent.refresh_from_db()
    assert sent.status == Study.Status.DECLINED
    assert sent.live_version is None
    assert AuditEntry.objects.filter(action=Action.STUDY_DECLINED).count() == 1
    assert "Utenfor formålet med Samhold." in mail.outbox[0].body
    client.force_login(rita)
    assert client.get(reverse("research:study_edit", args=[sent.pk])).status_code == 302
    post(reverse("research:study_submit", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.status == Study.Status.DECLINED


@pytest.mark.django_db
def test_a_study_whose_period_has_ended_is_not_approved(client, people, sent, post):
    Study.objects.filter(pk=sent.pk).update(recruit_until=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(people["administrator"])
    post(f"{ADMIN}approve/{sent.pk}/")
    sent.refresh_from_db()
    assert sent.status == Study.Status.SUBMITTED
    assert mail.outbox == []


# After approval ---------------------------------------------------------------------------------

@pytest.fixture
def recruiting(rita, themes, committed, people):
    study = committed(approved_study, rita, [themes["sorg"]], people["administrator"], title="Sorg og fellesskap")
    mail.outbox.clear()
    return study


def _volunteer(study):
    return Volunteer.objects.create(
        study=study, version=study.live_version, name="Frida Frivillig", email="frida@example.net",
        consent_text=study.live_version.consent_text, status=Volunteer.Status.NEW, confirmed_at=timezone.now(),
    )


@pytest.mark.django_db
def test_a_new_consent_text_after_approval_is_a_new_version_and_volunteers_keep_theirs(
    client, people, rita, recruiting, themes, post
):
    first = recruiting.live_version
    frida = _volunteer(recruiting)
    client.force_login(rita)
    response = client.post(
        reverse("research:study_edit", args=[recruiting.pk]),
        form_data([themes["sorg"]], consent_text="Ny tekst: også telefonnummer gis til prosjektet.",
                  **as_it_stands(recruiting)),
    )
    assert response.status_code == 302
    recruiting.refresh_from_db()
    second = recruiting.versions.get(number=2)
    assert second.status == StudyVersion.Status.DRAFT
    assert second.consent_text == "Ny tekst: også telefonnummer gis til prosjektet."
    assert second.information_letter.name == first.information_letter.name  # the letter carries over
    # The approved version stays live meanwhile: the study keeps recruiting with it.
    assert recruiting.status == Study.Status.RECRUITING
    assert recruiting.live_version == first
    assert recruiting.is_recruiting

    post(reverse("research:study_submit", args=[recruiting.pk]))
    recruiting.refresh_from_db()
    second.refresh_from_db()
    assert second.status == StudyVersion.Status.SUBMITTED
    assert recruiting.status == Study.Status.RECRUITING
    assert recruiting.live_version == first
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    # While the administrators decide, nothing can be changed.
    assert client.get(reverse("research:study_edit", args=[recruiting.pk])).status_code == 302

    client.force_login(people["administrator"])
    page = _inspect(client, recruiting).text
    assert "Ny tekst: også telefonnummer gis til prosjektet." in page
    assert f"{ADMIN}decline/" not in page  # a recruiting study's change is returned, not declined
    post(f"{ADMIN}decline/{recruiting.pk}/")
    recruiting.refresh_from_db()
    assert recruiting.status == Study.Status.RECRUITING

    post(f"{ADMIN}approve/{recruiting.pk}/")
    recruiting.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert recruiting.live_version == second
    assert recruiting.status == Study.Status.RECRUITING
    assert first.status == StudyVersion.Status.SUPERSEDED
    assert second.status == StudyVersion.Status.APPROVED
    frida.refresh_from_db()
    assert frida.version == first
    assert frida.consent_text == "Jeg samtykker til at navn og e-post gis til prosjektet."


@pytest.mark.django_db
def test_a_returned_change_leaves_the_approved_version_recruiting(client, people, rita, recruiting, themes, post):
    client.force_login(rita)
    client.post(
        reverse("research:study_edit", args=[recruiting.pk]),
        form_data([themes["sorg"]], inclusion_criteria="Bare menn.", **as_it_stands(recruiting)),
    )
    post(reverse("research:study_submit", args=[recruiting.pk]))
    client.force_login(people["administrator"])
    post(f"{ADMIN}return/{recruiting.pk}/", {"comment": "Begrunn utvalget."})
    recruiting.refresh_from_db()
    assert recruiting.status == Study.Status.RECRUITING
    assert recruiting.live_version.number == 1
    assert recruiting.versions.get(number=2).status == StudyVersion.Status.RETURNED
    with override("nb"):
        keeps_recruiting = gettext(
            "The study keeps recruiting with the version approved before. Change what the comment asks, and send "
            "the study for approval again:"
        )
    assert keeps_recruiting in mail.outbox[-1].body


@pytest.mark.django_db
def test_changing_themes_area_or_period_pauses_recruitment_until_approved_again(
    client, people, rita, recruiting, themes, post
):
    client.force_login(rita)
    response = client.post(
        reverse("research:study_edit", args=[recruiting.pk]),
        form_data([themes["sorg"], themes["angst"]], **as_it_stands(recruiting),
                  consent_text=recruiting.live_version.consent_text,
                  inclusion_criteria=recruiting.live_version.inclusion_criteria, question_1="", question_2="",
                  choices_2=""),
    )
    assert response.status_code == 302
    recruiting.refresh_from_db()
    # The screening question was removed too: that part is a new version.
    assert recruiting.versions.count() == 2
    assert recruiting.status == Study.Status.DRAFT
    assert recruiting.live_version.number == 1
    assert not recruiting.is_recruiting
    with override("nb"):
        paused = gettext(
            "Recruitment is paused: you changed what the approval rests on. Send the study for approval again; it "
            "recruits again when an administrator approves it."
        )
    assert escape(paused) in client.get(reverse("research:study_detail", args=[recruiting.pk])).text

    post(reverse("research:study_submit", args=[recruiting.pk]))
    recruiting.refresh_from_db()
    assert recruiting.status == Study.Status.SUBMITTED
    client.force_login(people["administrator"])
    post(f"{ADMIN}approve/{recruiting.pk}/")
    recruiting.refresh_from_db()
    assert recruiting.status == Study.Status.RECRUITING
    assert recruiting.live_version.number == 2
    assert set(recruiting.themes.all()) == {themes["sorg"], themes["angst"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"title": "Et bedre navn", "what_it_means": "To samtaler."},
        # Replies to every message go to the contact address: a new one is approved first.
        {"contact_email": "en-annen@example.net"},
        # Asking groups e-mails their facilitators: a study approved without groups stays so.
        {"groups_sought": "50"},
    ],
)
def test_any_change_to_what_was_approved_pauses_recruitment_until_approved_again(
    client, rita, recruiting, themes, change
):
    live = recruiting.live_version
    before = recruiting.title, recruiting.contact_email, recruiting.groups_sought
    client.force_login(rita)
    response = client.post(
        reverse("research:study_edit", args=[recruiting.pk]),
        form_data([themes["sorg"]], **{**as_it_stands(recruiting), **change},
                  consent_text=live.consent_text, inclusion_criteria=live.inclusion_criteria,
                  question_1="Er du med i en gruppe nå?", question_2="", choices_2=""),
    )
    assert response.status_code == 302
    recruiting.refresh_from_db()
    assert (recruiting.title, recruiting.contact_email, recruiting.groups_sought) != before
    assert recruiting.slug == "sorg-og-fellesskap"  # the public address is kept
    assert recruiting.status == Study.Status.DRAFT
    assert not recruiting.is_recruiting
    assert client.get(reverse("research:public_study", args=[recruiting.slug])).status_code == 404
    assert recruiting.live_version == live


@pytest.mark.django_db
def test_the_researcher_closes_a_study_that_waits_for_a_changed_version(
    client, people, rita, recruiting, themes, post
):
    client.force_login(rita)
    client.post(
        reverse("research:study_edit", args=[recruiting.pk]),
        form_data([themes["sorg"]], consent_text="Endret.", **as_it_stands(recruiting)),
    )
    post(reverse("research:study_submit", args=[recruiting.pk]))
    post(reverse("research:study_close", args=[recruiting.pk]))
    recruiting.refresh_from_db()
    assert recruiting.status == Study.Status.CLOSED
    # No longer waiting for the administrators.
    assert not studies_awaiting_decision(user=people["administrator"]).exists()
