"""The Bokmål catalogue: complete, compiled, faithful to its placeholders, and served at the root."""

import re
from collections import Counter
from datetime import time
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# %(name)s, %(count)d …; {{ name }} (template syntax); {name} and {} (python-brace).
PLACEHOLDER_PATTERNS = [
    re.compile(r"%\((\w+)\)[sdifr]"),
    re.compile(r"\{\{\s*([\w.]+)\s*\}\}"),
    re.compile(r"(?<!\{)\{(\w*)\}(?!\})"),
]


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


def placeholders(text: str) -> Counter:
    found = Counter()
    for kind, pattern in enumerate(PLACEHOLDER_PATTERNS):
        found.update((kind, name) for name in pattern.findall(text))
    return found


def pairs(catalogue) -> set:
    """Every (context, msgid, msgid_plural, translations) the catalogue holds."""
    result = set()
    for entry in catalogue:
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        result.add((entry.msgctxt, entry.msgid, entry.msgid_plural, forms))
    return result


def test_header_names_the_language_and_its_plural_rule(po):
    assert po.metadata["Language"] == "nb"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "Samhold"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 100
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(form.strip() for form in entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid


def test_committed_mo_matches_the_po(po):
    compiled = polib.mofile(po.to_binary())
    committed = polib.mofile(str(MO_PATH))
    assert pairs(committed) == pairs(compiled), "Run: .venv/bin/python manage.py compilemessages -l nb -i '.venv/*'"
    assert committed.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


def test_translations_keep_every_placeholder(po):
    mismatched = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            checks = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            checks = [(entry.msgid, entry.msgstr)]
        for source, target in checks:
            if placeholders(source) != placeholders(target):
                mismatched.append((source, target))
    assert mismatched == []


def test_translations_keep_line_structure(po):
    """Multi-line strings (the e-mail) keep their paragraphs; no string gains or loses edge whitespace."""
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        assert entry.msgid.count("\n\n") == entry.msgstr.count("\n\n"), entry.msgid
        assert entry.msgid[:1].isspace() == entry.msgstr[:1].isspace(), entry.msgid
        assert entry.msgid[-1:].isspace() == entry.msgstr[-1:].isspace(), entry.msgid


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Nearby", "I nærheten"),
        ("In %(place)s", "I %(place)s"),
        ("Online, wherever you live", "På nett, uansett hvor du bor"),
        ("Taking new members", "Tar imot nye medlemmer"),
        ("Closed to new members", "Lukket for nye medlemmer"),
        ("Planned – register your interest", "Planlagt – meld interesse"),
        ("Looking for members", "Søker medlemmer"),
        ("Taking a break", "Har pause"),
        ("Has ended", "Avsluttet"),
        ("Show groups", "Vis grupper"),
        ("Find a self-help group", "Finn en selvhjelpsgruppe"),
        ("Tuesdays", "Tirsdager"),
        ("Tuesday (in a sentence)", "tirsdag"),
        ("first", "første"),
        ("last", "siste"),
        ("%(ordinal)s %(weekday)s of the month", "%(ordinal)s %(weekday)s i måneden"),
        ("at %(start)s–%(end)s", "kl. %(start)s–%(end)s"),
        ("%(schedule)s, every other week", "%(schedule)s, annenhver uke"),
        ("Every week", "Hver uke"),
        ("%(km)s km away", "%(km)s km unna"),
        ("Thank you – your message is on its way", "Takk – meldingen din er på vei"),
        ("Skip to main content", "Hopp til hovedinnholdet"),
        ("self-help group", "selvhjelpsgruppe"),
        ("municipality", "kommune"),
        ("county", "fylke"),
        ("theme", "tema"),
    ],
)
def test_product_words(msgid, expected):
    with translation.override("nb"):
        assert translation.gettext(msgid) == expected


def test_schedule_reads_as_norwegian():
    from groups.models import Frequency, SelfHelpGroup, WeekOfMonth
    from groups.schedule import describe

    biweekly = SelfHelpGroup(weekday=1, start_time=time(18), end_time=time(19, 30), frequency=Frequency.BIWEEKLY)
    monthly = SelfHelpGroup(weekday=1, week_of_month=WeekOfMonth.FIRST, frequency=Frequency.MONTHLY)
    with translation.override("nb"):
        assert describe(biweekly) == "Tirsdager kl. 18.00–19.30, annenhver uke"
        assert describe(monthly) == "Første tirsdag i måneden"
    with translation.override("en"):
        assert describe(biweekly) == "Tuesdays at 18:00–19:30, every other week"
        assert describe(monthly) == "First Tuesday of the month"


@pytest.mark.django_db
def test_norwegian_interface_at_the_root(client, site):
    response = client.get("/finn-gruppe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Vis grupper" in html
    assert "Hopp til hovedinnholdet" in html
    assert "Søk og filtrer" in html
    assert "Show groups" not in html


@pytest.mark.django_db
def test_english_interface_under_en(client, site_en):
    response = client.get("/en/find-a-group/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Show groups" in html
    assert "Skip to main content" in html
    assert "Vis grupper" not in html


@pytest.mark.django_db
def test_the_footer_link_to_min_side_says_what_it_is(client, site):
    html = client.get("/finn-gruppe/").content.decode()
    assert "Min side for igangsettere, kontaktpersoner og forskere" in html
