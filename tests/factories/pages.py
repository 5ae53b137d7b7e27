import wagtail_factories
from wagtail.models import Locale, Page, Site

from home.models import DirectoryPage, HomePage
from samhold.models import SitePages


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Finn en selvhjelpsgruppe"


class DirectoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectoryPage

    title = "Finn selvhjelpsgruppe"
    slug = "finn-gruppe"
    show_in_menus = True


def build_site(*, english: bool = False) -> DirectoryPage:
    """The minimal page tree the public site needs: home → directory, on the default site.

    With english=True the tree is also translated, as /en/ serves it (see translate_site).
    """
    # Transactional tests flush what the migrations created: bring back the locale and root.
    Locale.objects.get_or_create(language_code="nb")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePageFactory(parent=root, slug="hjem")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "Samhold"}
    )
    directory = DirectoryPageFactory(parent=home)
    pages = SitePages.load()
    pages.directory_page = directory
    pages.save()
    if english:
        translate_site(directory)
    return directory


def translate_site(directory: DirectoryPage) -> DirectoryPage:
    """English copies of the home and directory pages, published."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    home = directory.get_parent().specific
    home_en = home.copy_for_translation(locale)
    home_en.title = "Find a self-help group"
    home_en.save_revision().publish()
    directory_en = directory.copy_for_translation(locale)
    directory_en.title = "Find a self-help group"
    directory_en.slug = "find-a-group"
    directory_en.save_revision().publish()
    return directory_en
