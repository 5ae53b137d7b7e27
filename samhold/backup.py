"""Backups: the database, the media and the information letters in one directory, restored into a
scratch database unless the live one is asked for by name, and pruned after
SAMHOLD_RETENTION["backup"] days, because what housekeeping deletes lives on in the backups.

A backup is a directory SAMHOLD_BACKUP_DIR/samhold-20261201T152600Z/ (mode 0700: it holds
personal data) with, each 0600:

    database.dump     pg_dump -Fc of DATABASE_URL (PostgreSQL)
    database.sqlite3  or a copy made with SQLite's online backup API (the embedded default)
    media.tar         MEDIA_ROOT: editors' images and documents
    private.tar       SAMHOLD_PRIVATE_FILES_ROOT: the studies' information letters
    manifest.json     when, which engine and database, and the SHA-256 of each file above

It is written as samhold-….partial and renamed when complete, so a backup broken off half-way is
never taken for one. `make backup`, `make restore` and `make backup-drill` run the functions here.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connections

from samhold.retention import kept_for

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
NAME_PATTERN = re.compile(r"^samhold-(\d{8}T\d{6}Z)(?:-\d+)?$")
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MANIFEST = "manifest.json"
# (name of the tar in a backup, the setting naming the directory it holds)
FILE_TREES = (("media", "MEDIA_ROOT"), ("private", "SAMHOLD_PRIVATE_FILES_ROOT"))


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for the person running it."""


def _database() -> dict:
    # The connection's own settings: under the tests they name the test database.
    return connections["default"].settings_dict


def live_database_name() -> str:
    return str(_database()["NAME"])


def is_postgresql() -> bool:
    return _database()["ENGINE"] == "django.db.backends.postgresql"


def backup_dir() -> Path:
    return Path(settings.SAMHOLD_BACKUP_DIR)


@contextmanager
def _private_umask() -> Iterator[None]:
    """Whatever is written meanwhile (also by pg_dump) is readable by its owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# PostgreSQL ---------------------------------------------------------------------------------


def _pg_params(dbname: str | None = None) -> dict:
    db = _database()
    params = {
        "dbname": dbname or db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if option in db.get("OPTIONS", {}):
            params[option] = db["OPTIONS"][option]
    return {key: value for key, value in params.items() if value is not None}


def _pg_environment(dbname: str | None = None) -> dict:
    """The connection for pg_dump, pg_restore and psql as PG* variables: a password never shows in
    the process list."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
    }
    return {**os.environ, **{names[key]: value for key, value in _pg_params(dbname).items()}}


def pg_connect(dbname: str | None = None):
    """A connection of its own (not Django's) to the configured server, to `dbname` if given."""
    return psycopg2.connect(**_pg_params(dbname))


def _run(command: list[str], *, environment: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client programs are needed).")
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# Backing up ---------------------------------------------------------------------------------


def _new_backup_path(directory: Path, now: datetime) -> Path:
    name = f"samhold-{now.strftime(TIMESTAMP_FORMAT)}"
    path, number = directory / name, 1
    while path.exists() or path.with_suffix(".partial").exists():
        number += 1
        path = directory / f"{name}-{number}"
    return path


def _tar_tree(root: Path, target: Path) -> None:
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for child in sorted(root.iterdir()):
                archive.add(child, arcname=child.name)


