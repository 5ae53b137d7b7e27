"""A shared link looks right: Open Graph, a canonical address and a description on the group
page and the landing pages."""

import re

import pytest


def meta(html, prop):
    match = re.search(rf'<meta property="{prop}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.fixture
def group(levanger_group):
    return levanger_group


@pytest.mark.django_db
def test_a_group_page_has_open_graph_canonical_and_description(client, group, settings):
    html = client.get("/finn-gruppe/trondelag/levanger/sorggruppe-levanger/").content.decode()
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"
    assert meta(html, "og:title") == "Sorggruppe i Levanger"
    assert "For deg som har mistet noen." in meta(html, "og:description")
    assert meta(html, "og:url") == url
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:site_name") == "Samhold"
    assert meta(html, "og:locale") == "nb_NO"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="For deg som har mistet noen.">' in html


@pytest.mark.django_db
def test_a_municipality_page_is_shared_with_its_own_title(client, group):
    html = client.get("/finn-gruppe/trondelag/levanger/?tema=sorg").content.decode()
    assert meta(html, "og:title").startswith("Selvhjelpsgrupper i Levanger")
    assert "Levanger" in meta(html, "og:description")
    assert meta(html, "og:url").endswith("/finn-gruppe/trondelag/levanger/")  # no query in the shared address
    assert 'rel="canonical"' in html


@pytest.mark.django_db
def test_the_english_page_says_it_is_english(client, group):
    html = client.get("/en/finn-gruppe/trondelag/levanger/sorggruppe-levanger/").content.decode()
    assert meta(html, "og:locale") == "en_GB"


@pytest.mark.django_db
def test_the_home_page_has_open_graph_and_a_canonical_address(client, site):
    html = client.get("/").content.decode()
    assert meta(html, "og:title")
    assert meta(html, "og:description")
    assert meta(html, "og:url").endswith("/")
    assert 'rel="canonical"' in html


@pytest.mark.django_db
def test_a_private_link_page_is_not_described_for_sharing(client, site):
    html = client.get("/informasjonsmoter/pamelding/" + "x" * 43 + "/").content.decode()
    assert 'property="og:' not in html
