"""Groups decide as groups (issue 9 §4): matching groups are asked once per study, their
facilitators and contact answer on Min side and print a handout, and the researcher sees the
answers and writes to the groups that said yes without seeing anyone's address."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from facilitators import roles
from facilitators.models import AuditEntry
from facilitators.models.records import Action
from groups.models import Attendance
from outbox.models import OutgoingEmail
from research.models import GroupInvitation, Study, StudyVersion
from research.selectors.groups import groups_matching_study
from research.services.groups import GROUP_MESSAGES_PER_STUDY_PER_DAY, groups_invite, groups_invite_due
from samhold.http import absolute_url
from tests.factories import SelfHelpGroupFactory, StartUpFactory, person_with_role

pytestmark = pytest.mark.django_db


def make_study(researcher, *, title="Selvhjelp og mestring", slug="selvhjelp-og-mestring", themes=(), counties=(),
               area=Study.Area.COUNTIES, groups_sought=3, status=Study.Status.RECRUITING, **fields):
    today = timezone.localdate()
    study = Study.objects.create(
        researcher=researcher, title=title, slug=slug,
        summary="Vi vil vite hvordan selvhjelpsgrupper gir mestring.",
        what_it_means="Et fokusgruppeintervju på en time i gruppens vanlige lokale.",
        institution="NTNU", project_leader="Professor Hege Hansen", contact_email="studie@ntnu.example.org",
        data_controller="NTNU", methods=["focus_group"], area=area, groups_sought=groups_sought,
        recruit_from=today - datetime.timedelta(days=5), recruit_until=today + datetime.timedelta(days=60),
        sikt_reference="123456", status=status, **fields,
    )
    study.themes.set(themes)
    study.counties.set(counties)
    version = StudyVersion.objects.create(
        study=study, number=1, status=StudyVersion.Status.APPROVED,
        inclusion_criteria="Voksne medlemmer av selvhjelpsgrupper om sorg.", min_age=18,
        consent_text="Jeg samtykker.", approved_at=timezone.now(),
    )
    study.live_version = version
    study.save(update_fields=["live_version"])
    return study


@pytest.fixture
def researcher(db):
    return person_with_role(roles.RESEARCHER, email="hege@ntnu.example.org", first_name="Hege")


@pytest.fixture
def other_researcher(db):
    return person_with_role(roles.RESEARCHER, email="rolf@uio.example.org", first_name="Rolf")


@pytest.fixture
def groups(people, places, themes):
    """Fia facilitates the Levanger sorg group (Gunn is its contact) and an online sorg group
    (of which she is also the contact); Frode the Verdal sorg group. The rest do not match a
    Trøndelag sorg study."""

    def group(name, *, facilitators=(), **fields):
        values = {"municipality": places["levanger"], "themes": [themes["sorg"]], "contact": None, **fields}
        made = SelfHelpGroupFactory(name=name, slug=name.lower().replace(" ", "-"), **values)
        StartUpFactory(group=made, facilitators=list(facilitators))
        return made

    return {
        "levanger": group("Sorggruppe Levanger", facilitators=[people["facilitator"]], contact=people["contact"]),
        "online": group("Sorg på nett", facilitators=[people["facilitator"]], contact=people["facilitator"],
                        municipality=None, attendance=Attendance.ONLINE, place=""),
        "verdal": group("Sorggruppe Verdal", facilitators=[people["other_facilitator"]], municipality=places["verdal"]),
        "angst": group("Angstgruppe Levanger", facilitators=[people["facilitator"]], themes=[themes["angst"]]),
        "bodo": group("Sorggruppe Bodø", municipality=places["bodo"]),
        "draft": group("Sorggruppe utkast", live=False),
        "ended": group("Sorggruppe avsluttet", status="ended"),
        "planned": group("Sorggruppe planlagt", status="planned"),
    }


@pytest.fixture
def study(researcher, themes, trondelag):
    return make_study(researcher, themes=[themes["sorg"]], counties=[trondelag])


@pytest.fixture
def invited(study, groups):
    groups_invite(study=study)
    return {i.group_id: i for i in GroupInvitation.objects.filter(study=study)}


def invitation_of(invited, group):
    return invited[group.pk]


def answer_url(invitation) -> str:
    return reverse("research:group_invitation_answer", kwargs={"pk": invitation.pk})


def handout_url(invitation) -> str:
    return reverse("research:handout", kwargs={"pk": invitation.pk})


# Asking the groups ---------------------------------------------------------------------------------

def test_only_matching_published_meeting_groups_are_asked(study, groups):
    assert set(groups_matching_study(study)) == {groups["levanger"], groups["online"], groups["verdal"]}


def test_a_national_study_asks_every_matching_group_and_a_municipal_one_only_its_own(researcher, themes, places, groups):
    national = make_study(researcher, slug="nasjonal", area=Study.Area.NATIONAL, themes=[themes["sorg"]])
    assert set(groups_matching_study(national)) == {
        groups["levanger"], groups["online"], groups["verdal"], groups["bodo"]
    }
    local = make_study(researcher, slug="verdal", area=Study.Area.MUNICIPALITIES, themes=[themes["sorg"]])
    local.municipalities.set([places["verdal"]])
    assert set(groups_matching_study(local)) == {groups["verdal"]}


def test_each_group_is_asked_once_and_each_person_e_mailed_once(study, groups, people):
    assert groups_invite(study=study) == 3
    assert set(GroupInvitation.objects.values_list("group__name", flat=True)) == {
        "Sorggruppe Levanger", "Sorg på nett", "Sorggruppe Verdal"
    }
    emails = OutgoingEmail.objects.filter(purpose="research_group_invitation")
    # Levanger: Fia and Gunn; online: Fia once, though she is facilitator and contact; Verdal: Frode.
    assert sorted(e.to for e in emails) == [
        "fia@example.org", "fia@example.org", "frode@example.org", "gunn@example.org"
    ]
    for email in emails:
        assert email.reply_to == ""
        # A subject shows on a locked phone: no group and no study in it.
        assert "Sorg" not in email.subject and study.title not in email.subject
    levanger = GroupInvitation.objects.get(group=groups["levanger"])
    gunns = emails.get(to="gunn@example.org")
    assert absolute_url(answer_url(levanger)) in gunns.body and absolute_url(handout_url(levanger)) in gunns.body
    entry = AuditEntry.objects.get(action=Action.GROUPS_INVITED)
    assert entry.object_id == str(study.pk) and entry.detail == "groups=3" and entry.actor is None

    # Never twice: not by a second run, not by housekeeping, not by the database.
    assert groups_invite(study=study) == 0
    assert groups_invite_due() == 0
    assert GroupInvitation.objects.count() == 3
    assert OutgoingEmail.objects.filter(purpose="research_group_invitation").count() == 4
    assert AuditEntry.objects.filter(action=Action.GROUPS_INVITED).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupInvitation.objects.create(study=study, group=groups["levanger"])


def test_a_group_that_starts_meeting_later_is_asked_then(study, groups):
    groups_invite(study=study)
    groups["planned"].status = "open"
    groups["planned"].save()
    assert groups_invite_due() == 1
    assert GroupInvitation.objects.filter(group=groups["planned"]).count() == 1


def test_studies_that_do_not_seek_groups_or_do_not_recruit_ask_no_one(researcher, themes, trondelag, groups):
    make_study(researcher, slug="ingen-grupper", themes=[themes["sorg"]], counties=[trondelag], groups_sought=0)
    make_study(researcher, slug="utkast", themes=[themes["sorg"]], counties=[trondelag], status=Study.Status.SUBMITTED)
    make_study(researcher, slug="lukket", themes=[themes["sorg"]], counties=[trondelag], status=Study.Status.CLOSED)
    future = make_study(researcher, slug="senere", themes=[themes["sorg"]], counties=[trondelag])
    Study.objects.filter(pk=future.pk).update(recruit_from=timezone.localdate() + datetime.timedelta(days=3))
    assert groups_invite_due() == 0
    assert not GroupInvitation.objects.exists() and not OutgoingEmail.objects.exists()


def test_housekeeping_asks_for_every_recruiting_study(study, groups):
    assert groups_invite_due() == 3
    assert groups_invite_due() == 0


# Min side: the invitations --------------------------------------------------------------------------

def test_min_side_links_to_the_invitations_only_when_there_are_some(client, study, groups, people):
    client.force_login(people["facilitator"])
    link = reverse("research:group_invitations")
    assert link not in client.get(reverse("facilitators:home")).content.decode()
    groups_invite(study=study)
    assert link in client.get(reverse("facilitators:home")).content.decode()


def test_each_person_sees_the_invitations_of_their_own_groups(client, invited, groups, people):
    client.force_login(people["facilitator"])
    response = client.get(reverse("research:group_invitations"))
    assert response.status_code == 200
    assert {i.group for i in response.context["invitations"]} == {groups["levanger"], groups["online"]}
    client.force_login(people["contact"])
    assert {i.group for i in client.get(reverse("research:group_invitations")).context["invitations"]} == {
        groups["levanger"]
    }
    client.force_login(people["coordinator"])
    response = client.get(reverse("research:group_invitations"))
    assert response.status_code == 200 and response.context["invitations"] == []
    assert "Sorggruppe" not in response.content.decode()


def test_the_invitation_list_needs_a_login(client):
    response = client.get(reverse("research:group_invitations"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("facilitators:login"))


# Answering for the group ---------------------------------------------------------------------------------

def test_the_group_answers_yes_with_times_and_may_change_its_answer(client, invited, groups, people):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(people["contact"])
    page = client.get(answer_url(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Selvhjelp og mestring" in text and "Voksne medlemmer av selvhjelpsgrupper om sorg." in text
    with override("nb"):  # who sees the answer, before it is given
        who_sees = gettext(
            "The study's researcher sees the group's name, municipality, answer, note and times, never your name or "
            "address; Samhold's national administrators can see them too. No other group is told what your group "
            "answered."
        )
    assert escape(who_sees) in text
    response = client.post(answer_url(invitation), {
        "answer": "yes", "note": "Vi vil gjerne vite mer først.", "suitable_times": "Tirsdag 14. oktober kl. 18",
    })
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "yes" and invitation.suitable_times == "Tirsdag 14. oktober kl. 18"
    assert invitation.answered_by == people["contact"] and invitation.answered_at is not None
    entry = AuditEntry.objects.get(action=Action.GROUP_ANSWERED)
    assert entry.detail == "yes" and entry.actor == people["contact"]
    assert "@" not in entry.object_label
    # Changed to "not now": times are only for a yes.
    client.force_login(people["facilitator"])
    response = client.post(answer_url(invitation), {"answer": "not_now", "note": "", "suitable_times": "Tirsdag"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "not_now" and invitation.suitable_times == "" and invitation.note == ""
    assert invitation.answered_by == people["facilitator"]


@pytest.mark.parametrize("data", [
    {"answer": "maybe"},
    {"answer": "waiting"},
    {},
    {"answer": "yes", "note": "x" * 1001},
    {"answer": "yes", "suitable_times": "x" * 1001},
])
def test_a_bad_answer_is_a_400_and_changes_nothing(client, invited, groups, people, data):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(people["facilitator"])
    assert client.post(answer_url(invitation), data).status_code == 400
    invitation.refresh_from_db()
    assert invitation.answer == "waiting"


@pytest.mark.parametrize("who", ["other_facilitator", "coordinator", "administrator", "other_coordinator"])
def test_nobody_else_sees_or_answers_a_groups_invitation(client, invited, groups, people, researcher, who):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(people[who])
    assert client.get(answer_url(invitation)).status_code == 404
    assert client.post(answer_url(invitation), {"answer": "no"}).status_code == 404
    assert client.get(handout_url(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.answer == "waiting"


def test_the_researcher_does_not_answer_for_a_group(client, invited, groups, researcher):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(researcher)
    assert client.post(answer_url(invitation), {"answer": "yes"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, invited, groups):
    invitation = invitation_of(invited, groups["levanger"])
    for url in (answer_url(invitation), handout_url(invitation)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("facilitators:login"))
    assert client.get("/min-side/forskningsforesporsler/999999/").status_code == 302


@pytest.mark.parametrize("pk", ["999999", "9" * 25])
def test_a_wrong_or_huge_invitation_id_is_a_404(client, invited, people, pk):
    client.force_login(people["facilitator"])
    assert client.get(f"/min-side/forskningsforesporsler/{pk}/").status_code == 404
    assert client.get(f"/min-side/forskningsforesporsler/{pk}/oppslag/").status_code == 404


def test_the_answer_is_kept_once_the_study_stops_recruiting(client, study, invited, groups, people):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(people["facilitator"])
    client.post(answer_url(invitation), {"answer": "yes", "suitable_times": "Torsdager"})
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED, closed_at=timezone.now())
    response = client.post(answer_url(invitation), {"answer": "no"})
    assert response.status_code == 409
    invitation.refresh_from_db()
    assert invitation.answer == "yes"
    assert client.get(answer_url(invitation)).status_code == 200


# The handout -------------------------------------------------------------------------------------------

def test_the_handout_has_the_link_as_text_and_an_svg_qr_code(client, study, invited, groups, people):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(people["contact"])
    response = client.get(handout_url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    link = absolute_url(reverse("research:public_study", kwargs={"slug": study.slug}))
    assert f'<p class="handout__link">{link}</p>' in page
    assert '<figure class="qr-code handout__qr"><svg' in page
    assert "Voksne medlemmer av selvhjelpsgrupper om sorg." in page and "18" in page
    assert 'class="handout-page"' in page
    # No script of its own: only the site's shared form helper, loaded from a file.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/forms.js" defer>']


def test_the_studys_researcher_may_print_the_handout_and_another_researcher_may_not(
    client, invited, groups, researcher, other_researcher
):
    invitation = invitation_of(invited, groups["levanger"])
    client.force_login(researcher)
    assert client.get(handout_url(invitation)).status_code == 200
    client.force_login(other_researcher)
    assert client.get(handout_url(invitation)).status_code == 404


def test_no_handout_once_the_study_stops_recruiting(client, study, invited, groups, people):
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED)
    client.force_login(people["facilitator"])
    response = client.get(handout_url(invitation_of(invited, groups["levanger"])))
    assert response.status_code == 200
    assert "<svg" not in response.content.decode()


# The researcher sees the answers and writes to the groups that said yes ------------------------------------

@pytest.fixture
def answered(client, invited, groups, people):
    client.force_login(people["facilitator"])
    client.post(answer_url(invitation_of(invited, groups["levanger"])), {
        "answer": "yes", "note": "Velkommen!", "suitable_times": "Tirsdag 14. oktober kl. 18",
    })
    client.force_login(people["other_facilitator"])
    client.post(answer_url(invitation_of(invited, groups["verdal"])), {"answer": "no", "note": "Ikke for oss."})
    client.logout()
    return invited


def test_the_researcher_sees_the_answers_but_no_addresses_and_no_unanswered_group(
    client, study, answered, groups, researcher
):
    client.force_login(researcher)
    response = client.get(reverse("research:study_groups", kwargs={"pk": study.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sorggruppe Levanger" in page and "Tirsdag 14. oktober kl. 18" in page and "Velkommen!" in page
    assert "Sorggruppe Verdal" in page and "Ikke for oss." in page
    # The online group has not answered: counted, not named.
    assert "Sorg på nett" not in page
    assert (response.context["invited"], response.context["yes"], response.context["no"], response.context["waiting"]) == (
        3, 1, 1, 1
    )
    for address in ("fia@example.org", "frode@example.org", "gunn@example.org", "Fia", "Frode", "Gunn"):
        assert address not in page


def test_another_researcher_sees_no_answers(client, study, answered, other_researcher, people):
    for user in (other_researcher, people["administrator"], people["facilitator"]):
        client.force_login(user)
        assert client.get(reverse("research:study_groups", kwargs={"pk": study.pk})).status_code == 404
        response = client.post(
            reverse("research:study_groups_message", kwargs={"pk": study.pk}),
            {"subject": "Hei", "message": "En melding til gruppene."},
        )
        assert response.status_code == 404
    assert not OutgoingEmail.objects.filter(purpose="research_group_message").exists()


def test_a_message_goes_to_the_people_of_the_groups_that_said_yes_only(client, study, answered, researcher):
    client.force_login(researcher)
    url = reverse("research:study_groups_message", kwargs={"pk": study.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "Besøk", "message": "Tirsdag 14. oktober passer fint for meg."})
    assert response.status_code == 302
    emails = OutgoingEmail.objects.filter(purpose="research_group_message")
    assert sorted(e.to for e in emails) == ["fia@example.org", "gunn@example.org"]
    for email in emails:
        assert email.reply_to == "studie@ntnu.example.org"
        assert "Tirsdag 14. oktober passer fint for meg." in email.body and "Sorggruppe Levanger" in email.body
        assert "Sorggruppe Verdal" not in email.body
        assert "Besøk" not in email.subject
    entry = AuditEntry.objects.get(action=Action.GROUPS_MESSAGED)
    assert entry.actor == researcher and entry.detail == "groups=1"


def test_group_messages_are_capped_per_study_per_day(client, study, answered, researcher):
    client.force_login(researcher)
    url = reverse("research:study_groups_message", kwargs={"pk": study.pk})
    data = {"subject": "Besøk", "message": "Tirsdag 14. oktober passer fint for meg."}
    for _ in range(GROUP_MESSAGES_PER_STUDY_PER_DAY):
        assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 429


def test_no_yes_no_message(client, study, invited, researcher):
    client.force_login(researcher)
    response = client.post(
        reverse("research:study_groups_message", kwargs={"pk": study.pk}),
        {"subject": "Besøk", "message": "Tirsdag 14. oktober passer fint for meg."},
    )
    assert response.status_code == 409
    assert not OutgoingEmail.objects.filter(purpose="research_group_message").exists()
