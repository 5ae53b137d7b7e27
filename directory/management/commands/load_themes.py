"""Load the starting set of themes from directory/data/themes.json.

Themes are a snippet that editors own, so this command only ever adds: a theme whose slug
(or name) is already in the database is left exactly as it is, even if an editor has
renamed it, rewritten its description or moved it under another broader theme.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import Theme
from directory.text import norwegian_slug

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "themes.json"
FIELDS = ("name", "name_en", "description", "description_en", "search_terms")


def read_themes(path: Path = DATA_FILE) -> list[dict]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Could not read {path}: {error}") from error
    for row in rows:
        row.setdefault("slug", norwegian_slug(row["name"]))
    return rows


class Command(BaseCommand):
    help = "Create the starting themes that are missing (keyed on slug). Never changes existing themes."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="JSON file to read (default: %(default)s).")

    def handle(self, *args, **options):
        rows = read_themes(options["file"])
        created, kept = [], 0
        with transaction.atomic():
            existing_slugs = set(Theme.objects.values_list("slug", flat=True))
            existing_names = {name.casefold() for name in Theme.objects.values_list("name", flat=True)}
            for row in rows:
                if row["slug"] in existing_slugs or row["name"].casefold() in existing_names:
                    kept += 1
                    continue
                theme = Theme(slug=row["slug"], **{field: row.get(field, "") for field in FIELDS})
                theme.full_clean()
                theme.save()
                existing_slugs.add(theme.slug)
                existing_names.add(theme.name.casefold())
                created.append((theme, row.get("parent")))
            # Parents are set in a second pass (a parent may come later in the file), and only on
            # themes this run created: an editor's choice stands.
            parents = {t.slug: t for t in Theme.objects.filter(slug__in={p for _, p in created if p})}
            for theme, parent_slug in created:
                if parent_slug and parent_slug in parents:
                    theme.parent = parents[parent_slug]
                    theme.full_clean()
                    theme.save(update_fields=["parent"])
                elif parent_slug:
                    self.stderr.write(f"Broader theme '{parent_slug}' for '{theme.slug}' not found; left empty.")
        self.stdout.write(f"Themes: {len(created)} created, {kept} already present.")
