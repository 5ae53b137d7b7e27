"""One way to write the product's words, dates and times (issue 10, "Words and formats").

Bokmål: "gruppa" (never "gruppen"; the plural "gruppene" is fine), times "kl. 18.00", dates in
running text "1. desember 2026", theme names in lower case inside a sentence. English (/en/):
"1 December 2026", "18:00", no «» quotes, languages named in English.

Where a short date ("01.12.2026") is right: tables, admin columns and compact lists, where the
template prints `|date:"SHORT_DATE_FORMAT"` (or SHORT_DATETIME_FORMAT) on its own. It is never
right inside a sentence: a catalogue entry never holds a written-out date, an e-mail never uses a
short format, and a short format is never interpolated into a {% blocktranslate %}. Machine
formats ('c' in a datetime attribute, ISO in a CSV export or a __str__) are not text for people.
"""

import ast
import datetime
import json
import re
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import formats, translation

from directory.text import in_sentence
from facilitators.ics import meeting_when
from tests.factories.groups import SelfHelpGroupFactory

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
TEMPLATES = ROOT / "templates"
NAMED_FORMATS = {
    "DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT",
}
# 'c' is the machine format of <time datetime="…">; 'l' alone is the weekday's name.
MACHINE_OR_NAME_ONLY = {"c", "l"}

FORBIDDEN_IN_BOKMAL = {
    "gruppen (write gruppa)": re.compile(r"\bgruppen\b", re.IGNORECASE),
    "klokken/klokka (write kl.)": re.compile(r"\bklokk(en|a)\b", re.IGNORECASE),
    "kl without a full stop": re.compile(r"\bkl\b(?!\.)", re.IGNORECASE),
    "a time with a colon (write 18.00)": re.compile(r"\b\d{1,2}:\d{2}\b"),
    "a colon time format (write H.i)": re.compile(r"\bH:i\b"),
    "a short date in running text (write 1. desember 2026)": re.compile(r"\b\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})\b"),
}


