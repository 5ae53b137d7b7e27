"""Links to pages in rich text (samhold.rich_text): the same <a href> as Wagtail's own handler
gives, from the cached page table, with no query."""

import pytest
from django.utils.translation import override
from wagtail.models import Page, Site
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from home.models import ContentPage


def links(*page_ids) -> str:
    return "".join(f'<p><a linktype="page" id="{pk}">lenke</a></p>' for pk in page_ids)


def wagtails(*page_ids) -> str:
    """What Wagtail's own handler makes of the same links."""
    starts = WagtailPageLinkHandler.expand_db_attributes_many([{"id": str(pk)} for pk in page_ids])
    return "".join(f"<p>{start}lenke</a></p>" for start in starts)


@pytest.fixture
def pages(site_en):
    home = site_en.get_parent()
    about = ContentPage(title="Om selvhjelp", slug="om-selvhjelp")
    home.add_child(instance=about)
    about.save_revision().publish()
    draft = ContentPage(title="Utkast", slug="utkast", live=False)
    home.add_child(instance=draft)
    return {"directory": site_en, "home": home, "about": about, "draft": draft, "root": Page.get_first_root_node()}


@pytest.mark.django_db
def test_links_to_pages_are_wagtails_and_cost_no_query(pages, django_assert_num_queries):
    ids = [pages[name].pk for name in ("directory", "home", "about", "draft")]
    for language in ("nb", "en"):  # in English, the directory's and home page's translations
        with override(language):
            expected = wagtails(*ids)
            expand_db_html(links(*ids))  # the page table, once
            with django_assert_num_queries(0):
                assert expand_db_html(links(*ids)) == expected
    with override("en"):
        assert 'href="/en/find-a-group/"' in expected and 'href="/utkast/"' in expected


@pytest.mark.django_db
def test_what_the_page_table_cannot_answer_is_left_to_wagtail(pages):
    missing = pages["about"].pk + 1000
    # A page below no site's home page, and a page that does not exist.
    assert expand_db_html(links(pages["root"].pk, pages["about"].pk)) == wagtails(pages["root"].pk, pages["about"].pk)
    assert expand_db_html(links(missing)) == wagtails(missing) == "<p><a>lenke</a></p>"
    # With a second site, Wagtail's addresses are whole URLs.
    Site.objects.create(hostname="annen.example", root_page=pages["about"])
    assert expand_db_html(links(pages["directory"].pk)) == wagtails(pages["directory"].pk)
    assert 'href="http://localhost/finn-gruppe/"' in expand_db_html(links(pages["directory"].pk))