def backup_create(
    *,
    directory: Path | None = None,
    pg_snapshot: str | None = None,
    sqlite_source: sqlite3.Connection | None = None,
    now: datetime | None = None,
) -> Path:
    """Back up the configured database, MEDIA_ROOT and SAMHOLD_PRIVATE_FILES_ROOT into a new
    timestamped directory under `directory` (SAMHOLD_BACKUP_DIR) and return its path.

    `pg_snapshot` (an exported snapshot) or `sqlite_source` (a connection inside a read
    transaction) make the copy show exactly what that transaction sees, for the drill."""
    directory = Path(directory or backup_dir())
    now = now or datetime.now(UTC)
    with _private_umask():
        directory.mkdir(parents=True, exist_ok=True, mode=DIRECTORY_MODE)
        final = _new_backup_path(directory, now)
        partial = final.with_suffix(".partial")
        partial.mkdir(mode=DIRECTORY_MODE)
        try:
            database = _database()
            if is_postgresql():
                command = ["pg_dump", "--format=custom", f"--file={partial / PG_DUMP}"]
                if pg_snapshot:
                    command.append(f"--snapshot={pg_snapshot}")
                _run(command, environment=_pg_environment())
                files = [PG_DUMP]
            else:
                _sqlite_copy(sqlite_source, partial / SQLITE_COPY)
                files = [SQLITE_COPY]
            for name, setting in FILE_TREES:
                _tar_tree(Path(getattr(settings, setting)), partial / f"{name}.tar")
                files.append(f"{name}.tar")
            manifest = {
                "created": now.isoformat(),
                "engine": "postgresql" if is_postgresql() else "sqlite",
                "database": str(database["NAME"]),
                "files": {name: _sha256(partial / name) for name in files},
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            for path in partial.iterdir():
                path.chmod(FILE_MODE)
            partial.rename(final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return final


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=str(name).startswith("file:"))


def _sqlite_copy(source: sqlite3.Connection | None, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while the site and the worker keep writing."""
    own = source is None
    source = source or _sqlite_connect(live_database_name())
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        if own:
            source.close()


# Pruning ------------------------------------------------------------------------------------


def backup_taken_at(path: Path) -> datetime | None:
    match = NAME_PATTERN.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), TIMESTAMP_FORMAT).replace(tzinfo=UTC)


def backups_list(directory: Path | None = None) -> list[Path]:
    """The complete backups in `directory`, oldest first."""
    directory = Path(directory or backup_dir())
    if not directory.is_dir():
        return []
    found = [path for path in directory.iterdir() if path.is_dir() and backup_taken_at(path)]
    return sorted(found, key=lambda path: (backup_taken_at(path), path.name))


def backups_prune(*, directory: Path | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the backups taken more than SAMHOLD_RETENTION["backup"] days ago, and what a broken-off
    backup left behind a day ago or more. Returns what was deleted."""
    directory = Path(directory or backup_dir())
    now = now or datetime.now(UTC)
    cutoff = now - kept_for("backup")
    deleted = [path for path in backups_list(directory) if backup_taken_at(path) < cutoff]
    if directory.is_dir():
        deleted += [
            path
            for path in directory.glob("samhold-*.partial")
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < now - timedelta(days=1)
        ]
    for path in deleted:
        shutil.rmtree(path)
    return deleted


# Restoring ----------------------------------------------------------------------------------


@dataclass
class Restored:
    database: str  # the database name (PostgreSQL) or file (SQLite) restored into
    files: dict[str, Path] = field(default_factory=dict)  # "media"/"private" -> where they went
    live: bool = False


def _read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup} is not a complete Samhold backup (no readable {MANIFEST}).") from error
    for name, digest in manifest["files"].items():
        if not (backup / name).is_file() or _sha256(backup / name) != digest:
            raise BackupError(f"{backup / name} is missing or damaged (its SHA-256 is not the one recorded).")
    return manifest


def scratch_name(backup: Path) -> str:
    """Where a restore goes unless told otherwise: the database <name>_restore on PostgreSQL; on
    SQLite a file in the backup's restored/ directory, private and deleted with the backup."""
    if is_postgresql():
        return f"{live_database_name()}_restore"[:63]
    return str(backup / "restored" / "samhold.sqlite3")


def backup_restore(*, backup: Path, into: str | None = None, replace_live: bool = False) -> Restored:
    """Restore `backup`. By default into a fresh scratch database (`into`, else scratch_name()),
    with its files unpacked into the backup's own restored/ directory, and the live site untouched.
    Only with `replace_live` does it replace the live database, MEDIA_ROOT and the private files."""
    backup = Path(backup)
    manifest = _read_manifest(backup)
    engine = "postgresql" if is_postgresql() else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"{backup} holds a {manifest['engine']} database; the site is configured for {engine}.")
    live_name = live_database_name()
    if replace_live:
        if into not in (None, live_name):
            raise BackupError("Replacing the live database restores into the live database only.")
        target = live_name
    else:
        target = into or scratch_name(backup)
        if target == live_name:
            raise BackupError("That is the live database: say so with --replace-live-database.")

    with _private_umask():
        if engine == "postgresql":
            _pg_restore(backup / PG_DUMP, target, replace=replace_live)
        else:
            _sqlite_restore(backup / SQLITE_COPY, Path(target), replace=replace_live)
        restored = Restored(database=target, live=replace_live)
        for name, setting in FILE_TREES:
            if replace_live:
                root = Path(getattr(settings, setting))
                _replace_tree(backup / f"{name}.tar", root)
            else:
                root = backup / "restored" / name
                shutil.rmtree(root, ignore_errors=True)
                root.mkdir(parents=True, mode=DIRECTORY_MODE)
                _untar(backup / f"{name}.tar", root)
            restored.files[name] = root
    return restored


def _pg_restore(dump: Path, target: str, *, replace: bool) -> None:
    if replace:
        _pg_replace(dump, target)
        return
    database_drop(target)
    _pg_outside_transaction(f"CREATE DATABASE {_quote(target)}")
    _run(
        ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", f"--dbname={target}"]
        + [str(dump)],
        environment=_pg_environment(target),
    )


