"""A researcher's work with the volunteers of their own study (issue 9 §5): counts, the list,
statuses, the export, a message to those included and the findings. Another researcher's study
or a wrong id is a 404 in every view and the export; administrators see no volunteers."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from facilitators import roles
from facilitators.models import AuditEntry
from facilitators.models.records import Action
from outbox.models import OutgoingEmail
from research.models import Study, StudyCounter, StudyVersion, Volunteer, VolunteerLink
from research.services.recruitment import VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db
HUGE = "9" * 25
QUESTION = "Er du med i en selvhjelpsgruppe nå?"


# Test data, made with the models ----------------------------------------------------------------

def make_study(researcher, *, title="Selvhjelp og mestring", slug="selvhjelp-og-mestring", approved=True,
               status=Study.Status.RECRUITING, themes=(), **fields):
    today = timezone.localdate()
    values = {
        "summary": "Vi vil vite hvordan selvhjelpsgrupper gir mestring.",
        "what_it_means": "Et intervju på en time.",
        "institution": "NTNU",
        "project_leader": "Professor Hege Hansen",
        "contact_email": "studie@ntnu.example.org",
        "data_controller": "NTNU",
        "methods": ["interview"],
        "recruit_from": today - datetime.timedelta(days=10),
        "recruit_until": today + datetime.timedelta(days=30),
        "rek_reference": "2025/12345",
        "status": status,
        **fields,
    }
    study = Study.objects.create(researcher=researcher, title=title, slug=slug, **values)
    study.themes.set(themes)
    if approved:
        version = StudyVersion.objects.create(
            study=study, number=1, status=StudyVersion.Status.APPROVED,
            inclusion_criteria="Voksne som er med i en selvhjelpsgruppe.",
            consent_text="Jeg samtykker til at forskerne får navnet og e-postadressen min.",
            screening_questions=[{"question": QUESTION, "choices": ["Ja", "Nei"]}],
            approved_at=timezone.now(),
        )
        study.live_version = version
        study.save(update_fields=["live_version"])
    return study


def make_volunteer(study, *, name, email, status=Volunteer.Status.NEW, confirmed=True, **fields):
    values = {
        "phone": "",
        "screening_answers": {QUESTION: "Ja"},
        "consent_text": study.live_version.consent_text,
        "language": "nb",
        **fields,
    }
    return Volunteer.objects.create(
        study=study, version=study.live_version, name=name, email=email, status=status,
        confirmed_at=timezone.now() if confirmed else None, **values,
    )


@pytest.fixture
def researcher(db):
    return person_with_role(roles.RESEARCHER, email="hege@ntnu.example.org", first_name="Hege")


@pytest.fixture
def other_researcher(db):
    return person_with_role(roles.RESEARCHER, email="rolf@uio.example.org", first_name="Rolf")


@pytest.fixture
def study(researcher):
    return make_study(researcher)


@pytest.fixture
def others_study(other_researcher):
    return make_study(other_researcher, title="En annen studie", slug="en-annen-studie")


@pytest.fixture
def volunteers(study):
    return {
        "new": make_volunteer(study, name="Åse Ødegård", email="ase@example.net", phone="912 34 567",
                              group_name="Sorggruppe Levanger", wants_findings=True),
        "included": make_volunteer(study, name="Ivar Inkludert", email="ivar@example.net",
                                   status=Volunteer.Status.INCLUDED, language="en", wants_findings=True),
        "excluded": make_volunteer(study, name="Elin Ekskludert", email="elin@example.net",
                                   status=Volunteer.Status.EXCLUDED),
        "pending": make_volunteer(study, name="Per Ubekreftet", email="per@example.net",
                                  status=Volunteer.Status.PENDING, confirmed=False, wants_findings=True),
    }


def urls(study, volunteer=None) -> dict:
    pk = study.pk
    return {
        "volunteers": reverse("research:study_volunteers", kwargs={"pk": pk}),
        "export": reverse("research:study_export", kwargs={"pk": pk}),
        "message": reverse("research:study_message", kwargs={"pk": pk}),
        "findings": reverse("research:study_findings", kwargs={"pk": pk}),
        "groups": reverse("research:study_groups", kwargs={"pk": pk}),
        "groups_message": reverse("research:study_groups_message", kwargs={"pk": pk}),
    }


def status_url(study, volunteer_pk) -> str:
    return reverse("research:volunteer_status", kwargs={"pk": study.pk, "volunteer": volunteer_pk})


# The permission matrix, cell by cell --------------------------------------------------------------

def test_the_own_researcher_opens_every_page_and_the_export(client, researcher, study, volunteers):
    client.force_login(researcher)
    for name, url in urls(study).items():
        response = client.get(url)
        assert response.status_code == 200, name


@pytest.mark.parametrize("page", ["volunteers", "export", "message", "findings", "groups", "groups_message"])
def test_another_researchers_study_is_a_404(client, researcher, others_study, page):
    make_volunteer(others_study, name="Rolfs Frivillige", email="rolfs@example.net")
    client.force_login(researcher)
    response = client.get(urls(others_study)[page])
    assert response.status_code == 404
    assert b"rolfs@example.net" not in response.content


def test_another_researchers_volunteer_cannot_be_changed_or_written_to(client, researcher, others_study):
    theirs = make_volunteer(others_study, name="Rolfs Frivillige", email="rolfs@example.net")
    client.force_login(researcher)
    assert client.post(status_url(others_study, theirs.pk), {"status": "included"}).status_code == 404
    response = client.post(urls(others_study)["message"], {"subject": "Hei", "message": "x" * 40})
    assert response.status_code == 404
    response = client.post(urls(others_study)["findings"], {"findings": "x" * 200})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Volunteer.Status.NEW
    assert not OutgoingEmail.objects.exists()


def test_a_volunteer_of_another_study_under_my_study_id_is_a_404(client, researcher, study, others_study):
    theirs = make_volunteer(others_study, name="Rolfs Frivillige", email="rolfs@example.net")
    client.force_login(researcher)
    assert client.post(status_url(study, theirs.pk), {"status": "excluded"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Volunteer.Status.NEW


def test_an_unconfirmed_volunteer_is_a_404_and_never_listed(client, researcher, study, volunteers):
    client.force_login(researcher)
    assert client.post(status_url(study, volunteers["pending"].pk), {"status": "included"}).status_code == 404
    page = client.get(urls(study)["volunteers"]).content.decode()
    assert "Per Ubekreftet" not in page and "per@example.net" not in page
    export = client.get(urls(study)["export"]).content.decode("utf-8")
    assert "per@example.net" not in export


@pytest.mark.parametrize("pk", ["999999", HUGE])
def test_a_wrong_or_huge_id_is_a_404(client, researcher, study, pk):
    client.force_login(researcher)
    for path in (f"/min-side/forskning/{pk}/frivillige/", f"/min-side/forskning/{pk}/frivillige.csv",
                 f"/min-side/forskning/{pk}/skriv/", f"/min-side/forskning/{pk}/resultater/",
                 f"/min-side/forskning/{pk}/grupper/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/min-side/forskning/{study.pk}/frivillige/{pk}/", {"status": "new"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, study, volunteers):
    login = reverse("facilitators:login")
    for name, url in urls(study).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name
    response = client.post(status_url(study, volunteers["new"].pk), {"status": "included"})
    assert response.status_code == 302 and response["Location"].startswith(login)
    volunteers["new"].refresh_from_db()
    assert volunteers["new"].status == Volunteer.Status.NEW


@pytest.mark.parametrize("role", ["facilitator", "contact", "coordinator", "administrator"])
def test_no_other_role_sees_the_volunteers_administrators_included(client, people, study, volunteers, role):
    client.force_login(people[role])
    for name, url in urls(study).items():
        response = client.get(url)
        assert response.status_code == 404, (role, name)
        assert b"ase@example.net" not in response.content
    assert client.post(status_url(study, volunteers["new"].pk), {"status": "included"}).status_code == 404
    assert not AuditEntry.objects.filter(action__in=[Action.VOLUNTEERS_VIEWED, Action.VOLUNTEERS_EXPORTED]).exists()


# The list -------------------------------------------------------------------------------------------

def test_the_list_shows_counts_and_the_confirmed_volunteers_and_is_recorded(client, researcher, study, volunteers):
    StudyCounter.objects.create(study=study, withdrawn=2)
    client.force_login(researcher)
    response = client.get(urls(study)["volunteers"])
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.new, counts.contacted, counts.included, counts.excluded, counts.withdrawn) == (1, 0, 1, 1, 2)
    page = response.content.decode()
    for shown in ("Åse Ødegård", "ase@example.net", "912 34 567", "Sorggruppe Levanger", QUESTION, "Ivar Inkludert"):
        assert shown in page
    assert [p.pk for p in response.context["people"]] == [
        volunteers["new"].pk, volunteers["included"].pk, volunteers["excluded"].pk
    ]
    entry = AuditEntry.objects.get(action=Action.VOLUNTEERS_VIEWED)
    assert entry.actor == researcher
    assert entry.object_type == "research.study" and entry.object_id == str(study.pk)
    assert entry.object_label == study.title and entry.detail == ""
    client.get(urls(study)["volunteers"])
    assert AuditEntry.objects.filter(action=Action.VOLUNTEERS_VIEWED).count() == 2


def test_a_study_not_yet_approved_shows_no_one_and_records_nothing(client, researcher):
    draft = make_study(researcher, title="Utkast", slug="utkast", approved=False, status=Study.Status.DRAFT)
    version = StudyVersion.objects.create(study=draft, number=1, inclusion_criteria="x", consent_text="y")
    Volunteer.objects.create(study=draft, version=version, name="Tidlig", email="tidlig@example.net",
                             consent_text="y", status=Volunteer.Status.NEW, confirmed_at=timezone.now())
    client.force_login(researcher)
    response = client.get(urls(draft)["volunteers"])
    assert response.status_code == 200
    assert b"tidlig@example.net" not in response.content
    assert response.context["people"] == []
    assert client.get(urls(draft)["export"]).status_code == 404
    assert not AuditEntry.objects.filter(action__in=[Action.VOLUNTEERS_VIEWED, Action.VOLUNTEERS_EXPORTED]).exists()


def test_the_researcher_sets_a_status(client, researcher, study, volunteers):
    client.force_login(researcher)
    response = client.post(status_url(study, volunteers["new"].pk), {"status": "contacted"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#volunteer-{volunteers['new'].pk}")
    volunteers["new"].refresh_from_db()
    assert volunteers["new"].status == Volunteer.Status.CONTACTED


@pytest.mark.parametrize("status", ["pending", "withdrawn", "", "<script>"])
def test_a_status_that_is_not_one_of_the_four_is_a_400(client, researcher, study, volunteers, status):
    client.force_login(researcher)
    response = client.post(status_url(study, volunteers["new"].pk), {"status": status})
    assert response.status_code == 400
    with translation.override("nb"):
        error = translation.gettext("The status was not saved: choose new, contacted, included or excluded.")
    assert escape(error) in response.content.decode()
    volunteers["new"].refresh_from_db()
    assert volunteers["new"].status == Volunteer.Status.NEW


def test_the_status_cannot_be_set_by_get(client, researcher, study, volunteers):
    client.force_login(researcher)
    assert client.get(status_url(study, volunteers["new"].pk)).status_code == 405


# The export -------------------------------------------------------------------------------------------

def test_the_export_is_a_csv_with_bom_neutralised_cells_and_is_recorded(client, researcher, study):
    make_volunteer(study, name="=HYPERLINK(\"http://evil.example\";\"Klikk\")", email="evil@example.net",
                   phone="+47 912 34 567", group_name="@gruppe", screening_answers={QUESTION: "-Ja"})
    make_volunteer(study, name="Åse Ødegård", email="ase@example.net")
    client.force_login(researcher)
    response = client.get(urls(study)["export"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="volunteers-selvhjelp-og-mestring-')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Navn", "E-postadresse", "Telefon"] and rows[0][-1] == QUESTION
    assert len(rows) == 3
    evil = rows[1]
    assert evil[0] == "'=HYPERLINK(\"http://evil.example\";\"Klikk\")"
    assert evil[1] == "evil@example.net"
    assert evil[2] == "'+47 912 34 567"
    assert evil[3] == "'@gruppe"
    assert evil[-1] == "'-Ja"
    assert rows[2][0] == "Åse Ødegård"
    entry = AuditEntry.objects.get(action=Action.VOLUNTEERS_EXPORTED)
    assert entry.actor == researcher and entry.object_id == str(study.pk) and entry.object_label == study.title
    assert entry.detail == "rows=2"
    assert "@" not in entry.object_label + entry.detail


def test_the_export_says_nothing_about_anyone_else(client, researcher, study, others_study, volunteers):
    make_volunteer(others_study, name="Rolfs Frivillige", email="rolfs@example.net")
    client.force_login(researcher)
    text = client.get(urls(study)["export"]).content.decode("utf-8")
    assert "rolfs@example.net" not in text and "per@example.net" not in text
    assert "ase@example.net" in text and "ivar@example.net" in text and "elin@example.net" in text


# Writing to the included volunteers ----------------------------------------------------------------

def test_a_message_goes_to_the_included_volunteers_only(client, researcher, study, volunteers):
    client.force_login(researcher)
    response = client.post(urls(study)["message"], {
        "subject": "Intervjutid", "message": "Vi møtes på NTNU Dragvoll tirsdag klokka ti.",
    })
    assert response.status_code == 302
    emails = list(OutgoingEmail.objects.filter(purpose="research_volunteer_message"))
    assert [e.to for e in emails] == ["ivar@example.net"]
    email = emails[0]
    assert email.reply_to == "studie@ntnu.example.org"
    assert email.language == "en"
    assert "Vi møtes på NTNU Dragvoll" in email.body and "Intervjutid" in email.body
    # The subject shows on a locked phone: never the study or what the researcher typed.
    assert "Intervjutid" not in email.subject and study.title not in email.subject
    # Replies go to the study: no private link.
    assert not VolunteerLink.objects.exists()
    assert "/frivillig" not in email.body and "/volunteer/" not in email.body
    entry = AuditEntry.objects.get(action=Action.VOLUNTEERS_MESSAGED)
    assert entry.actor == researcher and entry.detail == "recipients=1" and entry.object_label == study.title


def test_nobody_included_is_a_409_and_sends_nothing(client, researcher, study):
    make_volunteer(study, name="Ny", email="ny@example.net")
    client.force_login(researcher)
    response = client.post(urls(study)["message"], {"subject": "Hei", "message": "En melding som er lang nok."})
    assert response.status_code == 409
    assert "En melding som er lang nok." in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_messages_are_capped_per_study_per_day(client, researcher, study, volunteers):
    client.force_login(researcher)
    data = {"subject": "Påminnelse", "message": "Husk intervjuet i morgen klokka ti."}
    for _ in range(VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY):
        assert client.post(urls(study)["message"], data).status_code == 302
    response = client.post(urls(study)["message"], data)
    assert response.status_code == 429
    assert OutgoingEmail.objects.count() == VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY


@pytest.mark.parametrize(("data", "field"), [
    ({"subject": "", "message": "Lang nok melding her."}, "subject"),
    ({"subject": "x" * 121, "message": "Lang nok melding her."}, "subject"),
    ({"subject": "Hei", "message": "kort"}, "message"),
    ({"subject": "Hei", "message": "x" * 3001}, "message"),
])
def test_a_message_out_of_bounds_is_a_400(client, researcher, study, volunteers, data, field):
    client.force_login(researcher)
    response = client.post(urls(study)["message"], data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not OutgoingEmail.objects.exists()


def test_a_subject_is_one_plain_line(client, researcher, study, volunteers):
    client.force_login(researcher)
    client.post(urls(study)["message"], {"subject": "Hei\u202e der", "message": "Dette er meldingen vår."})
    assert "Hei der" in OutgoingEmail.objects.get().body


# The findings --------------------------------------------------------------------------------------------

FINDINGS = "Vi fant at de som var med i en selvhjelpsgruppe, opplevde mer mestring i hverdagen. " * 3


def test_findings_wait_until_recruitment_has_ended(client, researcher, study, volunteers):
    client.force_login(researcher)
    page = client.get(urls(study)["findings"])
    assert page.status_code == 200 and page.context["ended"] is False
    response = client.post(urls(study)["findings"], {"findings": FINDINGS})
    assert response.status_code == 409
    study.refresh_from_db()
    assert study.findings == "" and study.findings_published_at is None
    assert not OutgoingEmail.objects.exists()


def test_published_findings_reach_those_who_asked_once(client, researcher, study, volunteers):
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED, closed_at=timezone.now())
    client.force_login(researcher)
    page = client.get(urls(study)["findings"]).content.decode()
    with translation.override("nb"):
        date = date_format(timezone.localdate() + datetime.timedelta(days=30), "j. F Y")
        notice = translation.gettext(
            "Samhold deletes the volunteers' details on %(date)s. If you publish after that, the summary is shown on "
            "the study's page but reaches no one by e-mail."
        ) % {"date": date}
    assert escape(notice) in page
    response = client.post(urls(study)["findings"], {"findings": FINDINGS})
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.findings == FINDINGS.strip() and study.findings_published_at is not None
    emails = OutgoingEmail.objects.filter(purpose="research_findings").order_by("to")
    # Åse and Ivar asked; Per never confirmed, Elin did not ask.
    assert [e.to for e in emails] == ["ase@example.net", "ivar@example.net"]
    assert all(e.reply_to == "" for e in emails)
    assert "opplevde mer mestring" in emails[0].body
    # Each carries the person's own link to see or withdraw.
    assert VolunteerLink.objects.filter(owner__in=[volunteers["new"], volunteers["included"]]).count() == 2
    entry = AuditEntry.objects.get(action=Action.FINDINGS_PUBLISHED)
    assert entry.detail == "recipients=2"
    # A correction changes the text and e-mails nobody again.
    response = client.post(urls(study)["findings"], {"findings": FINDINGS + " Rettet."})
    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(purpose="research_findings").count() == 2
    study.refresh_from_db()
    assert study.findings.endswith("Rettet.")


def test_findings_may_come_after_the_last_day_of_recruitment(client, researcher, study, volunteers):
    today = timezone.localdate()
    Study.objects.filter(pk=study.pk).update(
        recruit_from=today - datetime.timedelta(days=40), recruit_until=today - datetime.timedelta(days=1)
    )
    client.force_login(researcher)
    response = client.post(urls(study)["findings"], {"findings": FINDINGS})
    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(purpose="research_findings").count() == 2


def test_the_findings_page_says_when_publishing_reaches_nobody(client, researcher, study):
    Study.objects.filter(pk=study.pk).update(
        status=Study.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=60)
    )
    client.force_login(researcher)
    page = client.get(urls(study)["findings"]).content.decode()
    with translation.override("nb"):
        notice = translation.gettext(
            "The volunteers' details have been deleted, as promised when they signed up. The summary will be shown "
            "on the study's page but reaches no one by e-mail."
        )
    assert escape(notice) in page
