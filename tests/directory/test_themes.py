import io

import pytest
from django.core.management import call_command

from directory.models import Theme
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

REQUIRED = [
    "Angst",
    "Depresjon",
    "Sorg",
    "Etterlatte etter selvmord",
    "Pårørende",
    "Samlivsbrudd",
    "Kronisk smerte",
    "ME/utmattelse",
    "Spiseforstyrrelser",
    "Rus og avhengighet",
    "Ensomhet",
    "Utbrenthet",
    "Traumer",
    "Fødselsdepresjon",
    "ADHD",
    "Funksjonsnedsettelse",
    "Overgrep",
    "Selvskading",
    "Mobbing",
    "Ufrivillig barnløshet",
    "Kreft",
    "Tinnitus",
    "Arbeidsledighet",
]


def load_themes() -> str:
    out = io.StringIO()
    call_command("load_themes", stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Theme.objects.order_by("slug").values_list(
            "pk", "slug", "name", "name_en", "description", "description_en", "parent_id", "search_terms"
        )
    )


def test_load_themes_creates_the_starting_themes_in_both_languages():
    load_themes()

    assert Theme.objects.count() >= 25
    names = set(Theme.objects.values_list("name", flat=True))
    assert set(REQUIRED) <= names
    for theme in Theme.objects.all():
        assert theme.slug and theme.name_en and theme.description and theme.description_en, theme
        theme.full_clean()
    assert Theme.objects.get(slug="angst").parent.slug == "psykisk-helse"
    assert Theme.objects.get(slug="etterlatte-etter-selvmord").parent.slug == "sorg"
    assert "panikk" in Theme.objects.get(slug="angst").search_terms


def test_load_themes_twice_changes_nothing():
    load_themes()
    before = snapshot()

    output = load_themes()

    assert snapshot() == before
    assert "0 created" in output


def test_load_themes_keeps_what_an_editor_changed_and_recreates_only_missing_themes():
    load_themes()
    angst = Theme.objects.get(slug="angst")
    angst.name = "Angst og panikk"
    angst.description = "Skrevet av en redaktør."
    angst.parent = None
    angst.save()
    Theme.objects.filter(slug="tinnitus").delete()

    load_themes()

    angst.refresh_from_db()
    assert (angst.name, angst.description, angst.parent) == ("Angst og panikk", "Skrevet av en redaktør.", None)
    assert Theme.objects.filter(name="Angst").count() == 0
    assert Theme.objects.filter(slug="tinnitus").exists()


def test_load_themes_leaves_a_theme_with_the_same_name_under_another_slug_alone():
    ThemeFactory(name="Sorg", slug="sorg-og-tap", name_en="Grief and loss")

    load_themes()

    assert list(Theme.objects.filter(name="Sorg").values_list("slug", "name_en")) == [("sorg-og-tap", "Grief and loss")]
    # Its child still finds no parent by slug, and is created without one rather than failing.
    assert Theme.objects.get(slug="etterlatte-etter-selvmord").parent is None