def _entries():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def _translations(entry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


def _mail_templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.txt"))


def _all_templates() -> list[Path]:
    return sorted([*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.txt")])


def _theme_names() -> list[str]:
    data = json.loads((ROOT / "directory" / "data" / "themes.json").read_text())
    # Acronyms (ADHD, ME/…) keep their capitals inside a sentence.
    return [t["name"] for t in data if len(t["name"]) > 1 and not t["name"][1].isupper()]


# The catalogue --------------------------------------------------------------------------------

def test_the_bokmal_catalogue_writes_gruppa_kl_and_long_dates():
    found = [
        f"{label}: {entry.msgid[:60]!r} -> {text[:80]!r}"
        for entry in _entries()
        for text in _translations(entry)
        for label, pattern in FORBIDDEN_IN_BOKMAL.items()
        if pattern.search(text)
    ]
    assert found == []


def test_bokmal_puts_kl_before_a_time_placeholder():
    # A msgid whose placeholder is a clock time ("at %(start)s") reads "kl. %(start)s".
    found = [
        f"{entry.msgid!r} -> {text!r}"
        for entry in _entries()
        if re.search(r"\bat %\((start|time)\)s", entry.msgid)
        for text in _translations(entry)
        if not re.search(r"kl\. %\((start|time)\)s", text)
    ]
    assert found == []


def test_english_msgids_use_english_quotes():
    assert [entry.msgid for entry in _entries() if re.search("[«»]", entry.msgid + entry.msgid_plural)] == []


def test_theme_names_are_lower_case_after_a_lower_case_word_in_bokmal():
    names = "|".join(re.escape(name) for name in _theme_names())
    pattern = re.compile(rf"\b(om|for|med|på|i|og|til|av) ({names})\b")
    found = [text for entry in _entries() for text in _translations(entry) if pattern.search(text)]
    assert found == []


# Templates ------------------------------------------------------------------------------------

def _date_arguments(source: str) -> list[str]:
    return re.findall(r"\|(?:date|time):(\"[^\"]*\"|'[^']*'|[\w.]+)", source)


def test_templates_use_the_projects_named_formats():
    hand_written = [
        f"{path.relative_to(TEMPLATES)}: {argument}"
        for path in _all_templates()
        for argument in _date_arguments(path.read_text())
        if argument[0] in "\"'" and argument[1:-1] not in NAMED_FORMATS | MACHINE_OR_NAME_ONLY
    ]
    assert hand_written == [], "use DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT (samhold/formats)"


def test_short_dates_stay_out_of_sentences():
    in_a_sentence = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in _all_templates()
        for tag in re.findall(r"{%\s*blocktranslate[^%]*SHORT_DATE(?:TIME)?_FORMAT[^%]*%}", path.read_text())
    ]
    in_a_mail = [str(path.relative_to(TEMPLATES)) for path in _mail_templates() if "SHORT_DATE" in path.read_text()]
    assert in_a_sentence == []
    assert in_a_mail == [], "an e-mail is running text: use DATE_FORMAT"


def test_mail_templates_write_no_forbidden_forms():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in _mail_templates()
        for pattern in (re.compile("[«»]"), re.compile(r"\b\d{1,2}:\d{2}\b"), FORBIDDEN_IN_BOKMAL["gruppen (write gruppa)"])
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_mail_templates_lower_case_themes_inside_a_sentence():
    # "…a group on {{ themes }}…" must come through theme_in_sentence; a label
    # ("Themes: {{ themes }}") may keep the names as they are.
    found = [
        f"{path.relative_to(TEMPLATES)}: {text}"
        for path in _mail_templates()
        for arguments, text in re.findall(
            r"{%\s*blocktranslate(.*?)%}(.*?){%\s*endblocktranslate", path.read_text(), re.S,
        )
        if re.search(r"[^:]\s{{ ?themes? ?}}", text) and "theme_in_sentence" not in arguments
    ]
    assert found == []


def _hand_written_formats(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        argument = node.args[1]
        if (
            name in {"date_format", "time_format"}
            and isinstance(argument, ast.Constant)
            and argument.value not in NAMED_FORMATS
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {argument.value!r}")
    return found


def test_code_formats_dates_for_people_with_the_named_formats():
    # A date or time for people goes through DATE_FORMAT & co. (or a translated format, as the
    # meeting dates do with pgettext); strftime and f-strings stay for machines (CSV, ISO).
    found = [
        problem
        for app in ("directory", "groups", "facilitators", "research", "home", "outbox", "samhold")
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for problem in _hand_written_formats(path)
    ]
    assert found == []


# What people read -----------------------------------------------------------------------------

MOMENT = datetime.datetime(2026, 12, 1, 18, 0)


@pytest.mark.parametrize(("language", "name", "expected"), [
    ("nb", "DATE_FORMAT", "1. desember 2026"),
    ("nb", "TIME_FORMAT", "18.00"),
    ("nb", "DATETIME_FORMAT", "1. desember 2026 kl. 18.00"),
    ("nb", "SHORT_DATE_FORMAT", "01.12.2026"),
    ("en", "DATE_FORMAT", "1 December 2026"),
    ("en", "TIME_FORMAT", "18:00"),
    ("en", "DATETIME_FORMAT", "1 December 2026, 18:00"),
    ("en", "SHORT_DATE_FORMAT", "01/12/2026"),
])
def test_the_named_formats_read_naturally(language, name, expected):
    with translation.override(language):
        assert formats.date_format(MOMENT, name) == expected


def test_a_time_written_the_norwegian_way_is_understood():
    from django import forms

    with translation.override("nb"):
        assert forms.TimeField().clean("18.00") == datetime.time(18, 0)
        assert forms.TimeField().clean("18:00") == datetime.time(18, 0)


def test_a_mail_about_an_interest_writes_themes_in_lower_case_and_a_long_date():
    registration = SimpleNamespace(
        municipality=SimpleNamespace(name="Levanger - Levangke"), expires_at=datetime.date(2027, 12, 1),
    )
    with translation.override("nb"):
        text = render_to_string("facilitators/email/interest_confirmed.txt", {
            "registration": registration, "themes": "Sorg, ADHD", "manage_url": "https://example.org/x",
        })
    assert "selvhjelpsgruppe om sorg, ADHD i Levanger - Levangke" in text
    assert "til 1. desember 2027" in text


def test_a_notice_about_an_information_meeting_says_kl():
    meeting = SimpleNamespace(
        starts_at=datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 12, 1, 18, 30, tzinfo=datetime.UTC),
        place="",
    )
    group = SimpleNamespace(name="Sorggruppe", municipality=SimpleNamespace(name="Levanger"))
    with translation.override("nb"):
        item = {
            "name": group.name, "reason": "meeting", "themes": "sorg", "group_obj": group, "meeting": meeting,
            "meeting_when": meeting_when(meeting), "meeting_full": False, "signup_url": "https://example.org/s",
            "group_url": "",
        }
        text = render_to_string("facilitators/email/interest_notify.txt", {"groups": [item], "manage_url": ""})
    assert "Informasjonsmøte: tirsdag 1. desember kl. 18.00–19.30" in text


@pytest.mark.parametrize(("name", "expected"), [
    ("Sorg", "sorg"), ("Rus og avhengighet", "rus og avhengighet"), ("ADHD", "ADHD"),
    ("ME/utmattelse", "ME/utmattelse"), ("Sorg, Angst", "sorg, angst"),
])
def test_a_theme_name_inside_a_sentence(name, expected):
    assert in_sentence(name) == expected


@pytest.mark.django_db
def test_the_english_group_page_names_the_language_in_english(client, site_en, places, themes):
    group = SelfHelpGroupFactory(
        municipality=places["levanger"], slug="sorg-levanger", languages="norsk og engelsk", themes=[themes["sorg"]],
    )
    english = client.get(f"/en/find-a-group/trondelag/levanger/{group.slug}/").content.decode()
    norwegian = client.get(f"/finn-gruppe/trondelag/levanger/{group.slug}/").content.decode()
    assert "<dd>Norwegian and English</dd>" in english
    assert "norsk" not in english.split('id="facts-heading"')[1].split("</dl>")[0]
    assert "<dd>norsk og engelsk</dd>" in norwegian


@pytest.mark.django_db
def test_a_language_the_site_does_not_know_is_shown_as_written(client, site_en, places, themes):
    group = SelfHelpGroupFactory(municipality=places["levanger"], slug="tegn", languages="norsk, kinesisk")
    english = client.get(f"/en/find-a-group/trondelag/levanger/{group.slug}/").content.decode()
    assert "<dd>norsk, kinesisk</dd>" in english


@pytest.mark.parametrize(("starts", "expected"), [
    (datetime.datetime(2026, 12, 15, 17, 0, tzinfo=datetime.UTC), "tirsdag 15. desember kl. 18.00–19.30"),
    (datetime.datetime(2027, 1, 5, 17, 0, tzinfo=datetime.UTC), "tirsdag 5. januar 2027 kl. 18.00–19.30"),
])
def test_a_meeting_next_year_says_its_year(starts, expected):
    meeting = SimpleNamespace(starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)), translation.override("nb"):
        assert meeting_when(meeting) == expected
