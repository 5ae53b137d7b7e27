"""`make restore BACKUP=<path>`: a backup restored into a fresh scratch database (<name>_restore,
or a file beside the SQLite one) with its files unpacked inside the backup, leaving the live site
untouched; with --replace-live-database (`REPLACE_LIVE=yes`) into the live database, media and
private files, after the database's name is typed to confirm."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samhold.backup import BackupError, backup_restore, is_postgresql, live_database_name


class Command(BaseCommand):
    help = "Restore a backup into a scratch database, or with --replace-live-database over the live site."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="A backup directory, e.g. var/backups/samhold-20261201T030000Z")
        parser.add_argument("--into", help="The scratch database (PostgreSQL) or file (SQLite) to restore into.")
        parser.add_argument(
            "--replace-live-database",
            action="store_true",
            help="Replace the live database, media and private files with the backup. Stop the site first.",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        if options["replace_live_database"]:
            live = live_database_name()
            # The name to type: a PostgreSQL database's, or the SQLite file's (not its whole path).
            name = live if is_postgresql() else Path(live).name
            if options["interactive"]:
                answer = input(
                    f"This replaces the live database {live}, the media and the private files with the backup.\n"
                    f"Stop the site and its workers first. Type {name} to go on: "
                )
                if answer.strip() != name:
                    raise CommandError("Not restored: the name did not match.")
        try:
            restored = backup_restore(
                backup=options["backup"], into=options["into"], replace_live=options["replace_live_database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if restored.live:
            self.stdout.write(f"Restored over the live database {restored.database}, media and private files.")
            return
        self.stdout.write(f"Restored into the scratch database {restored.database}; the live site is untouched.")
        for name, path in restored.files.items():
            self.stdout.write(f"  {name} files: {path}")
        if is_postgresql():
            self.stdout.write(f"To look around, run the site with DATABASE_URL naming the database {restored.database}.")
            self.stdout.write("Drop it when done: it holds personal data.")
        else:
            self.stdout.write(f"To look around, run the site with DATABASE_URL=sqlite:///{Path(restored.database).resolve()}")
            self.stdout.write("It is deleted with the backup.")
