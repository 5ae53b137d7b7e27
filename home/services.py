"""Writes for the home app: the page tree the public site stands on."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from samhold.models import ContactSettings, SitePages

from .models import ContentPage, DirectoryPage, HomePage

ENGLISH = "en"

# The pages' texts are data (data/pages.json), Bokmål first. Rich text is Wagtail's stored
# HTML: links to pages are written as <a linktype="page" id="{key}">, filled in with the ids of
# the pages in the same language. Every sentence of the privacy statement must stay true of the
# code; its register of what is processed, with every period, is drawn from home.privacy and
# settings.SAMHOLD_RETENTION by the data_register block.
PAGE_TEXTS = json.loads((Path(__file__).resolve().parent / "data" / "pages.json").read_text(encoding="utf-8"))
HOME = PAGE_TEXTS["home"]
DIRECTORY = PAGE_TEXTS["directory"]
ABOUT = PAGE_TEXTS["about"]
START = PAGE_TEXTS["start"]
PRIVACY = PAGE_TEXTS["privacy"]

# Seeded texts that once promised what did not exist yet ("later you will be able to…"): a page
# that still holds one is rewritten with the current seeded text; pages editors wrote are left.
STALE_MARKERS = ("Senere vil du", "Later you will")

CONTENT_PAGES = [  # (key, texts, shown in the menu)
    ("about", ABOUT, True),
    ("start", START, True),
    ("privacy", PRIVACY, False),
]


def site_pages_ensure() -> HomePage:
    """Make sure the public page tree exists in Bokmål and English, and return the Bokmål home page.

    Idempotent: pages that exist (found by type or slug under the home page) are left as editors
    made them; only missing pages are created and published. Wagtail's welcome page is replaced
    as the default site's root and deleted.
    """
    with transaction.atomic():
        contact = ContactSettings.load()
        values = {
            "coordinator_name": escape(contact.coordinator_name),
            "coordinator_email": escape(contact.coordinator_email),
        }
        norwegian = Locale.get_default()
        home = _home_ensure(norwegian)
        pages = _tree_ensure(home, "nb", values)

        english, _ = Locale.objects.get_or_create(language_code=ENGLISH)
        home_en = home.get_translation_or_none(english)
        if home_en is None:
            home_en = home.copy_for_translation(english)
            texts = dict(HOME["en"])
            if Page.get_first_root_node().get_children().filter(slug=texts["slug"]).exists():
                del texts["slug"]  # keep Wagtail's "<slug>-en"; the home page's slug is never in a URL
            _fill(home_en, texts, {})
            _publish(home_en)
        pages_en, created_en = {}, {}
        for key, source in pages.items():
            translation = source.get_translation_or_none(english)
            if translation is None:
                translation = created_en[key] = source.copy_for_translation(english)
            pages_en[key] = translation
        _fill_tree(created_en, pages_en, ENGLISH, values)
        _refresh_stale({"nb": pages, ENGLISH: pages_en}, values)
        _site_pages_choose(directory=pages["directory"], privacy=pages["privacy"])
    return home


def _site_pages_choose(*, directory: Page, privacy: Page) -> None:
    """Point the site settings at the directory page and the privacy statement, unless an
    editor has chosen others."""
    chosen = SitePages.load()
    changed = False
    if chosen.directory_page_id is None:
        chosen.directory_page, changed = directory, True
    if chosen.privacy_page_id is None:
        chosen.privacy_page, changed = privacy, True
    if changed:
        chosen.save()


def _refresh_stale(pages_by_language: dict[str, dict], values: dict) -> None:
    """Rewrite content pages whose seeded text promised what did not exist yet (STALE_MARKERS)."""
    for language, pages in pages_by_language.items():
        links = {**values, **{key: page.pk for key, page in pages.items()}}
        for key, texts, _in_menu in CONTENT_PAGES:
            page = pages.get(key)
            if page is None:
                continue
            page = page.specific
            stored = json.dumps(list(page.body.raw_data), ensure_ascii=False)
            if any(marker in stored for marker in STALE_MARKERS):
                _fill(page, {"body": texts[language]["body"]}, links)
                _publish(page)


def _home_ensure(locale: Locale) -> HomePage:
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        home = HomePage.objects.child_of(root).filter(locale=locale).first()
        if home is None:
            home = HomePage(locale=locale)
            _fill(home, HOME["nb"], {})
            root.add_child(instance=home)
            _publish(home)
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Samhold"
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or "Samhold"
            site.save()
    # Wagtail's "Welcome to your new Wagtail site!": a plain Page below the root, with nothing
    # below it and no site pointing at it.
    for page in root.get_children().exact_type(Page):
        if page.is_leaf() and not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home


def _tree_ensure(home: HomePage, language: str, values: dict) -> dict:
    """The directory page and content pages under `home`; creates what is missing."""
    pages, created = {}, {}
    directory = DirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = created["directory"] = DirectoryPage(show_in_menus=True, locale=home.locale)
        directory.title, directory.slug = DIRECTORY[language]["title"], DIRECTORY[language]["slug"]
        home.add_child(instance=directory)
    pages["directory"] = directory
    for key, texts, in_menu in CONTENT_PAGES:
        page = ContentPage.objects.child_of(home).filter(slug=texts[language]["slug"]).first()
        if page is None:
            page = created[key] = ContentPage(show_in_menus=in_menu, locale=home.locale)
            page.title, page.slug = texts[language]["title"], texts[language]["slug"]
            home.add_child(instance=page)
        pages[key] = page
    _fill_tree(created, pages, language, values)
    return pages


def _fill_tree(created: dict, pages: dict, language: str, values: dict) -> None:
    """Write the texts into the newly created pages (links need every page's id) and publish them."""
    links = {**values, **{key: page.pk for key, page in pages.items()}}
    for key, page in created.items():
        if key == "directory":
            _fill(page, DIRECTORY[language], links)
            page.about_page = pages["about"]
        else:
            _fill(page, CONTENT_PAGES_BY_KEY[key][language], links)
        _publish(page)


def _fill(page: Page, texts: dict, links: dict) -> None:
    for field, value in texts.items():
        if field == "body":
            page.body = json.dumps(_stream(value, links))
        elif isinstance(value, str):
            setattr(page, field, value.format_map(links) if "{" in value else value)


def _stream(blocks: list, links: dict) -> list[dict]:
    stream = []
    for block_type, value in blocks:
        if block_type == "callout":
            heading, text = value
            value = {"heading": heading, "text": text.format_map(links)}
        elif block_type == "paragraph":
            value = value.format_map(links)
        stream.append({"type": block_type, "value": value})
    return stream


def _publish(page: Page) -> None:
    page.save_revision().publish()


CONTENT_PAGES_BY_KEY = {key: texts for key, texts, _ in CONTENT_PAGES}
