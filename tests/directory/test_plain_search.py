"""Search as people write it: Sami and Kven place names, "sorg i levanger" leaving nothing
behind, and an empty result that promises only what it shows and gives the regional contact."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from directory.models import County, Municipality, Theme
from directory.selectors import municipality_in_text
from groups.models import Attendance
from tests.factories import CountyFactory, MunicipalityFactory, SelfHelpGroupFactory, ThemeFactory, UserFactory

FILL = importlib.import_module("directory.migrations.0005_fill_parallel_names_and_search_words")


def result_names(response):
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def grief(site, places, themes):
    return {
        "levanger": SelfHelpGroupFactory(name="Sorg i Levanger", municipality=places["levanger"], themes=[themes["sorg"]]),
        "bodo": SelfHelpGroupFactory(name="Sorg i Bodø", municipality=places["bodo"], themes=[themes["sorg"]]),
    }


# Parallel names


@pytest.mark.django_db
def test_load_geography_stores_the_sami_and_kven_names():
    from django.core.management import call_command

    call_command("load_geography", stdout=__import__("io").StringIO())
    names = dict(Municipality.objects.values_list("number", "parallel_names"))
    assert names["5037"] == "Levangke"
    assert names["5001"] == "Tråante"
    assert names["5612"] == "Guovdageaidnu"
    assert names["5540"] == "Gáivuotna, Kaivuono"
    assert names["5536"] == "Ivgu, Yykeä"
    assert names["1804"] == ""


@pytest.mark.django_db
def test_the_data_migration_fills_existing_municipalities(places):
    Municipality.objects.update(parallel_names="")
    kautokeino = MunicipalityFactory(
        number="5612", county=places["levanger"].county, name="Guovdageaidnu - Kautokeino", name_plain="Kautokeino",
        parallel_names="",
    )
    FILL.fill_parallel_names(apps, None)
    assert Municipality.objects.get(pk=places["levanger"].pk).parallel_names == "Levangke"
    assert Municipality.objects.get(pk=kautokeino.pk).parallel_names == "Guovdageaidnu"
    assert Municipality.objects.get(pk=places["bodo"].pk).parallel_names == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, number, rest",
    [
        ("sorg Levangke", "5037", "sorg"),
        ("sorg i levangke", "5037", "sorg"),
        ("sorg i levanger", "5037", "sorg"),
        ("sorg i Levanger kommune", "5037", "sorg"),
        ("angst nær Tråante", "5001", "angst"),
        ("angst traante", "5001", "angst"),
        ("sorg, Levanger.", "5037", "sorg"),
        ("Levanger", "5037", ""),
    ],
)
def test_parallel_names_are_places_and_leave_no_little_word_behind(places, text, number, rest):
    municipality, left = municipality_in_text(text)
    assert municipality.number == number
    assert left == rest


@pytest.mark.django_db
def test_accented_sami_names_are_found_typed_without_accents(trondelag):
    finnmark = CountyFactory(number="56", name="Finnmark - Finnmárku - Finmarkku", name_plain="Finnmark", slug="finnmark")
    MunicipalityFactory(number="5610", county=finnmark, name="Kárášjohka - Karasjok", name_plain="Karasjok", slug="karasjok")
    MunicipalityFactory(number="5612", county=finnmark, name="Guovdageaidnu - Kautokeino", name_plain="Kautokeino", slug="kautokeino")
    assert municipality_in_text("sorg karasjohka")[0].number == "5610"
    assert municipality_in_text("sorg Kárášjohka")[0].number == "5610"
    assert municipality_in_text("angst i guovdageaidnu")[0].number == "5612"


@pytest.mark.django_db
def test_sorg_levangke_finds_levangers_grief_groups(client, grief):
    response = client.get("/finn-gruppe/", {"q": "sorg Levangke"})
    assert response.status_code == 302
    assert "kommune=5037" in response["Location"]
    names = result_names(client.get(response["Location"]))
    assert names[0] == "Sorg i Levanger"
    assert "Sorg i Bodø" not in names


@pytest.mark.django_db
def test_sorg_i_levanger_leaves_no_i_behind(client, grief):
    response = client.get("/finn-gruppe/", {"q": "sorg i levanger"})
    assert response.status_code == 302
    location = response["Location"]
    assert "kommune=5037" in location
    assert re.search(r"[?&]q=sorg(&|$)", location), location
    html = client.get(location).content.decode()
    assert 'value="sorg"' in html


@pytest.mark.django_db
def test_the_chosen_place_named_again_in_the_text_does_not_hide_the_groups_nearby(client, site, places, themes):
    SelfHelpGroupFactory(name="Sorg i Verdal", municipality=places["verdal"], themes=[themes["sorg"]])
    response = client.get("/finn-gruppe/trondelag/levanger/", {"q": "sorg i levanger"})
    assert result_names(response) == ["Sorg i Verdal"]


# Words that mean nothing in a search


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["selvhjelpsgrupper nær meg", "gruppe", "jeg vil finne en selvhjelpsgruppe"])
def test_only_the_sites_own_words_show_every_group(client, grief, q):
    assert sorted(result_names(client.get("/finn-gruppe/", {"q": q}))) == ["Sorg i Bodø", "Sorg i Levanger"]


@pytest.mark.django_db
def test_a_sentence_finds_grief_groups_on_the_page(client, grief, themes):
    themes["sorg"].search_terms = "mistet, dødsfall, enke"
    themes["sorg"].save()
    names = result_names(client.get("/finn-gruppe/", {"q": "jeg har mistet mannen min"}))
    assert sorted(names) == ["Sorg i Bodø", "Sorg i Levanger"]


# Theme search words in the admin


@pytest.mark.django_db
def test_the_theme_editor_has_the_search_words(client, themes):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_directory_theme:edit", args=[themes["sorg"].pk])
    html = client.get(url).content.decode()
    assert 'name="search_terms"' in html


@pytest.mark.django_db
def test_the_data_migration_adds_search_words_to_existing_themes_and_keeps_the_editors():
    sorg = ThemeFactory(name="Sorg", slug="sorg", search_terms="hjertesorg, tap")
    angst = ThemeFactory(name="Angst", slug="angst", search_terms="")
    FILL.add_search_words(apps, None)
    sorg.refresh_from_db()
    angst.refresh_from_db()
    words = [w.strip() for w in sorg.search_terms.split(",")]
    assert words[:2] == ["hjertesorg", "tap"]
    assert {"mistet", "dødsfall", "enke", "enkemann", "død", "savn"} <= set(words)
    assert words.count("tap") == 1
    assert "panikk" in angst.search_terms
    FILL.add_search_words(apps, None)
    assert Theme.objects.get(pk=sorg.pk).search_terms == sorg.search_terms


# The empty result


@pytest.mark.django_db
def test_an_empty_result_without_alternatives_promises_none(client, grief):
    html = client.get("/finn-gruppe/", {"q": "xylofon"}).content.decode()
    assert result_names(client.get("/finn-gruppe/", {"q": "xylofon"})) == []
    assert "Her er det vi kan tilby" not in html
    assert "Disse gruppene" not in html
    assert "post@selvhjelp.no" in html


@pytest.mark.django_db
def test_an_empty_result_with_alternatives_says_so_and_shows_them(client, grief, themes):
    SelfHelpGroupFactory(name="Sorg på nett", municipality=None, attendance=Attendance.ONLINE, themes=[themes["sorg"]])
    html = client.get("/finn-gruppe/", {"tema": "sorg", "q": "xylofon"}).content.decode()
    assert "Disse gruppene" in html
    assert "Sorg på nett" in html


@pytest.mark.django_db
def test_an_empty_result_in_a_county_with_a_regional_office_gives_its_contact(client, grief, places, themes):
    County.objects.filter(pk=places["levanger"].county_id).update(
        contact_name="Selvhjelp Norge, Trøndelag", contact_email="trondelag@selvhjelp.no", contact_phone="73 00 00 00"
    )
    from directory.selectors import reference_invalidate

    reference_invalidate()
    html = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "depresjon"}).content.decode()
    assert "trondelag@selvhjelp.no" in html
    assert "Selvhjelp Norge, Trøndelag" in html
    assert "73 00 00 00" in html
    # Elsewhere, and with no place, the national contact.
    html = client.get("/finn-gruppe/", {"kommune": "1804", "tema": "depresjon"}).content.decode()
    assert "post@selvhjelp.no" in html and "trondelag@selvhjelp.no" not in html
    html = client.get("/finn-gruppe/", {"q": "xylofon"}).content.decode()
    assert "post@selvhjelp.no" in html


@pytest.mark.django_db
def test_a_regional_contact_entered_in_the_admin_is_used_at_once(client, grief, places):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    county = places["levanger"].county
    response = client.post(
        reverse("county:edit", args=[county.pk]),
        {
            "name": county.name, "name_plain": county.name_plain, "contact_name": "Selvhjelp Trøndelag",
            "contact_email": "trondelag@selvhjelp.no", "contact_phone": "", "ended_on": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get("/finn-gruppe/trondelag/", {"tema": "depresjon"}).content.decode()
    assert "trondelag@selvhjelp.no" in html


@pytest.mark.django_db
def test_a_sentence_costs_no_more_queries_than_one_word(client, grief, themes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    themes["sorg"].search_terms = "mistet, dødsfall, enke"
    themes["sorg"].save()

    def count_queries(params):
        client.get("/finn-gruppe/", params)  # warm caches (site, reference lists)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/finn-gruppe/", params).status_code == 200
        return len(ctx)

    one_word = count_queries({"kommune": "5037", "q": "sorg"})
    sentence = count_queries({"kommune": "5037", "q": "jeg har mistet mannen min, enken etter dødsfallet"})
    assert sentence == one_word
