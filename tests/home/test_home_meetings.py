"""The home page shows the next information meetings (near the municipality asked for, else in
the whole country) with a sign-up link each, and the menu leads to the meetings' list."""

import datetime
import re

import pytest
from django.utils import timezone

from facilitators.models import InfoMeeting, MeetingSignUp
from groups.models import Status
from tests.factories.groups import SelfHelpGroupFactory

pytestmark = pytest.mark.django_db


def meeting(group, *, days: int, capacity: int = 10, confirmed: int = 0, **fields) -> InfoMeeting:
    starts = timezone.now() + datetime.timedelta(days=days)
    created = InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), capacity=capacity,
        **{"place": "Frivilligsentralen", **fields},
    )
    for n in range(confirmed):
        MeetingSignUp.objects.create(
            meeting=created, name=f"Person {n}", email=f"p{n}@example.org", consent_text_version="x",
            status=MeetingSignUp.Status.CONFIRMED,
        )
    return created


@pytest.fixture
def meetings(site, places):
    levanger = SelfHelpGroupFactory(name="Ny sorggruppe i Levanger", municipality=places["levanger"], status=Status.PLANNED)
    verdal = SelfHelpGroupFactory(name="Angstgruppe i Verdal", municipality=places["verdal"], status=Status.RECRUITING)
    bodo = SelfHelpGroupFactory(name="Pårørendegruppe i Bodø", municipality=places["bodo"], status=Status.PLANNED)
    ended = SelfHelpGroupFactory(name="Avsluttet gruppe", municipality=places["levanger"], status=Status.ENDED)
    return {
        "levanger": meeting(levanger, days=14, confirmed=3),
        "verdal": meeting(verdal, days=9, capacity=2, confirmed=2),
        "bodo": meeting(bodo, days=3),
        "ended": meeting(ended, days=5),
        "cancelled": meeting(levanger, days=4, cancelled_at=timezone.now()),
    }


def meeting_section(html: str) -> str:
    match = re.search(r'<section class="info-meetings".*?</section>', html, re.DOTALL)
    assert match, "no information meetings on the home page"
    return match.group(0)


def names_in_order(section: str) -> list[str]:
    return re.findall(r'<h3 class="info-meeting__group" lang="nb">(?:<a href="[^"]*">)?([^<]+)<', section)


def test_the_home_page_shows_the_next_meetings_in_the_country_with_sign_up_links(client, meetings):
    section = meeting_section(client.get("/").content.decode())

    assert names_in_order(section) == ["Pårørendegruppe i Bodø", "Angstgruppe i Verdal", "Ny sorggruppe i Levanger"]
    assert f'href="/informasjonsmoter/{meetings["levanger"].pk}/meld-pa/"' in section
    assert "7 ledige plasser" in section
    assert "Meld deg på ventelisten" in section  # Verdal's is full
    assert 'href="/informasjonsmoter/"' in section
    assert "Avsluttet gruppe" not in section


def test_a_municipality_asked_for_shows_the_meetings_near_it_first_and_only(client, meetings):
    section = meeting_section(client.get("/?kommune=5037").content.decode())

    assert "Informasjonsmøter nær Levanger" in section
    assert names_in_order(section) == ["Angstgruppe i Verdal", "Ny sorggruppe i Levanger"]


def test_meetings_online_count_as_near(client, meetings, places):
    online = SelfHelpGroupFactory(name="Nettgruppe", municipality=None, attendance="online", place="")
    meeting(online, days=2, place="", online_url="https://meet.example/abc")

    section = meeting_section(client.get("/?kommune=5037").content.decode())

    assert names_in_order(section)[0] == "Nettgruppe"


def test_with_nothing_near_the_place_the_page_says_so_and_shows_the_country(client, meetings, places):
    from tests.factories.geography import MunicipalityFactory

    MunicipalityFactory(number="0301", name="Oslo", name_plain="Oslo", slug="oslo", latitude=59.91, longitude=10.75)
    section = meeting_section(client.get("/?kommune=0301").content.decode())

    assert "Ingen informasjonsmøter er planlagt nær Oslo akkurat nå" in section
    assert names_in_order(section)[0] == "Pårørendegruppe i Bodø"


@pytest.mark.parametrize("kommune", ["9999", "levanger", "<script>", "5037" * 40])
def test_an_unknown_municipality_is_ignored(client, meetings, kommune):
    response = client.get("/", {"kommune": kommune})
    assert response.status_code == 200
    assert "Kommende informasjonsmøter" in meeting_section(response.content.decode())


def test_no_meetings_no_section(client, site):
    html = client.get("/").content.decode()
    assert 'class="info-meetings"' not in html


def test_the_english_home_page_lists_them_in_english(client, site_en, meetings):
    section = meeting_section(client.get("/en/?kommune=5038").content.decode())
    assert "Information meetings near Verdal" in section
    assert f'href="/en/informasjonsmoter/{meetings["levanger"].pk}/meld-pa/"' in section


def test_the_home_page_with_meetings_costs_one_query_more(client, meetings, django_assert_max_num_queries):
    client.get("/?kommune=5037")  # warm the caches (navigation, reference lists, site pages)
    client.get("/")
    with django_assert_max_num_queries(8):
        assert client.get("/?kommune=5037").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_the_main_menu_links_the_meetings_right_after_the_directory(client, site):
    html = client.get("/").content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="([^"]+)"', menu)
    assert "/informasjonsmoter/" in links
    assert links[links.index("/informasjonsmoter/") - 1] == site.url

    meetings_page = client.get("/informasjonsmoter/").content.decode()
    assert re.search(r'<a href="/informasjonsmoter/" aria-current="page">', meetings_page)
