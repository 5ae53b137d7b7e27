"""The language switch links to this page in the other language, always on this site."""

import html
import re
from urllib.parse import urlsplit

import pytest


def switch_href(response) -> str:
    match = re.search(r'class="language-switch" href="([^"]*)"', response.content.decode())
    assert match, "no language switch on the page"
    return html.unescape(match.group(1))


def assert_same_site(href: str):
    parts = urlsplit(href)
    assert parts.scheme == parts.netloc == ""
    assert href.startswith("/")
    assert not href.startswith(("//", "/\\"))


@pytest.mark.django_db
def test_the_switch_on_the_english_home_page_leads_to_the_bokmal_home_page(client, site_en):
    assert switch_href(client.get("/en/")) == "/"


@pytest.mark.django_db
def test_the_switch_on_an_unknown_english_address_leads_to_the_same_address_in_bokmal(client, site_en):
    assert switch_href(client.get("/en/finnes-ikke/")) == "/finnes-ikke/"


@pytest.mark.django_db
def test_a_double_slash_after_the_language_prefix_never_links_off_site(client, site_en):
    href = switch_href(client.get("/en//evil.example/x"))
    assert href == "/evil.example/x"
    assert_same_site(href)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, expected",
    [
        ("/en/\\evil.example", "/%5Cevil.example"),
        ("/en/%5Cevil.example", "/%5Cevil.example"),
        ("/en/%2F%2Fevil.example", "/evil.example"),
        ("/en/%2F%5Cevil.example", "/%5Cevil.example"),
        ("/en////evil.example/", "/evil.example/"),
        ("/en/%09/evil.example", "/%09/evil.example"),
    ],
)
def test_slashes_backslashes_and_their_escapes_never_make_the_switch_link_off_site(client, site_en, path, expected):
    href = switch_href(client.get(path))
    assert href == expected
    assert_same_site(href)


@pytest.mark.django_db
def test_a_double_slash_in_a_bokmal_address_stays_under_the_english_prefix(client, site_en):
    href = switch_href(client.get("/", PATH_INFO="//evil.example/x"))
    assert href == "/en//evil.example/x"
    assert_same_site(href)


@pytest.mark.django_db
def test_a_double_slash_further_in_the_address_is_harmless_and_kept(client, site_en):
    href = switch_href(client.get("/en/find-a-group//evil.example/"))
    assert href == "/find-a-group//evil.example/"
    assert_same_site(href)


@pytest.mark.django_db
def test_the_query_string_is_kept(client, site_en):
    assert switch_href(client.get("/en/finnes-ikke/?kommune=5037")) == "/finnes-ikke/?kommune=5037"