def _pg_replace(dump: Path, target: str) -> None:
    """The live database's schema dropped and the backup restored in its place, in one transaction:
    the database is afterwards exactly the backup (no table a later migration made is left over to
    trip the next migrate), or, if anything fails, untouched."""
    for program in ("pg_restore", "psql"):
        if shutil.which(program) is None:
            raise BackupError(f"{program} is not installed (PostgreSQL's client programs are needed).")
    connection = pg_connect(target)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            (schema,) = cursor.fetchone()
    finally:
        connection.close()
    environment = _pg_environment(target)
    with tempfile.TemporaryFile() as errors:
        psql = subprocess.Popen(
            ["psql", "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--output=/dev/null"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=environment,
        )
        restore = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-acl", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=environment,
        )
        try:
            psql.stdin.write(
                "BEGIN;\nSET client_min_messages TO warning;\n"
                f"DROP SCHEMA {_quote(schema)} CASCADE;\nCREATE SCHEMA {_quote(schema)};\n".encode()
            )
            shutil.copyfileobj(restore.stdout, psql.stdin)
            if restore.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error: its transaction is rolled back
        finally:
            restore.stdout.close()
            try:
                psql.stdin.close()
            except BrokenPipeError:
                pass
            restore.wait()
            psql.wait()
        if restore.returncode != 0 or psql.returncode != 0:
            errors.seek(0)
            raise BackupError(
                "The restore failed and the live database is unchanged:\n" + errors.read().decode(errors="replace")
            )


def database_drop(name: str) -> None:
    """Drop a scratch database (PostgreSQL) or file (SQLite), never the live one."""
    if name == live_database_name():
        raise BackupError("Refusing to drop the live database.")
    if not is_postgresql():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    _pg_outside_transaction(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def _pg_outside_transaction(statement: str) -> None:
    """CREATE and DROP DATABASE, which cannot run inside a transaction, over the live connection."""
    connection = pg_connect()
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _sqlite_restore(copy: Path, target: Path, *, replace: bool) -> None:
    if not replace:
        database_drop(str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    destination = _sqlite_connect(str(target))
    try:
        # The online backup API again: the live file is replaced page by page under SQLite's
        # locks, so a server still holding it open sees the old or the new database, never half.
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    if not replace:
        target.chmod(FILE_MODE)


def _untar(archive: Path, root: Path, *, keep_modes: bool = False) -> None:
    # Either filter refuses absolute paths and paths leading out of `root`; "tar" also keeps the
    # directories' modes, which the live media need (the web server reads them).
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="tar" if keep_modes else "data")


def _replace_tree(archive: Path, root: Path) -> None:
    """Unpack beside `root`, then swap it in, so a failure leaves the old files in place."""
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=f".{root.name}-restoring-", dir=root.parent))
    _untar(archive, incoming, keep_modes=True)
    incoming.chmod(root.stat().st_mode & 0o7777 if root.exists() else 0o755)
    if not root.exists():
        incoming.rename(root)
        return
    outgoing = Path(tempfile.mkdtemp(prefix=f".{root.name}-replaced-", dir=root.parent))
    try:
        root.rename(outgoing / root.name)
    except OSError:
        # `root` is a mount point (media on a disk of its own) and cannot be moved: replace what
        # is inside it instead.
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in incoming.iterdir():
            shutil.move(child, root / child.name)
        shutil.rmtree(incoming)
    else:
        incoming.rename(root)
    shutil.rmtree(outgoing)


# Comparing (the drill) ----------------------------------------------------------------------


def pg_table_checksums(cursor) -> dict[str, tuple[int, str]]:
    """Every table in the current schema: (rows, md5 over the md5 of each row's text, in primary
    key order), all computed by PostgreSQL."""
    cursor.execute(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname"
    )
    tables = cursor.fetchall()
    sums = {}
    for oid, table in tables:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)",
            [oid],
        )
        key = [f"t.{_quote(column)}" for (column,) in cursor.fetchall()] or ["t::text"]
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY {', '.join(key)}), '')) "
            f"FROM {_quote(table)} AS t"
        )
        count, digest = cursor.fetchone()
        sums[table] = (count, digest)
    return sums


