"""`make backup`: the database, media and information letters into one new directory under
BACKUP_DIR, then the backups older than SAMHOLD_RETENTION["backup"] days deleted (see
samhold.backup). Run it daily from cron or a systemd timer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samhold.backup import BackupError, backup_create, backup_dir, backups_prune
from samhold.retention import kept_for


class Command(BaseCommand):
    help = "Back up the database, media and information letters; delete backups past their retention."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Where to write (default: BACKUP_DIR, var/backups).")
        parser.add_argument("--no-prune", action="store_true", help="Keep backups past their retention this time.")

    def handle(self, *args, **options):
        directory = options["dir"] or backup_dir()
        try:
            path = backup_create(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {path}")
        if not options["no_prune"]:
            for old in backups_prune(directory=directory):
                self.stdout.write(f"Deleted {old} (older than {kept_for('backup').days} days)")
