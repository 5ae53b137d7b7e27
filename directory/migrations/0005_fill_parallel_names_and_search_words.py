"""Fill what 0004 added on rows that already exist: each municipality's Sami and Kven names
(taken from its official name, which load_geography built from them) and the search words of
the starting themes (added to what editors wrote, never replacing it)."""

import json
from pathlib import Path

from django.db import migrations

THEMES_FILE = Path(__file__).resolve().parents[1] / "data" / "themes.json"
SEPARATOR = " - "


def fill_parallel_names(apps, schema_editor):
    Municipality = apps.get_model("directory", "Municipality")
    for municipality in Municipality.objects.filter(parallel_names=""):
        others = [n.strip() for n in municipality.name.split(SEPARATOR)]
        names = ", ".join(n for n in others if n and n != municipality.name_plain)
        if names:
            Municipality.objects.filter(pk=municipality.pk).update(parallel_names=names)


def add_search_words(apps, schema_editor):
    Theme = apps.get_model("directory", "Theme")
    seeds = {row["slug"]: row.get("search_terms", "") for row in json.loads(THEMES_FILE.read_text(encoding="utf-8"))}
    for theme in Theme.objects.filter(slug__in=list(seeds)):
        words = [w.strip() for w in theme.search_terms.split(",") if w.strip()]
        known = {w.casefold() for w in words}
        words += [w.strip() for w in seeds[theme.slug].split(",") if w.strip() and w.strip().casefold() not in known]
        merged = ", ".join(words)
        if merged != theme.search_terms:
            Theme.objects.filter(pk=theme.pk).update(search_terms=merged)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_words_parallel_names_regional_contact")]

    operations = [
        migrations.RunPython(fill_parallel_names, migrations.RunPython.noop),
        migrations.RunPython(add_search_words, migrations.RunPython.noop),
    ]