def sqlite_table_checksums(connection: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Every table: (rows, md5 over each row as SQLite quotes it, in primary key order)."""
    tables = [
        name
        for (name,) in connection.execute(
            # sqlite_sequence too: the next id of every AUTOINCREMENT table.
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') ORDER BY name"
        )
    ]
    sums = {}
    for table in tables:
        columns = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        key = [_quote(name) for _, name, *_, pk in sorted(columns, key=lambda c: c[5]) if pk] or ["rowid"]
        row_text = " || ',' || ".join(f"quote({_quote(name)})" for _, name, *_ in columns) or "''"
        digest, count = hashlib.md5(), 0
        for (text,) in connection.execute(f"SELECT {row_text} FROM {_quote(table)} ORDER BY {', '.join(key)}"):
            digest.update(hashlib.md5(str(text).encode()).hexdigest().encode())
            count += 1
        sums[table] = (count, digest.hexdigest())
    return sums


def pg_sequences_behind(cursor) -> list[str]:
    """Every identity or serial column whose sequence would hand out an id already in use: a
    restore that forgot the sequences would fail on the first new row."""
    cursor.execute(
        "SELECT c.relname, t.relname, a.attname, s.last_value FROM pg_sequences s "
        "JOIN pg_namespace n ON n.nspname = s.schemaname "
        "JOIN pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid "
        "JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE s.schemaname = current_schema() ORDER BY 1"
    )
    behind = []
    for sequence, table, column, last_value in cursor.fetchall():
        cursor.execute(f"SELECT max({_quote(column)}) FROM {_quote(table)}")
        (highest,) = cursor.fetchone()
        if highest is not None and (last_value or 0) < highest:
            behind.append(f"{sequence}: at {last_value}, but {table}.{column} already holds {highest}")
    return behind


def checksum_differences(live: dict, restored: dict) -> list[str]:
    """What differs between two sets of table checksums, one line a table; empty when equal."""
    lines = []
    for table in sorted(live.keys() | restored.keys()):
        if table not in restored:
            lines.append(f"{table}: missing from the restored database")
        elif table not in live:
            lines.append(f"{table}: only in the restored database")
        elif live[table] != restored[table]:
            (live_rows, live_sum), (restored_rows, restored_sum) = live[table], restored[table]
            lines.append(
                f"{table}: {live_rows} rows (md5 {live_sum}) live, {restored_rows} rows (md5 {restored_sum}) restored"
            )
    return lines


def _tree_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(path.relative_to(root)): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


@dataclass
class DrillResult:
    backup: Path
    scratch: str
    tables: int
    rows: int
    files: int
    differences: list[str]


def backup_drill(*, directory: Path | None = None, scratch: str | None = None, keep: bool = False) -> DrillResult:
    """Take a backup, restore it into a scratch database, and compare every table's row count and
    checksum, and every file, with the live site as the backup saw it. The scratch database and
    (unless `keep`) the backup are removed afterwards."""
    directory = Path(directory or backup_dir())
    if scratch is None:
        # A name of its own, so a drill never meets another drill's or the tests' databases.
        if is_postgresql():
            scratch = f"{live_database_name()[:40]}_drill_{os.getpid()}"
        else:
            scratch = str(directory / f"drill-{os.getpid()}.sqlite3")
    backup = None
    try:
        if is_postgresql():
            live = pg_connect()
            try:
                # The dump is taken in this transaction's snapshot, so a site in use (a worker
                # sending mail, a visitor signing up) cannot make the comparison differ.
                live.set_session(isolation_level="REPEATABLE READ", readonly=True)
                with live.cursor() as cursor:
                    cursor.execute("SELECT pg_export_snapshot()")
                    (snapshot,) = cursor.fetchone()
                    backup = backup_create(directory=directory, pg_snapshot=snapshot)
                    live_sums = pg_table_checksums(cursor)
            finally:
                live.close()
            backup_restore(backup=backup, into=scratch)
            restored = pg_connect(scratch)
            try:
                with restored.cursor() as cursor:
                    restored_sums = pg_table_checksums(cursor)
                    sequences_behind = pg_sequences_behind(cursor)
            finally:
                restored.close()
        else:
            live = _sqlite_connect(live_database_name())
            try:
                live.execute("BEGIN")
                live_sums = sqlite_table_checksums(live)
                backup = backup_create(directory=directory, sqlite_source=live)
                live.rollback()
            finally:
                live.close()
            backup_restore(backup=backup, into=scratch)
            restored = sqlite3.connect(scratch)
            try:
                restored_sums = sqlite_table_checksums(restored)
                sequences_behind = []  # sqlite_sequence is compared as a table
            finally:
                restored.close()
        differences = checksum_differences(live_sums, restored_sums) + sequences_behind
        files = 0
        for name, setting in FILE_TREES:
            live_files = _tree_checksums(Path(getattr(settings, setting)))
            restored_files = _tree_checksums(backup / "restored" / name)
            files += len(live_files)
            for path in sorted(live_files.keys() | restored_files.keys()):
                if live_files.get(path) != restored_files.get(path):
                    differences.append(f"{name}/{path}: differs between the live files and the restored ones")
        return DrillResult(
            backup=backup,
            scratch=scratch,
            tables=len(live_sums),
            rows=sum(rows for rows, _ in live_sums.values()),
            files=files,
            differences=differences,
        )
    finally:
        database_drop(scratch)
        if backup is not None and not keep:
            shutil.rmtree(backup, ignore_errors=True)
