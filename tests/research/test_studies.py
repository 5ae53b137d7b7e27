"""The researcher's Min side: the permission matrix of every study view cell by cell, writing a
study (and what the form refuses), sending it for approval, closing it, and what it could reach
shown only as counts, small numbers hidden."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from facilitators.consent import INTEREST_CONSENT_VERSION
from facilitators.models import AuditEntry
from facilitators.models.records import Action
from facilitators.services.interest import interest_confirm, interest_register
from research.models import Study, StudyVersion
from research.services import studies as services
from tests.factories import SelfHelpGroupFactory, administrator, group_contact
from tests.factories.research import researcher
from tests.research.studies_helpers import (
    approved_study,
    draft_study,
    form_data,
    pdf_upload,
)

LOGIN = reverse("facilitators:login")


@pytest.fixture
def rita(db):
    return researcher(email="rita@ntnu.example", first_name="Rita")


@pytest.fixture
def olav(db):
    return researcher(email="olav@uio.example", first_name="Olav")


@pytest.fixture
def study(rita, themes):
    return draft_study(rita, [themes["sorg"]], title="Sorg og fellesskap")


def _urls(study):
    return {
        "detail": ("get", reverse("research:study_detail", args=[study.pk])),
        "edit": ("get", reverse("research:study_edit", args=[study.pk])),
        "letter": ("get", reverse("research:study_letter", args=[study.pk])),
        "submit": ("post", reverse("research:study_submit", args=[study.pk])),
        "close": ("post", reverse("research:study_close", args=[study.pk])),
    }


def _call(client, method, url):
    return client.get(url) if method == "get" else client.post(url)


# The permission matrix ---------------------------------------------------------------------

@pytest.mark.django_db
def test_the_researcher_reaches_every_view_of_their_own_study(client, rita, study):
    client.force_login(rita)
    assert client.get(reverse("research:home")).status_code == 200
    assert client.get(reverse("research:study_create")).status_code == 200
    expected = {"detail": 200, "edit": 200, "letter": 200, "submit": 302, "close": 302}
    for name, (method, url) in _urls(study).items():
        assert _call(client, method, url).status_code == expected[name], name


@pytest.mark.django_db
def test_another_researchers_study_is_a_404_in_every_view(client, olav, study):
    client.force_login(olav)
    for name, (method, url) in _urls(study).items():
        assert _call(client, method, url).status_code == 404, name
    assert "Sorg og fellesskap" not in client.get(reverse("research:home")).text
    study.refresh_from_db()
    assert study.status == Study.Status.DRAFT


@pytest.mark.django_db
def test_a_wrong_id_is_a_404(client, rita, study):
    client.force_login(rita)
    for pk in (study.pk + 1000, 2**63):
        assert client.get(f"/min-side/forskning/{pk}/").status_code == 404
    assert client.get(reverse("research:study_letter", args=[study.pk]), {"version": "9"}).status_code == 404
    assert client.get(reverse("research:study_letter", args=[study.pk]), {"version": "x1"}).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, study):
    urls = [("get", reverse("research:home")), ("get", reverse("research:study_create")), *_urls(study).values()]
    for method, url in urls:
        response = _call(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(LOGIN), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["facilitator", "coordinator", "administrator", "contact"])
def test_people_who_are_not_researchers_get_a_404_on_min_side(client, people, study, role):
    client.force_login(people[role])
    urls = [("get", reverse("research:home")), ("get", reverse("research:study_create")), *_urls(study).values()]
    for method, url in urls:
        assert _call(client, method, url).status_code == 404, url
    assert client.post(reverse("research:study_create"), form_data([])).status_code == 404
    assert Study.objects.count() == 1


@pytest.mark.django_db
def test_submit_and_close_are_post_only(client, rita, study):
    client.force_login(rita)
    assert client.get(reverse("research:study_submit", args=[study.pk])).status_code == 405
    assert client.get(reverse("research:study_close", args=[study.pk])).status_code == 405


# Writing a study ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_registering_a_study_saves_a_draft_and_its_first_version(client, rita, themes, settings):
    client.force_login(rita)
    data = form_data([themes["sorg"], themes["angst"]], information_letter=pdf_upload(name="brev.PDF"))
    response = client.post(reverse("research:study_create"), data)
    assert response.status_code == 302
    study = Study.objects.get()
    assert response["Location"] == reverse("research:study_detail", args=[study.pk])
    assert study.researcher == rita
    assert study.status == Study.Status.DRAFT
    assert study.slug == "selvhjelp-og-mestring-i-trondelag"
    assert study.contact_email == "prosjekt@example.org"
    assert study.methods == ["diary", "interview"]
    assert set(study.themes.all()) == {themes["sorg"], themes["angst"]}
    assert study.live_version is None
    version = study.versions.get()
    assert (version.number, version.status, version.min_age) == (1, StudyVersion.Status.DRAFT, 18)
    assert version.screening_questions == [
        {"question": "Er du med i en selvhjelpsgruppe nå?", "choices": ["Ja", "Nei"]},
        {"question": "Hvor lenge har du vært med?", "choices": ["Under ett år", "Ett til tre år", "Mer enn tre år"]},
    ]
    # Stored privately, under a name of our own, not the one it was uploaded with.
    assert version.information_letter.name.startswith(f"research/letters/study-{study.pk}-v1-")
    assert "brev" not in version.information_letter.name
    assert version.information_letter.path.startswith(str(settings.SAMHOLD_PRIVATE_FILES_ROOT))
    assert not version.information_letter.path.startswith(str(settings.MEDIA_ROOT))
    page = client.get(response["Location"]).text
    assert "Selvhjelp og mestring i Trøndelag" in page
    assert "Hvor lenge har du vært med?" in page


@pytest.mark.django_db
def test_the_form_can_be_read_in_english(client, rita):
    client.force_login(rita)
    assert client.get("/en" + reverse("research:study_create")).status_code == 200


def _refused(client, themes, **changes):
    response = client.post(reverse("research:study_create"), form_data([themes["sorg"]], **changes))
    assert response.status_code == 400
    assert not Study.objects.exists()
    return response.context["form"].errors


@pytest.mark.django_db
def test_the_recruitment_period_must_end_after_it_starts_and_not_in_the_past(client, rita, themes):
    client.force_login(rita)
    today = timezone.localdate()
    assert "recruit_until" in _refused(client, themes, recruit_until=today.isoformat())
    past = today - datetime.timedelta(days=3)
    errors = _refused(client, themes, recruit_from=(past - datetime.timedelta(days=9)).isoformat(),
                      recruit_until=past.isoformat())
    assert "recruit_until" in errors
    assert "recruit_until" in _refused(client, themes, recruit_until=(today + datetime.timedelta(days=800)).isoformat())


@pytest.mark.django_db
def test_the_ethics_basis_is_a_reference_or_a_reason_why_none_is_needed(client, rita, themes):
    client.force_login(rita)
    assert "rek_reference" in _refused(client, themes, rek_reference="", sikt_reference="")
    errors = _refused(client, themes, ethics_not_required_reason="Kvalitetssikring, ikke forskning på helse.")
    assert "ethics_not_required_reason" in errors
    assert "rek_reference" in _refused(client, themes, rek_reference="<script>")
    response = client.post(
        reverse("research:study_create"),
        form_data([themes["sorg"]], rek_reference="", sikt_reference="",
                  ethics_not_required_reason="Anonym spørreundersøkelse uten helseopplysninger, vurdert av NTNU."),
    )
    assert response.status_code == 302
    response = client.post(reverse("research:study_create"), form_data([themes["sorg"]], sikt_reference="654321"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_area_of_counties_or_municipalities_needs_them_chosen_and_keeps_only_that_kind(
    client, rita, themes, places
):
    client.force_login(rita)
    assert "counties" in _refused(client, themes, area="counties")
    assert "municipalities" in _refused(client, themes, area="municipalities")
    response = client.post(
        reverse("research:study_create"),
        form_data([themes["sorg"]], area="counties", counties=[str(places["levanger"].county_id)],
                  municipalities=[str(places["bodo"].pk)]),
    )
    assert response.status_code == 302
    study = Study.objects.get()
    assert list(study.counties.all()) == [places["levanger"].county]
    assert not study.municipalities.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "question, choices",
    [
        ("Hvor bor du?", "Bare ett svar"),  # one choice
        ("Hvor bor du?", "a\nb\nc\nd\ne\nf"),  # six choices
        ("Hvor bor du?", "Levanger\nlevanger"),  # the same choice twice
        ("", "Ja\nNei"),  # choices without a question
        ("x" * 301, ""),  # too long a question
        ("Hvor bor du?", "Levanger\n" + "x" * 101),  # too long a choice
    ],
)
def test_screening_questions_are_checked_strictly(client, rita, themes, question, choices):
    client.force_login(rita)
    assert "question_3" in _refused(client, themes, question_3=question, choices_3=choices)


@pytest.mark.django_db
def test_the_same_screening_question_twice_is_refused(client, rita, themes):
    client.force_login(rita)
    errors = _refused(client, themes, question_3="Er du med i en selvhjelpsgruppe NÅ?")
    assert "question_1" in errors


@pytest.mark.django_db
def test_a_study_seeks_people_or_groups(client, rita, themes):
    client.force_login(rita)
    assert "participants_sought" in _refused(client, themes, participants_sought="0", groups_sought="0")


@pytest.mark.django_db
def test_a_draft_is_changed_in_place(client, rita, study, themes):
    client.force_login(rita)
    response = client.post(
        reverse("research:study_edit", args=[study.pk]),
        form_data([themes["angst"]], title="Angst og fellesskap", consent_text="Ny samtykketekst."),
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.title == "Angst og fellesskap"
    assert study.slug == "angst-og-fellesskap"  # never public yet, so the address follows the title
    assert list(study.themes.all()) == [themes["angst"]]
    version = study.versions.get()
    assert version.consent_text == "Ny samtykketekst."
    assert version.information_letter  # kept when no new file is chosen


@pytest.mark.django_db
def test_the_edit_form_shows_the_stored_screening_questions(client, rita, study):
    client.force_login(rita)
    form = client.get(reverse("research:study_edit", args=[study.pk])).context["form"]
    assert form.initial["question_1"] == "Er du med i en gruppe nå?"
    assert form.initial["choices_1"] == ""  # yes/no


# Sending and closing --------------------------------------------------------------------------

@pytest.mark.django_db
def test_sending_for_approval_tells_every_administrator_and_nobody_else(client, rita, study, people, post):
    other_administrator = administrator(email="aslak@example.org")
    client.force_login(rita)
    response = post(reverse("research:study_submit", args=[study.pk]))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.status == Study.Status.SUBMITTED
    assert study.versions.get().status == StudyVersion.Status.SUBMITTED
    entry = AuditEntry.objects.get(action=Action.STUDY_SUBMITTED)
    assert (entry.actor, entry.object_label) == (rita, "Sorg og fellesskap")
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "ada@example.org", other_administrator.email,
    ]
    body = mail.outbox[0].body
    assert f"/admin/studier/inspect/{study.pk}/" in body
    assert "rita" not in body.lower()
    assert len({tuple(message.to) for message in mail.outbox}) == 2  # one e-mail each, no shared list
    # Sent means frozen: it cannot be changed or sent again while the administrators decide.
    edit = client.get(reverse("research:study_edit", args=[study.pk]))
    assert edit.status_code == 302
    client.post(reverse("research:study_edit", args=[study.pk]), form_data([], title="Endret"))
    study.refresh_from_db()
    assert study.title == "Sorg og fellesskap"
    post(reverse("research:study_submit", args=[study.pk]))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_study_without_an_information_letter_or_with_a_past_period_is_not_sent(client, rita, themes, post):
    client.force_login(rita)
    no_letter = draft_study(rita, [themes["sorg"]], letter=False)
    response = post(reverse("research:study_submit", args=[no_letter.pk]))
    assert response.status_code == 302
    no_letter.refresh_from_db()
    assert no_letter.status == Study.Status.DRAFT
    past = draft_study(rita, [themes["sorg"]], title="Gammel")
    Study.objects.filter(pk=past.pk).update(recruit_until=timezone.localdate() - datetime.timedelta(days=1))
    post(reverse("research:study_submit", args=[past.pk]))
    past.refresh_from_db()
    assert past.status == Study.Status.DRAFT
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action=Action.STUDY_SUBMITTED).exists()


@pytest.mark.django_db
def test_a_researcher_cannot_flood_the_administrators_with_studies(client, rita, themes, people, post, monkeypatch):
    monkeypatch.setattr(services, "SUBMITS_PER_DAY", 1)
    client.force_login(rita)
    first, second = draft_study(rita, [themes["sorg"]]), draft_study(rita, [themes["sorg"]], title="Nummer to")
    post(reverse("research:study_submit", args=[first.pk]))
    post(reverse("research:study_submit", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Study.Status.DRAFT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_closing_ends_recruitment_today(client, rita, themes, people, committed):
    study = committed(approved_study, rita, [themes["sorg"]], people["administrator"])
    client.force_login(rita)
    response = client.post(reverse("research:study_close", args=[study.pk]))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.status == Study.Status.CLOSED
    assert study.closed_at is not None
    assert study.recruit_until == timezone.localdate()
    assert not study.is_recruiting
    assert AuditEntry.objects.filter(action=Action.STUDY_CLOSED, object_id=str(study.pk)).count() == 1
    # Closed is final: not changed, not closed again.
    assert client.get(reverse("research:study_edit", args=[study.pk])).status_code == 302
    client.post(reverse("research:study_close", args=[study.pk]))
    assert AuditEntry.objects.filter(action=Action.STUDY_CLOSED).count() == 1


@pytest.mark.django_db
def test_a_draft_cannot_be_closed(client, rita, study):
    client.force_login(rita)
    client.post(reverse("research:study_close", args=[study.pk]))
    study.refresh_from_db()
    assert study.status == Study.Status.DRAFT
    assert not AuditEntry.objects.filter(action=Action.STUDY_CLOSED).exists()


@pytest.mark.django_db
def test_the_list_shows_the_researchers_studies_with_their_status(client, rita, study, themes, people, committed):
    committed(approved_study, rita, [themes["sorg"]], people["administrator"], title="Godkjent studie")
    client.force_login(rita)
    with override("en"):  # Rita applied in English and reads her pages under /en/
        page = client.get(reverse("research:home")).text
    assert "Sorg og fellesskap" in page and "Godkjent studie" in page
    assert "Draft" in page and "Recruiting" in page
    assert reverse("research:study_create") in page


# Counts before approval ---------------------------------------------------------------------

def _registration(places, themes, n, *, municipality="levanger", theme="sorg", confirmed=True):
    registration = interest_register(
        themes=[themes[theme]], municipality=places[municipality], radius_km=0,
        email=f"person{n}@example.net", phone="", consent_text_version=INTEREST_CONSENT_VERSION,
        language="nb", ip_address=f"10.9.0.{n}",
    )
    if confirmed:
        interest_confirm(registration=registration)
    return registration


def _reach_text(client, study):
    with override("en"):  # the researcher applied in English and reads her pages under /en/
        response = client.get(reverse("research:study_detail", args=[study.pk]))
    return response.context["reach"], response.text


@pytest.mark.django_db
def test_before_approval_the_researcher_sees_counts_with_small_numbers_hidden(client, rita, study, places, themes):
    SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    SelfHelpGroupFactory(municipality=places["bodo"], themes=[themes["sorg"]])
    SelfHelpGroupFactory(municipality=places["bodo"], themes=[themes["angst"]])  # another theme
    SelfHelpGroupFactory(municipality=places["verdal"], themes=[themes["sorg"]], live=False)  # not published
    for n in range(2):
        _registration(places, themes, n)
    _registration(places, themes, 7, confirmed=False)  # unconfirmed: not counted
    _registration(places, themes, 8, theme="angst")  # another theme
    client.force_login(rita)

    reach, page = _reach_text(client, study)
    assert reach.groups == 2
    assert reach.interest is None  # two people: fewer than three are never shown
    assert "Fewer than 3 people" in page  # the researcher applied in English
    assert "person0@example.net" not in page and "person1@example.net" not in page

    _registration(places, themes, 2, municipality="bodo")
    reach, page = _reach_text(client, study)
    assert str(reach.interest) == "3–9"
    assert "3–9 " in page


@pytest.mark.django_db
def test_counts_cover_whole_counties_so_chosen_municipalities_cannot_be_differenced(
    client, rita, study, places, themes
):
    for n in range(4):
        _registration(places, themes, n)
    for n in range(4, 8):
        _registration(places, themes, n, municipality="bodo")
    SelfHelpGroupFactory(municipality=places["bodo"], themes=[themes["sorg"]])
    client.force_login(rita)
    study.area = Study.Area.COUNTIES
    study.save()
    study.counties.set([places["levanger"].county])
    reach, _page = _reach_text(client, study)
    assert (reach.groups, str(reach.interest)) == (0, "3–9")

    # Any set of municipalities counts their whole counties: Levanger alone, Verdal alone and
    # the two together give the same range, so no difference tells one municipality's count.
    study.area = Study.Area.MUNICIPALITIES
    study.save()
    study.counties.clear()
    seen = set()
    for chosen in (["levanger"], ["verdal"], ["levanger", "verdal"]):
        study.municipalities.set([places[name] for name in chosen])
        reach, _page = _reach_text(client, study)
        seen.add((str(reach.interest), reach.interest_area_too_small))
    assert seen == {("3–9", False)}


@pytest.mark.django_db
def test_group_contacts_see_no_counts_either(client, study):
    client.force_login(group_contact(email="kontakt@example.org"))
    assert client.get(reverse("research:study_detail", args=[study.pk])).status_code == 404
