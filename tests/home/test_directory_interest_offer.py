"""A result page with hits also offers "Meld interesse" for what was searched: the themes
chosen or typed, and the place."""

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import SelfHelpGroupFactory


def interest_link(response) -> str:
    match = re.search(r'<a class="interest-offer__link" href="([^"]+)">Meld interesse</a>', response.content.decode())
    assert match, "no Meld interesse link"
    return html_lib.unescape(match.group(1))


@pytest.fixture
def levanger_groups(site, places, themes):
    SelfHelpGroupFactory(name="Sorg i Levanger", municipality=places["levanger"], themes=[themes["sorg"]])
    SelfHelpGroupFactory(name="Angst i Verdal", municipality=places["verdal"], themes=[themes["angst"]])


@pytest.mark.django_db
def test_a_result_page_with_hits_offers_interest_with_the_chosen_themes_and_place(client, levanger_groups):
    response = client.get("/finn-gruppe/", {"kommune": "5037", "tema": ["sorg", "angst"]})
    url = urlsplit(interest_link(response))
    assert url.path == "/meld-interesse/"
    assert parse_qs(url.query) == {"tema": ["angst", "sorg"], "kommune": ["5037"]}


@pytest.mark.django_db
def test_the_words_typed_are_carried_over(client, levanger_groups):
    response = client.get("/finn-gruppe/", {"kommune": "5037", "q": "sorg"})
    assert parse_qs(urlsplit(interest_link(response)).query) == {"kommune": ["5037"], "q": ["sorg"]}


@pytest.mark.django_db
def test_a_municipality_landing_page_offers_interest_there(client, levanger_groups):
    response = client.get("/finn-gruppe/trondelag/levanger/")
    assert parse_qs(urlsplit(interest_link(response)).query) == {"kommune": ["5037"]}


@pytest.mark.django_db
def test_the_interest_form_chooses_the_theme_typed_as_text(client, levanger_groups, themes, places):
    response = client.get("/meld-interesse/", {"kommune": "5037", "q": "sorg"})
    form = response.context["form"]
    assert form.initial["themes"] == [themes["sorg"].pk]
    assert form.initial["municipality"] == places["levanger"].pk
    assert "message" not in form.initial
    assert re.search(r'<input type="checkbox" name="themes" value="%d"[^>]*checked' % themes["sorg"].pk, response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [("sorgen min", ["sorg"]), ("Grief", ["sorg"]), ("dødsfall", ["sorg"]), ("angst og sorg", ["angst", "sorg"]),
     ("omsorg", [])],
)
def test_themes_are_found_in_words_by_name_search_words_and_word_start(client, levanger_groups, themes, text, expected):
    form = client.get("/meld-interesse/", {"q": text}).context["form"]
    assert sorted(t.slug for t in themes.values() if t.pk in form.initial.get("themes", [])) == expected


@pytest.mark.django_db
def test_a_place_typed_with_the_theme_is_chosen_too(client, levanger_groups, themes, places):
    form = client.get("/meld-interesse/", {"q": "sorg Levanger"}).context["form"]
    assert form.initial["themes"] == [themes["sorg"].pk]
    assert form.initial["municipality"] == places["levanger"].pk


@pytest.mark.django_db
def test_words_that_name_no_theme_go_into_the_message(client, levanger_groups):
    form = client.get("/meld-interesse/", {"q": "samlivsbrudd"}).context["form"]
    assert "themes" not in form.initial
    assert form.initial["message"] == "samlivsbrudd"


@pytest.mark.django_db
def test_chosen_and_typed_themes_add_up(client, levanger_groups, themes):
    form = client.get("/meld-interesse/", {"tema": "angst", "q": "sorg"}).context["form"]
    assert sorted(form.initial["themes"]) == sorted([themes["angst"].pk, themes["sorg"].pk])


@pytest.mark.django_db
def test_an_empty_result_does_not_show_the_offer_twice(client, levanger_groups):
    html = client.get("/finn-gruppe/", {"q": "xylofon"}).content.decode()
    assert "interest-offer__link" not in html
