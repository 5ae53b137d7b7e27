"""Calendars that stay current: a feed per group and per municipality, to subscribe to
(webcal://) or download, that follows schedule changes and cancellations and can be fetched
again cheaply."""

import datetime

import pytest
from django.utils import timezone

from facilitators.models import InfoMeeting
from groups.models import Status
from tests.factories import SelfHelpGroupFactory

GROUP = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"
FEED = GROUP + "kalender/"
MUNICIPALITY = "/finn-gruppe/trondelag/levanger/"
MUNICIPALITY_FEED = "/finn-gruppe/kalender/trondelag/levanger/"


@pytest.fixture
def group(levanger_group):
    return levanger_group


def meeting(group, *, days=7, cancelled=False):
    starts = timezone.now() + datetime.timedelta(days=days)
    return InfoMeeting.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="Biblioteket",
        cancelled_at=timezone.now() if cancelled else None,
    )


@pytest.mark.django_db
def test_the_group_page_offers_a_webcal_subscription_and_a_download(client, group):
    html = client.get(GROUP).content.decode()
    assert 'href="webcal://' in html
    assert f'{FEED}"' in html
    assert f'href="{FEED}" download' in html


@pytest.mark.django_db
def test_the_feed_is_the_same_bytes_until_something_changes(client, group):
    first = client.get(FEED)
    again = client.get(FEED)
    assert first.content == again.content
    assert first["ETag"] == again["ETag"]
    # No Last-Modified: the newest change among what is left can go back in time when a
    # group leaves the feed, and a client asking "changed since?" would keep it.
    assert "Last-Modified" not in first
    assert "max-age=3600" in first["Cache-Control"]


@pytest.mark.django_db
def test_a_calendar_that_has_the_feed_gets_not_modified(client, group):
    first = client.get(FEED)
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.django_db
def test_a_group_leaving_the_municipality_feed_is_never_answered_not_modified(client, group, places):
    newer = SelfHelpGroupFactory(
        name="Nyere gruppe i Levanger", municipality=places["levanger"], weekday=3, start_time=datetime.time(18, 0)
    )
    first = client.get(MUNICIPALITY_FEED)
    newer.status = Status.PAUSED
    newer.save()
    since = first.get("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT")
    again = client.get(MUNICIPALITY_FEED, HTTP_IF_MODIFIED_SINCE=since, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Nyere gruppe" not in again.content.decode()


@pytest.mark.django_db
def test_a_new_meeting_time_changes_the_feed(client, group):
    before = client.get(FEED)
    group.start_time = datetime.time(19, 0)
    group.end_time = datetime.time(20, 30)
    group.save()
    after = client.get(FEED, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    body = after.content.decode()
    assert "DTSTART;TZID=Europe/Oslo:20261103T190000" in body
    assert body.count("UID:group-") == 1  # the same event, updated in place


@pytest.mark.django_db
def test_information_meetings_are_in_the_feed_and_a_cancelled_one_says_so(client, group):
    coming = meeting(group, days=7)
    cancelled = meeting(group, days=14, cancelled=True)
    body = client.get(FEED).content.decode().replace("\r\n ", "")
    assert f"UID:info-meeting-{coming.pk}@samhold" in body
    event = body[body.index(f"UID:info-meeting-{cancelled.pk}@samhold"):]
    event = event[: event.index("END:VEVENT")]
    assert "STATUS:CANCELLED" in event
    assert f"/informasjonsmoter/{cancelled.pk}/meld-pa/" in body


@pytest.mark.django_db
def test_a_paused_groups_coming_information_meeting_is_marked_cancelled(client, group):
    coming = meeting(group, days=7)
    group.status = Status.PAUSED
    group.save()
    body = client.get(FEED).content.decode().replace("\r\n ", "")
    event = body[body.index(f"UID:info-meeting-{coming.pk}@samhold"):]
    assert "STATUS:CANCELLED" in event[: event.index("END:VEVENT")]


@pytest.mark.django_db
def test_cancelling_a_meeting_changes_the_feed(client, group):
    info = meeting(group)
    before = client.get(FEED)
    info.cancelled_at = timezone.now()
    info.save()
    assert client.get(FEED, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


@pytest.mark.django_db
def test_a_draft_group_has_no_feed(client, group):
    group.live = False
    group.save()
    assert client.get(FEED).status_code == 404


@pytest.mark.django_db
def test_the_municipality_feed_has_its_groups_and_no_others(client, group, places):
    SelfHelpGroupFactory(
        name="Angstgruppe i Verdal", municipality=places["verdal"], weekday=2, start_time=datetime.time(18, 0)
    )
    SelfHelpGroupFactory(
        name="Pausegruppe i Levanger", municipality=places["levanger"], status=Status.PAUSED,
        weekday=3, start_time=datetime.time(18, 0),
    )
    SelfHelpGroupFactory(
        name="Utkast i Levanger", municipality=places["levanger"], live=False, weekday=3, start_time=datetime.time(18, 0)
    )
    response = client.get(MUNICIPALITY_FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "ETag" in response
    body = response.content.decode()
    assert "Sorggruppe i Levanger" in body
    assert "Verdal" not in body
    assert "Pausegruppe" not in body
    assert "Utkast" not in body
    assert "X-WR-CALNAME:Selvhjelpsgrupper i Levanger" in body


@pytest.mark.django_db
def test_the_municipality_page_offers_its_feed(client, group):
    html = client.get(MUNICIPALITY).content.decode()
    assert f'href="{MUNICIPALITY_FEED}" download' in html
    assert "webcal://" in html


@pytest.mark.django_db
def test_an_unknown_municipality_has_no_feed(client, site, places):
    assert client.get("/finn-gruppe/kalender/trondelag/ingensteds/").status_code == 404


@pytest.mark.django_db
def test_a_group_called_kalender_still_has_its_page(client, site, places):
    SelfHelpGroupFactory(name="Kalender", slug="kalender", municipality=places["levanger"])
    assert client.get("/finn-gruppe/trondelag/levanger/kalender/").status_code == 200
