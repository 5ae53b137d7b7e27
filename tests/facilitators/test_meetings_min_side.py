"""Min side for information meetings: scheduling, the list of people, cancelling, and who may
(another facilitator's or another county's meeting is a 404). Also where meetings are shown."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from facilitators.models import AuditEntry, InfoMeeting
from facilitators.models.records import Action
from facilitators.services.meetings import meeting_schedule
from tests.facilitators.meetings_helpers import mail_to, make_meeting, sign_up
from tests.factories import SelfHelpGroupFactory, StartUpFactory


def create_url(group):
    return reverse("facilitators:meeting_create", kwargs={"pk": group.pk})


def detail_url(meeting):
    return reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk})


def cancel_url(meeting):
    return reverse("facilitators:meeting_cancel", kwargs={"pk": meeting.pk})


def form_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "19:30",
        "place": "Frivilligsentralen, Kirkegata 1",
        "online_url": "",
        "capacity": "12",
        "description": "Vi forteller om gruppa.",
        **overrides,
    }


@pytest.mark.django_db
def test_the_facilitator_schedules_a_meeting_and_it_is_recorded(client, people, planned_group):
    client.force_login(people["facilitator"])
    assert client.get(create_url(planned_group)).status_code == 200
    response = client.post(create_url(planned_group), form_data())
    meeting = InfoMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting)
    assert meeting.capacity == 12
    assert meeting.created_by == people["facilitator"]
    local = timezone.localtime(meeting.starts_at)
    assert (local.hour, local.minute) == (18, 0)
    assert timezone.localtime(meeting.ends_at).minute == 30
    entry = AuditEntry.objects.get(action=Action.MEETING_SCHEDULED)
    assert entry.actor == people["facilitator"]
    assert entry.object_id == str(meeting.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date": "2020-01-01"}, "date"),
        ({"end_time": "17:00"}, "end_time"),
        ({"place": ""}, "place"),
        ({"capacity": "0"}, "capacity"),
        ({"date": "i morgen"}, "date"),
        ({"online_url": "ikke en lenke"}, "online_url"),
    ],
)
def test_invalid_meeting_is_a_400_that_keeps_what_was_written(client, people, planned_group, overrides, field):
    client.force_login(people["facilitator"])
    response = client.post(create_url(planned_group), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "error-summary" in page
    assert "Vi forteller om gruppa." in page
    assert not InfoMeeting.objects.exists()


@pytest.mark.django_db
def test_an_online_meeting_needs_no_place(client, people, planned_group):
    client.force_login(people["facilitator"])
    response = client.post(create_url(planned_group), form_data(place="", online_url="https://meet.example.org/x"))
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "administrator"])
def test_the_coordinator_for_the_county_and_an_administrator_may_schedule(client, people, planned_group, who):
    client.force_login(people[who])
    assert client.post(create_url(planned_group), form_data()).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_facilitator", "other_coordinator", "contact"])
def test_others_get_a_404_for_the_group_and_its_meetings(client, people, planned_group, who):
    meeting = make_meeting(planned_group)
    planned_group.contact = people["contact"]  # even the group contact: no full access
    planned_group.save()
    sign_up(meeting, email="anne@example.org")
    client.force_login(people[who])
    assert client.get(create_url(planned_group)).status_code == 404
    assert client.post(create_url(planned_group), form_data()).status_code == 404
    assert client.get(detail_url(meeting)).status_code == 404
    assert client.post(cancel_url(meeting)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    assert InfoMeeting.objects.count() == 1
    assert not AuditEntry.objects.filter(action=Action.PEOPLE_VIEWED).exists()


@pytest.mark.django_db
def test_the_service_refuses_someone_without_access(people, planned_group):
    from django.core.exceptions import PermissionDenied

    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(PermissionDenied):
        meeting_schedule(
            group=planned_group, actor=people["other_facilitator"], starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1), capacity=5, place="Her",
        )


@pytest.mark.django_db
def test_a_visitor_is_sent_to_the_login_page(client, planned_group, meeting):
    for url in (create_url(planned_group), detail_url(meeting)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("facilitators:login"))


@pytest.mark.django_db
def test_the_meeting_page_lists_people_and_waiting_list_with_counts_and_records_the_viewing(
    client, people, meeting
):
    sign_up(meeting, name="Anne Aas", email="anne@example.org")
    sign_up(meeting, name="Ben Berg", phone="912 34 567")  # to call: no place yet
    sign_up(meeting, name="Cato Crane", email="cato@example.org")
    sign_up(meeting, name="Dag Dal", email="dag@example.org")
    sign_up(meeting, name="Eli Eng", email="eli@example.org", confirmed=False)
    client.force_login(people["facilitator"])
    response = client.get(detail_url(meeting))
    assert response.status_code == 200
    assert [s.name for s in response.context["confirmed"]] == ["Anne Aas", "Cato Crane"]
    assert [s.name for s in response.context["waiting"]] == ["Dag Dal"]
    assert [s.name for s in response.context["to_call"]] == ["Ben Berg"]
    # An unconfirmed address may be someone else's: counted, never shown.
    assert response.context["pending_count"] == 1
    assert "eli@example.org" not in response.content.decode()
    page = response.content.decode()
    assert "Anne Aas" in page and "912 34 567" in page and "cato@example.org" in page
    assert reverse("facilitators:group_detail", kwargs={"pk": meeting.group.pk}) in page
    entry = AuditEntry.objects.get(action=Action.PEOPLE_VIEWED)
    assert entry.actor == people["facilitator"]
    assert entry.object_id == str(meeting.pk)
    # The record names the meeting, never the people.
    assert "Anne" not in entry.object_label + entry.detail
    assert "anne@example.org" not in entry.object_label + entry.detail


@pytest.mark.django_db
def test_cancelling_tells_everyone_signed_up_in_their_language(client, people, meeting, post):
    sign_up(meeting, name="Anne", email="anne@example.org")
    sign_up(meeting, name="Ben", email="ben@example.org", language="en")
    sign_up(meeting, name="Cato", email="cato@example.org")  # on the waiting list
    sign_up(meeting, name="Dina", phone="912 34 567")
    client.force_login(people["facilitator"])
    assert client.get(cancel_url(meeting)).status_code == 405
    response = post(cancel_url(meeting), {"note": "Vi setter opp et nytt møte i januar."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "anne@example.org",
        "ben@example.org",
        "cato@example.org",
    ]
    [to_ben] = mail_to("ben@example.org")
    assert to_ben.subject == "An information meeting is cancelled"
    assert "Sorggruppe Levanger" in to_ben.body
    assert "Vi setter opp et nytt møte i januar." in to_ben.body
    assert "/en/informasjonsmoter/pamelding/" in to_ben.body
    [to_anne] = mail_to("anne@example.org")
    with override("nb"):
        assert to_anne.subject == gettext("An information meeting is cancelled")
    assert AuditEntry.objects.filter(action=Action.MEETING_CANCELLED, object_id=str(meeting.pk)).exists()
    # Cancelling again tells nobody again.
    mail.outbox = []
    post(cancel_url(meeting), {})
    assert mail.outbox == []
    # The sign-up page now says the meeting is over.
    assert client.get(f"/informasjonsmoter/{meeting.pk}/meld-pa/").status_code == 410


@pytest.mark.django_db
def test_a_coordinator_sees_meetings_in_their_county_only(client, people, places, meeting):
    client.force_login(people["coordinator"])
    assert client.get(detail_url(meeting)).status_code == 200
    in_bodo = make_meeting(SelfHelpGroupFactory(municipality=places["bodo"], status="planned", contact=None))
    assert client.get(detail_url(in_bodo)).status_code == 404
    client.force_login(people["other_coordinator"])
    assert client.get(detail_url(in_bodo)).status_code == 200


@pytest.mark.django_db
def test_a_co_facilitator_may_open_the_meeting(client, people, places, planned_group, meeting):
    planned_group.startup.facilitators.add(people["other_facilitator"])
    client.force_login(people["other_facilitator"])
    assert client.get(detail_url(meeting)).status_code == 200


# Where the meeting is shown ---------------------------------------------------------------

@pytest.mark.django_db
def test_the_meeting_is_shown_on_the_group_page_the_municipality_page_and_the_list(
    client, site, planned_group, meeting
):
    signup = reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk})
    group_page = client.get("/finn-gruppe/trondelag/levanger/sorggruppe-levanger/")
    assert group_page.status_code == 200
    assert signup in group_page.content.decode()
    municipality_page = client.get("/finn-gruppe/trondelag/levanger/")
    assert signup in municipality_page.content.decode()
    listing = client.get("/informasjonsmoter/")
    assert listing.status_code == 200
    assert signup in listing.content.decode()
    assert "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/" in listing.content.decode()
    assert client.get("/en/informasjonsmoter/").status_code == 200


@pytest.mark.django_db
def test_cancelled_past_and_unpublished_meetings_are_not_shown(client, site, people, places, planned_group):
    make_meeting(planned_group, cancelled_at=timezone.now())
    make_meeting(planned_group, starts=timezone.now() - datetime.timedelta(hours=1))
    draft = SelfHelpGroupFactory(name="Utkastgruppe", municipality=places["levanger"], live=False, contact=None)
    StartUpFactory(group=draft, facilitators=[people["facilitator"]])
    make_meeting(draft)
    listing = client.get("/informasjonsmoter/").content.decode()
    assert "meld-pa" not in listing
    assert "meld-pa" not in client.get("/finn-gruppe/trondelag/levanger/").content.decode()


@pytest.mark.django_db
def test_the_group_page_tag_costs_one_query(planned_group, meeting, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load meetings_tags %}{% upcoming_info_meetings group %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"group": planned_group}))
    assert f"/informasjonsmoter/{meeting.pk}/meld-pa/" in html
