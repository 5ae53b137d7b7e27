"""The backup drill (`make backup-drill`): take a backup as `make backup` does, restore it into a
scratch database, and compare every table's row count and checksum (PostgreSQL computes them: md5
of each row in primary-key order; on SQLite each row as SQLite quotes it) and every media and
private file with the live site. Exits 1 on any difference, 2 if the backup or restore failed.
The scratch database and the drill's backup are removed afterwards (--keep keeps the backup).

    .venv/bin/python scripts/backup_drill.py [--dir DIR] [--keep]

Uses the configured database (DATABASE_URL, or the SQLite default) and settings; run it on the
production machine with the production environment, where the backups are made.
"""

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="Where the drill's backup goes (default: BACKUP_DIR).")
    parser.add_argument("--keep", action="store_true", help="Keep the drill's backup afterwards.")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhold.settings.dev")
    import django

    django.setup()
    from samhold.backup import BackupError, backup_drill

    try:
        result = backup_drill(directory=args.dir, keep=args.keep)
    except BackupError as error:
        print(f"Backup drill failed: {error}", file=sys.stderr)
        return 2
    for line in result.differences:
        print(f"DIFFERENT {line}", file=sys.stderr)
    verdict = "FAILED" if result.differences else "passed"
    print(
        f"Backup drill {verdict}: {result.tables} tables, {result.rows} rows and {result.files} files "
        f"compared after restoring into {result.scratch} (now removed)"
        + (f"; the backup is kept at {result.backup}" if args.keep else "")
        + (f"; {len(result.differences)} differences" if result.differences else "")
        + "."
    )
    return 1 if result.differences else 0


if __name__ == "__main__":
    sys.exit(main())
