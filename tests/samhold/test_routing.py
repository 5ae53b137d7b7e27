"""Pages served through the cached routes (samhold.routing): the same answers as Wagtail's own
serve view, no page-tree queries once cached, and every change an editor makes seen at once."""

import pytest
from django.contrib.auth.models import Group as UserGroup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.factories import SelfHelpGroupFactory

WAGTAIL_TABLES = ("wagtailcore_site", "wagtailcore_page", "wagtailcore_locale", "wagtailcore_pageviewrestriction")


def page_tree_queries(client, path) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in WAGTAIL_TABLES)]


@pytest.mark.django_db
def test_a_page_and_a_group_below_it_are_served_without_asking_for_the_page_tree_again(client, site, places, themes):
    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    group_path = site.group_url(group)
    for path in ("/finn-gruppe/", group_path, "/finn-gruppe/trondelag/"):
        assert client.get(path).status_code == 200
        status, queries = page_tree_queries(client, path)
        assert status == 200
        assert queries == [], path


@pytest.mark.django_db
def test_unknown_addresses_are_not_found(client, site):
    assert client.get("/finn-gruppe/").status_code == 200
    assert client.get("/ingen-slik-side/").status_code == 404
    assert client.get("/finn-gruppe/ingen-slik-fylke/ingen-kommune/ingen-gruppe/x/").status_code == 404


@pytest.mark.django_db
def test_a_renamed_page_moves_at_once(client, site):
    assert client.get("/finn-gruppe/").status_code == 200
    site.slug = "grupper"
    site.save_revision().publish()
    assert client.get("/finn-gruppe/").status_code == 404
    assert client.get("/grupper/").status_code == 200


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_once_and_back_when_published(client, site):
    assert client.get("/finn-gruppe/").status_code == 200
    site.unpublish()
    assert client.get("/finn-gruppe/").status_code == 404
    Page.objects.get(pk=site.pk).specific.save_revision().publish()
    assert client.get("/finn-gruppe/").status_code == 200


@pytest.mark.django_db
def test_an_edited_page_shows_its_new_text_at_once(client, site):
    assert client.get("/finn-gruppe/").status_code == 200
    site.intro = "Et nytt og annerledes innledningsord."
    site.save_revision().publish()
    assert "Et nytt og annerledes innledningsord." in client.get("/finn-gruppe/").content.decode()


@pytest.mark.django_db
def test_a_view_restriction_on_the_page_or_above_it_still_asks_for_a_login(client, site):
    assert client.get("/finn-gruppe/").status_code == 200
    restriction = PageViewRestriction.objects.create(page=site, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/finn-gruppe/").status_code == 302
    restriction.delete()
    assert client.get("/finn-gruppe/").status_code == 200
    home = site.get_parent()
    restriction = PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(UserGroup.objects.create(name="Lukket"))
    assert client.get("/finn-gruppe/").status_code == 302


@pytest.mark.django_db
def test_english_addresses_are_routed_in_the_english_tree(client, site_en):
    assert client.get("/en/find-a-group/").status_code == 200
    assert "lang=\"en\"" in client.get("/en/find-a-group/").content.decode()
    assert client.get("/finn-gruppe/").status_code == 200
    assert client.get("/en/finn-gruppe/").status_code == 404


# Each configuration: the sites as (hostname, port, default site).
SITE_CONFIGURATIONS = [
    [],
    [("localhost", 80, True)],
    [("example.org", 80, True), ("example.org", 8000, False)],
    [("example.org", 80, False), ("example.org", 8000, False)],
    [("example.org", 8000, False)],
    [("default.example", 80, True), ("example.org", 80, False), ("example.org", 8000, False)],
    [("default.example", 80, True), ("example.org", 8000, False)],
    [("default.example", 8000, True), ("example.org", 80, False)],
]


@pytest.mark.django_db
@pytest.mark.parametrize("configuration", SITE_CONFIGURATIONS)
def test_the_site_for_a_host_is_the_one_wagtail_chooses(site, configuration):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    from samhold.routing import _site_for_hostname

    home = site.get_parent()
    Site.objects.all().delete()
    for hostname, port, default in configuration:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home)
    sites = list(Site.objects.select_related("root_page"))
    for hostname in ("localhost", "example.org", "default.example", "other.example", "Example.org"):
        for port in ("80", "443", "8000"):
            try:
                expected = get_site_for_hostname(hostname, port).pk
            except Site.DoesNotExist:
                expected = None
            found = _site_for_hostname(sites, hostname, port)
            assert (found.pk if found else None) == expected, (hostname, port)
        # A port that is no number (a forged header where one is trusted) finds what a port no
        # site is on finds, never an error.
        try:
            expected = get_site_for_hostname(hostname, "1").pk
        except Site.DoesNotExist:
            expected = None
        found = _site_for_hostname(sites, hostname, "80abc")
        assert (found.pk if found else None) == expected, hostname


@pytest.mark.django_db
def test_with_every_cache_empty_the_page_tree_costs_the_pages_the_sites_and_the_page_itself(client, places, themes):
    """No query for the site apart from the page table's, none for Wagtail's site root paths,
    the page about self-help groups or the links in the empty result's text."""
    from django.core.cache import cache

    from home.models import DirectoryPage
    from home.services import site_pages_ensure

    site_pages_ensure()
    directory = DirectoryPage.objects.live().get(locale__language_code="nb")
    assert directory.about_page_id and "linktype=\"page\"" in directory.empty_result_text
    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    for path in ("/finn-gruppe/", directory.group_url(group), "/finn-gruppe/?q=xylofonundervisning"):
        cache.clear()
        status, queries = page_tree_queries(client, path)
        assert status == 200
        assert len(queries) == 3, (path, queries)
        assert "wagtailcore_pageviewrestriction" in queries[0]  # the page table
        assert queries[1].startswith('SELECT "wagtailcore_site"')
