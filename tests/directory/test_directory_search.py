"""The directory page: filters, nearby order, facets, pagination and landing URLs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from facilitators.models import InfoMeeting
from groups.models import Attendance, Audience, Status
from tests.factories import SelfHelpGroupFactory


def result_names(response):
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def sorg_groups(site, places, themes):
    sorg = themes["sorg"]
    return {
        "here": SelfHelpGroupFactory(name="Sorg i Levanger", municipality=places["levanger"], themes=[sorg]),
        "near": SelfHelpGroupFactory(name="Sorg i Verdal", municipality=places["verdal"], themes=[sorg]),
        "city": SelfHelpGroupFactory(name="Sorg i Trondheim", municipality=places["trondheim"], themes=[sorg]),
        "far": SelfHelpGroupFactory(name="Sorg i Bodø", municipality=places["bodo"], themes=[sorg]),
        "online": SelfHelpGroupFactory(
            name="Sorg på nett", municipality=None, attendance=Attendance.ONLINE, themes=[sorg]
        ),
        "angst": SelfHelpGroupFactory(name="Angst i Levanger", municipality=places["levanger"], themes=[themes["angst"]]),
    }


@pytest.mark.django_db
def test_municipality_puts_groups_there_first_then_nearby_by_distance_then_online(client, sorg_groups):
    response = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"})
    assert response.status_code == 200
    assert result_names(response) == ["Sorg i Levanger", "Sorg i Verdal", "Sorg i Trondheim", "Sorg på nett"]
    html = response.content.decode()
    assert "I nærheten" in html or "Nearby" in html
    assert re.search(r"(\d+)\s*km", html)


@pytest.mark.django_db
def test_distance_shown_is_the_distance_between_representative_points(client, sorg_groups):
    html = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}).content.decode()
    # Levanger–Verdal is about 10 km, Levanger–Trondheim about 59 km.
    kms = [int(k) for k in re.findall(r"(\d+)\s*km", html)]
    assert any(8 <= k <= 13 for k in kms)
    assert any(50 <= k <= 65 for k in kms)


@pytest.mark.django_db
def test_landing_url_for_a_municipality_shows_its_groups(client, sorg_groups):
    response = client.get("/finn-gruppe/trondelag/levanger/")
    assert response.status_code == 200
    assert result_names(response)[:2] == ["Angst i Levanger", "Sorg i Levanger"]
    html = response.content.decode()
    assert "<title>" in html and "Levanger" in html.split("<title>")[1].split("</title>")[0]
    assert 'name="description"' in html


@pytest.mark.django_db
def test_county_landing_lists_its_municipalities_with_counts(client, sorg_groups):
    response = client.get("/finn-gruppe/trondelag/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/finn-gruppe/trondelag/levanger/"' in html
    assert "Sorg i Bodø" not in result_names(response)
    assert "Sorg på nett" in result_names(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/finn-gruppe/viken/", "/finn-gruppe/trondelag/oslo/", "/finn-gruppe/trondelag/levanger/finnes-ikke/", "/finn-gruppe/a/b/c/d/e/"])
def test_unknown_paths_are_404(client, sorg_groups, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_group_under_the_wrong_place_redirects_to_its_canonical_url(client, sorg_groups):
    group = sorg_groups["here"]
    response = client.get(f"/finn-gruppe/nordland/bodo/{group.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/finn-gruppe/trondelag/levanger/{group.slug}/"


@pytest.mark.django_db
def test_by_default_groups_taking_members_then_start_ups_and_no_full_ones(client, site, places, themes):
    SelfHelpGroupFactory(name="Planlagt", status=Status.PLANNED, municipality=places["levanger"])
    SelfHelpGroupFactory(name="Full", status=Status.CLOSED, municipality=places["levanger"])
    SelfHelpGroupFactory(name="Rekrutterer", status=Status.RECRUITING, municipality=places["levanger"])
    SelfHelpGroupFactory(name="Åpen", status=Status.OPEN, municipality=places["levanger"])
    assert result_names(client.get("/finn-gruppe/")) == ["Åpen", "Rekrutterer", "Planlagt"]
    assert result_names(client.get("/finn-gruppe/", {"vis": "alle"})) == ["Åpen", "Rekrutterer", "Planlagt", "Full"]


@pytest.mark.django_db
def test_filters_by_weekday_attendance_and_audience(client, site, places):
    SelfHelpGroupFactory(name="Mandag", weekday=0, municipality=places["levanger"])
    SelfHelpGroupFactory(name="Tirsdag", weekday=1, municipality=places["levanger"])
    SelfHelpGroupFactory(name="Nett", weekday=1, attendance=Attendance.ONLINE, municipality=None)
    SelfHelpGroupFactory(name="Hybrid", weekday=1, attendance=Attendance.HYBRID, municipality=places["verdal"])
    SelfHelpGroupFactory(name="Kvinner", weekday=2, audience=Audience.WOMEN, municipality=places["levanger"])
    assert result_names(client.get("/finn-gruppe/", {"dag": "0"})) == ["Mandag"]
    assert sorted(result_names(client.get("/finn-gruppe/", {"oppmote": "online"}))) == ["Hybrid", "Nett"]
    assert sorted(result_names(client.get("/finn-gruppe/", {"oppmote": "in_person"}))) == ["Hybrid", "Kvinner", "Mandag", "Tirsdag"]
    assert result_names(client.get("/finn-gruppe/", {"malgruppe": "women"})) == ["Kvinner"]


@pytest.mark.django_db
def test_several_themes_find_groups_on_any_of_them(client, sorg_groups):
    names = result_names(client.get("/finn-gruppe/", {"tema": ["sorg", "angst"], "vis": "alle"}))
    assert len(names) == 6 and len(set(names)) == 6


@pytest.mark.django_db
def test_facet_counts_follow_the_other_filters(client, sorg_groups):
    html = client.get("/finn-gruppe/", {"tema": "sorg", "fylke": "50"}).content.decode()
    # Theme counts ignore the theme filter but keep the county: in Trøndelag 3 sorg (+1 online), 1 angst.
    assert re.search(r'for="tema-sorg">[^<]*<span class="count">\(4\)</span>', html)
    assert re.search(r'for="tema-angst">[^<]*<span class="count">\(1\)</span>', html)
    # County counts ignore the county filter but keep the theme: 1 sorg group in Nordland.
    assert re.search(r'value="18"[^>]*>Nordland - Nordlánnda \(1\)</option>', html)
    assert re.search(r'value="50"[^>]*>Trøndelag - Trööndelage \(3\)</option>', html)


@pytest.mark.django_db
def test_pagination_keeps_the_filters_and_shows_20_per_page(client, site, places, themes):
    for n in range(45):
        SelfHelpGroupFactory(name=f"Gruppe {n:02d}", municipality=places["levanger"], themes=[themes["sorg"]])
    response = client.get("/finn-gruppe/", {"tema": "sorg", "kommune": "5037"})
    assert len(result_names(response)) == 20
    html = response.content.decode()
    next_link = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "tema=sorg" in next_link and "kommune=5037" in next_link and "side=2" in next_link
    third = client.get("/finn-gruppe/", {"tema": "sorg", "kommune": "5037", "side": "3"})
    assert len(result_names(third)) == 5


@pytest.mark.django_db
def test_empty_result_offers_nearest_online_and_a_way_to_ask(client, sorg_groups, themes):
    response = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "depresjon"})
    assert response.status_code == 200
    assert result_names(response) == []
    SelfHelpGroupFactory(name="Depresjon i Bodø", municipality=sorg_groups["far"].municipality, themes=[themes["depresjon"]])
    SelfHelpGroupFactory(name="Depresjon på nett", municipality=None, attendance=Attendance.ONLINE, themes=[themes["depresjon"]])
    response = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "depresjon", "oppmote": "in_person"})
    html = response.content.decode()
    assert "Depresjon i Bodø" in html
    assert "post@selvhjelp.no" in html


@pytest.mark.django_db
def test_english_interface_under_en(client, site_en, sorg_groups):
    response = client.get("/en/find-a-group/", {"kommune": "5037", "tema": "sorg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Nearby" in html
    assert "/en/find-a-group/trondelag/levanger/" in html


@pytest.mark.django_db
def test_norwegian_interface_at_the_root(client, site, sorg_groups):
    html = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "sorg"}).content.decode()
    assert '<html lang="nb">' in html
    assert "I nærheten" in html


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_results(client, site, places, themes):
    def count_queries(params):
        client.get("/finn-gruppe/", params)  # warm caches (site, reference lists)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/finn-gruppe/", params).status_code == 200
        return len(ctx)

    def start_up_with_meeting(days):
        group = SelfHelpGroupFactory(status=Status.PLANNED, municipality=places["levanger"], themes=[themes["sorg"]])
        starts = timezone.now() + datetime.timedelta(days=days)
        InfoMeeting.objects.create(group=group, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), place="Her")

    SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    start_up_with_meeting(3)
    few = count_queries({"kommune": "5037", "tema": "sorg", "q": "gruppe"})
    for n in range(25):
        SelfHelpGroupFactory(municipality=places["verdal"], themes=[themes["sorg"], themes["angst"]])
        start_up_with_meeting(n + 4)  # start-ups and their meetings on the page cost one query in all
    many = count_queries({"kommune": "5037", "tema": "sorg", "q": "gruppe"})
    assert many == few
    assert many <= 12


@pytest.mark.django_db
def test_a_place_named_in_the_search_text_becomes_the_place_filter(client, sorg_groups):
    response = client.get("/finn-gruppe/", {"q": "sorg Levanger"})
    assert response.status_code == 302
    assert "kommune=5037" in response["Location"] and "q=sorg" in response["Location"]
    names = result_names(client.get(response["Location"]))
    assert names == ["Sorg i Levanger", "Sorg i Verdal", "Sorg i Trondheim", "Sorg på nett"]


@pytest.mark.django_db
def test_an_unknown_theme_is_reported_and_the_known_ones_still_filter(client, sorg_groups):
    response = client.get("/finn-gruppe/", {"tema": ["finnes-ikke", "angst"]})
    assert result_names(response) == ["Angst i Levanger"]
    assert "finnes-ikke" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_result_without_a_place_offers_online_groups_on_the_theme(client, sorg_groups):
    html = client.get("/finn-gruppe/", {"tema": "sorg", "q": "xylofon"}).content.decode()
    assert "Sorg på nett" in html


@pytest.mark.django_db
def test_two_municipalities_with_one_name_have_distinct_titles(client, site):
    from tests.factories import CountyFactory, MunicipalityFactory

    nordland = CountyFactory(number="18", name="Nordland - Nordlánnda", name_plain="Nordland", slug="nordland")
    more = CountyFactory(number="15", name="Møre og Romsdal", name_plain="Møre og Romsdal", slug="more-og-romsdal")
    MunicipalityFactory(number="1818", county=nordland, name="Herøy", name_plain="Herøy", slug="heroy")
    MunicipalityFactory(number="1515", county=more, name="Herøy", name_plain="Herøy", slug="heroy")
    first = client.get("/finn-gruppe/nordland/heroy/").content.decode()
    second = client.get("/finn-gruppe/more-og-romsdal/heroy/").content.decode()
    assert "Herøy (Nordland)" in first and "Herøy (Møre og Romsdal)" in second
