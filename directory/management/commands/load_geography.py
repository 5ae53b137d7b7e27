"""Load Norway's counties and municipalities; safe to run on every start (`make run` does)."""

import json
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directory.services import GeographyDataError, geography_load


def bundled_file() -> Path:
    return Path(apps.get_app_config("directory").path) / "data" / "kommuner-2024.json"


class Command(BaseCommand):
    help = (
        "Create and update counties and municipalities from Kartverket's kommuneinfo JSON (a list of "
        "counties with their 'kommuner'), keyed on the official numbers. Nothing is deleted: what is "
        "missing from the file is marked as ended. Without --file, loads the bundled structure of 2024."
    )
    # `make run` calls this on every start, right after `migrate` has run the checks; running
    # them again would cost more than the load itself.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="A newer official file in Kartverket's kommuneinfo format (GET /fylkerkommuner).",
        )

    def handle(self, *args, file: Path | None = None, **options):
        path = file or bundled_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from exc

        try:
            report = geography_load(data=data)
        except GeographyDataError as exc:
            raise CommandError(f"{path} is not in Kartverket's kommuneinfo format: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(f"{path} has a record the directory cannot store: {exc}") from exc

        self.stdout.write(
            "Geography from {name}: counties {c} created, {cu} updated, {ce} ended; "
            "municipalities {m} created, {mu} updated, {me} ended.".format(
                name=path.name,
                c=len(report.counties_created),
                cu=len(report.counties_updated),
                ce=len(report.counties_ended),
                m=len(report.municipalities_created),
                mu=len(report.municipalities_updated),
                me=len(report.municipalities_ended),
            )
        )
        if report.ended_with_groups:
            places = ", ".join(f"{m.number} {m.name} ({m.group_count})" for m in report.ended_with_groups)
            self.stdout.write(
                self.style.WARNING(
                    f"{report.stranded_group_count} groups are in municipalities that no longer exist; "
                    f"move them: {places}."
                )
            )
