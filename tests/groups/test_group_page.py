"""The public group page: what a person needs to decide, and what is never shown."""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from facilitators.models import InfoMeeting
from groups.models import Attendance, Frequency, Status
from tests.factories import SelfHelpGroupFactory, UserFactory


def url(group):
    m = group.municipality
    return f"/finn-gruppe/{m.county.slug}/{m.slug}/{group.slug}/" if m else f"/finn-gruppe/nett/{group.slug}/"


@pytest.fixture
def group(site, places, themes):
    return SelfHelpGroupFactory(
        name="Sorggruppe i Levanger",
        slug="sorggruppe-levanger",
        municipality=places["levanger"],
        themes=[themes["sorg"]],
        place="Frivilligsentralen i sentrum",
        address="Kirkegata 1",
        show_address=False,
        weekday=1,
        start_time=datetime.time(18, 0),
        end_time=datetime.time(19, 30),
        frequency=Frequency.BIWEEKLY,
        first_meeting=datetime.date(2026, 11, 3),
        contact=UserFactory(email="hemmelig.kontakt@example.org", first_name="Kari", last_name="Nordmann"),
        open_places=2,
    )


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc))
def test_group_page_shows_schedule_next_meetings_place_and_status(client, group):
    response = client.get(url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sorggruppe i Levanger" in html
    assert "Frivilligsentralen i sentrum" in html
    assert "Levanger - Levangke" in html
    # Fortnightly from Tuesday 3 November: next are 1, 15 and 29 December.
    assert 'datetime="2026-12-01T18:00:00+01:00"' in html
    assert 'datetime="2026-12-15T18:00:00+01:00"' in html
    assert 'datetime="2026-12-29T18:00:00+01:00"' in html
    assert "status--open" in html
    assert 'href="/finn-gruppe/trondelag/levanger/sorggruppe-levanger/kalender/"' in html


@pytest.mark.django_db
def test_contact_person_and_hidden_address_are_never_shown(client, group):
    html = client.get(url(group)).content.decode()
    assert "hemmelig.kontakt@example.org" not in html
    assert "Nordmann" not in html
    assert "Kirkegata 1" not in html


@pytest.mark.django_db
def test_address_is_shown_when_the_group_wants_it(client, group):
    group.show_address = True
    group.save()
    assert "Kirkegata 1" in client.get(url(group)).content.decode()


@pytest.mark.django_db
def test_unpublished_group_is_404(client, group):
    group.live = False
    group.save()
    assert client.get(url(group)).status_code == 404


@pytest.mark.django_db
def test_online_group_lives_under_nett(client, site, themes):
    SelfHelpGroupFactory(name="Nettgruppe", slug="nettgruppe", municipality=None, attendance=Attendance.ONLINE)
    assert client.get("/finn-gruppe/nett/nettgruppe/").status_code == 200
    assert client.get("/finn-gruppe/trondelag/levanger/nettgruppe/").status_code == 301


@pytest.mark.django_db
def test_json_ld_and_canonical_url(client, group):
    html = client.get(url(group)).content.decode()
    assert '<link rel="canonical" href="http://testserver/finn-gruppe/trondelag/levanger/sorggruppe-levanger/">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "EventSeries"
    assert data["name"] == "Sorggruppe i Levanger"
    assert data["location"]["address"]["addressLocality"] == "Levanger"
    assert data["eventSchedule"]["repeatFrequency"] == "P2W"
    assert "streetAddress" not in data["location"]["address"]


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client, site, places):
    group = SelfHelpGroupFactory(name="</script><script>alert(1)</script>", municipality=places["levanger"])
    html = client.get(url(group)).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block


