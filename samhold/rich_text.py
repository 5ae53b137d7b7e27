"""Links to pages in rich text, from the cached page table (samhold.routing)."""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from .routing import page_url


class PageLinkHandler(WagtailPageLinkHandler):
    """Wagtail's `<a href>` for a link to a page (the page in the active language, as
    `page.localized.url`), with no query: Wagtail's own handler reads the pages (two queries)
    and the active locale for every text it renders, and the sites' root paths (two more) when
    the cache has lost them. Wagtail's handler answers whatever the table cannot (see
    samhold.routing.page_url)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        urls = []
        for attrs in attrs_list:
            try:
                url = page_url(int(attrs.get("id")), localized=True)
            except (TypeError, ValueError):
                url = None
            if url is None:
                return super().expand_db_attributes_many(attrs_list)
            urls.append(url)
        return ['<a href="%s">' % escape(url) for url in urls]
