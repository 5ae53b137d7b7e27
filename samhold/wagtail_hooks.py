from wagtail import hooks

from .rich_text import PageLinkHandler


# After Wagtail's own registration of the "page" link type (order 0), which this replaces.
@hooks.register("register_rich_text_features", order=1)
def _page_links_from_the_page_table(features):
    features.register_link_type(PageLinkHandler)