@pytest.mark.django_db
def test_ended_group_keeps_its_page_and_points_to_similar_groups_nearby(client, group, places, themes):
    group.status = Status.ENDED
    group.save()
    SelfHelpGroupFactory(name="Sorggruppe i Verdal", municipality=places["verdal"], themes=[themes["sorg"]])
    SelfHelpGroupFactory(name="Sorggruppe i Bodø", municipality=places["bodo"], themes=[themes["sorg"]])
    response = client.get(url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "status--ended" in html
    assert html.index("Sorggruppe i Verdal") < html.index("Sorggruppe i Bodø")
    assert 'name="message"' not in html
    assert "kalender/" not in html
    # A subscribed calendar learns that the meetings are over.
    assert "STATUS:CANCELLED" in client.get(url(group) + "kalender/").content.decode()


@pytest.mark.django_db
def test_ics_download_has_the_meeting_series(client, group):
    response = client.get(url(group) + "kalender/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in body
    assert "DTSTART;TZID=Europe/Oslo:20261103T180000" in body
    assert "BEGIN:VTIMEZONE" in body
    assert "Kirkegata" not in body


@pytest.mark.django_db
def test_group_page_query_count_does_not_grow(client, group, places, themes):
    client.get(url(group))
    with CaptureQueriesContext(connection) as ctx:
        client.get(url(group))
    first = len(ctx)
    group.themes.add(themes["angst"], themes["depresjon"])
    for _ in range(10):
        SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    with CaptureQueriesContext(connection) as ctx:
        client.get(url(group))
    assert len(ctx) == first
    assert len(ctx) <= 10


@pytest.mark.django_db
def test_ended_group_page_query_count_is_bounded(client, group, places, themes):
    group.status = Status.ENDED
    group.save()
    for _ in range(10):
        SelfHelpGroupFactory(municipality=places["verdal"], themes=[themes["sorg"]])
    client.get(url(group))
    with CaptureQueriesContext(connection) as ctx:
        client.get(url(group))
    assert len(ctx) <= 10


@pytest.mark.django_db
def test_a_paused_group_offers_no_calendar_and_its_feed_says_cancelled(client, group):
    group.status = Status.PAUSED
    group.save()
    assert "kalender/" not in client.get(url(group)).content.decode()
    body = client.get(url(group) + "kalender/").content.decode()
    assert "STATUS:CANCELLED" in body
    assert "STATUS:CONFIRMED" not in body


@pytest.mark.django_db
def test_first_meeting_must_fall_on_the_groups_weekday(group):
    from django.core.exceptions import ValidationError

    group.first_meeting = datetime.date(2026, 11, 30)  # a Monday; the group meets on Tuesdays
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "first_meeting" in error.value.message_dict


def _info_meeting(group, *, capacity=20, place="Levanger bibliotek"):
    starts = timezone.make_aware(datetime.datetime(2026, 12, 17, 18, 0))
    return InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), place=place, capacity=capacity
    )


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc))
def test_a_planned_group_with_a_meeting_leads_with_the_meeting_not_register_interest(client, group):
    group.status = Status.PLANNED
    group.save()
    meeting = _info_meeting(group)
    html = client.get(url(group)).content.decode()
    lead = re.search(r'<p class="callout meeting-lead">(.*?)</p>', html, re.S).group(1)
    assert "Informasjonsmøte 17. desember kl. 18.00" in lead
    assert f'<a href="/informasjonsmoter/{meeting.pk}/meld-pa/">meld deg på</a>' in lead
    assert "Starter snart" in re.search(r'<p class="group-status">(.*?)</p>', html, re.S).group(1)
    assert "meld interesse" not in html.lower()
    assert "under planlegging" not in html
    facts = html.split('id="facts-heading"')[1].split("</aside>")[0]
    assert "Hvor gruppa møtes" in facts and "Frivilligsentralen i sentrum" in facts
    assert "<dt>Informasjonsmøte</dt>" in facts and "Levanger bibliotek" in facts


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc))
def test_a_full_meeting_leads_to_the_waiting_list_and_english_says_so(client, site_en, group):
    group.status = Status.PLANNED
    group.save()
    meeting = _info_meeting(group, capacity=1)
    meeting.signups.create(name="Kari", email="kari@example.org", status="confirmed", consent_text_version="1")
    html = client.get(url(group)).content.decode()
    assert "meld deg på ventelisten</a>" in html
    english = client.get("/en" + url(group).replace("/finn-gruppe/", "/find-a-group/")).content.decode()
    lead = re.search(r'<p class="callout meeting-lead">(.*?)</p>', english, re.S).group(1)
    assert "Information meeting 17 December at 18:00" in lead and "join the waiting list</a>" in lead
    assert ">Starting soon<" in english
    assert "Where the group meets" in english


@pytest.mark.django_db
def test_a_planned_group_without_a_meeting_asks_for_interest(client, group):
    group.status = Status.PLANNED
    group.save()
    html = client.get(url(group)).content.decode()
    assert "Planlagt – meld interesse" in html
    assert "under planlegging" in html
    assert "meeting-lead" not in html
    assert "Hvor gruppa møtes" not in html


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc))
def test_a_planned_group_page_with_a_meeting_costs_no_more_queries_than_without(client, group):
    group.status = Status.PLANNED
    group.save()
    client.get(url(group))
    with CaptureQueriesContext(connection) as ctx:
        client.get(url(group))
    without = len(ctx)
    _info_meeting(group)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url(group)).content.decode()
    assert "meeting-lead" in html
    assert len(ctx) == without


@pytest.mark.django_db
def test_the_page_links_to_the_page_about_self_help_groups_the_directory_names(client, group, site):
    from home.models import ContentPage

    assert "/om-selvhjelp/" not in client.get(url(group)).content.decode()
    about = ContentPage(title="Om selvhjelp", slug="om-selvhjelp")
    site.get_parent().add_child(instance=about)
    about.save_revision().publish()
    site.about_page = about
    site.save_revision().publish()
    assert about.get_url() == "/om-selvhjelp/"
    assert '<a href="/om-selvhjelp/">' in client.get(url(group)).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url(group))
    assert not [q for q in ctx.captured_queries if "wagtailcore_" in q["sql"]]
