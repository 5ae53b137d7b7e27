"""New groups are found: start-ups in the default search, after the groups that take members in
the same band, marked on the card with their information meeting and its sign-up one click away."""

import datetime
import re

import pytest
from django.utils import timezone

from facilitators.models import InfoMeeting
from groups.models import Status
from tests.factories import SelfHelpGroupFactory


def result_names(response):
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def _meeting(group, *, days=10, **kwargs):
    starts = (timezone.localtime() + datetime.timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)
    return InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), place="Biblioteket", **kwargs
    )


@pytest.fixture
def start_ups(site, places, themes):
    sorg = themes["sorg"]
    groups = {
        "open_here": SelfHelpGroupFactory(name="Sorg i Levanger", municipality=places["levanger"], themes=[sorg]),
        "planned_no_meeting": SelfHelpGroupFactory(
            name="Aller første sorggruppe", status=Status.PLANNED, municipality=places["levanger"], themes=[sorg]
        ),
        "planned_meeting": SelfHelpGroupFactory(
            name="Ny sorggruppe i Levanger", status=Status.PLANNED, municipality=places["levanger"], themes=[sorg]
        ),
        "open_near": SelfHelpGroupFactory(name="Sorg i Verdal", municipality=places["verdal"], themes=[sorg]),
        "full_here": SelfHelpGroupFactory(
            name="Full sorggruppe", status=Status.CLOSED, municipality=places["levanger"], themes=[sorg]
        ),
    }
    groups["meeting"] = _meeting(groups["planned_meeting"])
    return groups


@pytest.mark.django_db
def test_start_ups_follow_the_groups_taking_members_in_the_same_band_and_meetings_come_first(client, start_ups):
    names = result_names(client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}))
    # Here: the open group, then the start-up with a meeting to sign up for, then the other
    # start-up; the full group is not listed. Then the nearby band.
    assert names == ["Sorg i Levanger", "Ny sorggruppe i Levanger", "Aller første sorggruppe", "Sorg i Verdal"]


@pytest.mark.django_db
def test_a_start_up_with_a_cancelled_or_past_meeting_is_not_put_first(client, start_ups):
    start_ups["meeting"].cancelled_at = timezone.now()
    start_ups["meeting"].save()
    names = result_names(client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}))
    assert names[1:3] == ["Aller første sorggruppe", "Ny sorggruppe i Levanger"]


@pytest.mark.django_db
def test_the_card_says_starting_soon_with_the_meeting_day_and_links_the_sign_up(client, start_ups):
    meeting = start_ups["meeting"]
    meeting.starts_at = timezone.make_aware(datetime.datetime(timezone.localdate().year + 1, 1, 14, 18))
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=1)
    meeting.save()
    html = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}).content.decode()
    card = html.split("Ny sorggruppe i Levanger</a>")[1].split("</article>")[0]
    assert "Informasjonsmøte 14. januar kl. 18.00" in card
    # Its status says it is starting soon, not "register your interest" beside the sign-up.
    assert '<span class="status status--planned">Starter snart</span>' in card
    assert "meld interesse" not in card
    assert f'href="/informasjonsmoter/{meeting.pk}/meld-pa/"' in card
    other = html.split("Aller første sorggruppe</a>")[1].split("</article>")[0]
    assert "Starter snart" in other and "informasjonsmøte" not in other.lower()
    assert "Planlagt – meld interesse" in other
    running = html.split("Sorg i Levanger</a>")[1].split("</article>")[0]
    assert "Starter snart" not in running


@pytest.mark.django_db
def test_a_full_meeting_offers_the_waiting_list(client, start_ups):
    meeting = start_ups["meeting"]
    meeting.capacity = 1
    meeting.save()
    meeting.signups.create(name="Kari", email="kari@example.org", status="confirmed", consent_text_version="1")
    html = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}).content.decode()
    card = html.split("Ny sorggruppe i Levanger</a>")[1].split("</article>")[0]
    assert "venteliste" in card.lower()


@pytest.mark.django_db
def test_a_cached_card_changes_when_its_meeting_is_cancelled(client, start_ups):
    params = {"kommune": "5037", "tema": "sorg"}
    assert "/meld-pa/" in client.get("/finn-gruppe/", params).content.decode()
    start_ups["meeting"].cancelled_at = timezone.now()
    start_ups["meeting"].save()
    assert "/meld-pa/" not in client.get("/finn-gruppe/", params).content.decode()


@pytest.mark.django_db
def test_english_card_says_starting_soon(client, site_en, start_ups):
    html = client.get("/en/find-a-group/", {"kommune": "5037", "tema": "sorg"}).content.decode()
    card = html.split("Ny sorggruppe i Levanger</a>")[1].split("</article>")[0]
    assert ">Starting soon</span>" in card
    assert re.search(r"Information meeting \d+ \w+ at \d\d:00", card)
    assert "Sign up for the information meeting" in html


@pytest.mark.django_db
def test_the_show_choice_says_what_each_option_hides(client, start_ups):
    html = client.get("/finn-gruppe/").content.decode()
    assert "Grupper som tar imot nye medlemmer og grupper som starter snart" in html
    assert "Alle grupper, også fulle" in html
    assert "En full gruppe tar ikke imot nye medlemmer nå." in html


@pytest.mark.django_db
def test_county_counts_include_start_ups_but_not_full_groups(client, start_ups):
    html = client.get("/finn-gruppe/trondelag/").content.decode()
    levanger = re.search(r'href="/finn-gruppe/trondelag/levanger/">[^<]+</a> <span class="count">(\d+)', html)
    assert levanger.group(1) == "3"


@pytest.mark.django_db
def test_an_empty_result_offers_a_nearby_start_up_with_its_meeting_sign_up(client, start_ups):
    response = client.get("/finn-gruppe/", {"kommune": "1804", "tema": "sorg"})
    html = response.content.decode()
    assert "Ny sorggruppe i Levanger" in html
    assert f'/informasjonsmoter/{start_ups["meeting"].pk}/meld-pa/' in html
