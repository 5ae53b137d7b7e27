"""Backups (`make backup`, `make restore`, `make backup-drill`): the database, media and
information letters in one private directory; a restore goes into a scratch database unless the
live one is asked for; the drill finds any table or file that did not come back as it was; old
backups are deleted after SAMHOLD_RETENTION["backup"] days. On PostgreSQL when DATABASE_URL points
there (pg_dump and pg_restore), on SQLite (its online backup API) otherwise."""

import io
import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from facilitators.models import LoginAttempt
from samhold import backup as backups
from samhold.models import RateMark

ROOT = Path(__file__).resolve().parents[2]

needs_pg_client = pytest.mark.skipif(
    backups.is_postgresql() and shutil.which("pg_dump") is None, reason="needs PostgreSQL's client programs"
)


@pytest.fixture
def files(settings, tmp_path):
    """Media and an information letter in roots of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMHOLD_PRIVATE_FILES_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "original_images" / "meeting.jpg").write_bytes(os.urandom(5000))
    (settings.SAMHOLD_PRIVATE_FILES_ROOT / "information_letters").mkdir(parents=True)
    (settings.SAMHOLD_PRIVATE_FILES_ROOT / "information_letters" / "study.pdf").write_bytes(b"%PDF-1.7 letter")
    return settings


@pytest.fixture
def data(places, themes):
    RateMark.objects.create(scope="contact", key_hash="k" * 64)
    LoginAttempt.objects.create(email_hash="e" * 64, ip_hash="i" * 64)


def scratch(tmp_path) -> str:
    """A scratch database no other test run (nor pytest-django's test database) is using."""
    if backups.is_postgresql():
        return f"{backups.live_database_name()[:30]}_scratch_{os.getpid()}"
    return str(tmp_path / "scratch.sqlite3")


def execute(database: str, sql: str):
    if backups.is_postgresql():
        connection = backups.pg_connect(database)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()
    connection = sqlite3.connect(database, uri=database.startswith("file:"), isolation_level=None)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_every_table_and_file_as_it_was(files, data, tmp_path):
    result = backups.backup_drill(directory=tmp_path / "backups")

    assert result.differences == []
    assert result.tables > 50
    assert result.rows > 0
    assert result.files == 2
    assert list((tmp_path / "backups").iterdir()) == []  # the drill leaves no copy of the data behind


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_the_drill_fails_on_a_row_or_a_file_that_did_not_come_back_the_same(files, data, tmp_path, monkeypatch):
    restore = backups.backup_restore

    def restore_then_damage(**kwargs):
        restored = restore(**kwargs)
        execute(restored.database, f"UPDATE {RateMark._meta.db_table} SET scope = 'changed'")
        (restored.files["private"] / "information_letters" / "study.pdf").write_bytes(b"%PDF-1.7 other")
        if backups.is_postgresql():  # the next new row would take an id in use
            execute(restored.database, f"SELECT setval('{RateMark._meta.db_table}_id_seq', 1, false)")
        else:
            execute(restored.database, f"DELETE FROM sqlite_sequence WHERE name = '{RateMark._meta.db_table}'")
        return restored

    monkeypatch.setattr(backups, "backup_restore", restore_then_damage)
    result = backups.backup_drill(directory=tmp_path / "backups")

    sequence = f"{RateMark._meta.db_table}_id_seq" if backups.is_postgresql() else "sqlite_sequence"
    assert sorted(line.split(":")[0] for line in result.differences) == sorted(
        [RateMark._meta.db_table, sequence, "private/information_letters/study.pdf"]
    )
    assert "1 rows" in result.differences[0]


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(files, data, tmp_path):
    path = backups.backup_create(directory=tmp_path / "backups")

    assert path.parent == tmp_path / "backups"
    assert path.name.startswith("samhold-")
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o700
    names = sorted(child.name for child in path.iterdir())
    database = "database.dump" if backups.is_postgresql() else "database.sqlite3"
    assert names == sorted([database, "manifest.json", "media.tar", "private.tar"])
    assert {child.name: mode(child) for child in path.iterdir()} == dict.fromkeys(names, 0o600)


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_a_restore_goes_into_a_scratch_database_and_leaves_the_live_site_alone(files, data, tmp_path):
    path = backups.backup_create(directory=tmp_path / "backups")
    RateMark.objects.update(scope="changed after the backup")
    (files.MEDIA_ROOT / "original_images" / "meeting.jpg").unlink()
    # On SQLite the default: a file inside the backup, private and deleted with it.
    target = scratch(tmp_path) if backups.is_postgresql() else None
    try:
        restored = backups.backup_restore(backup=path, into=target)
        target = restored.database

        assert restored.live is False
        if not backups.is_postgresql():
            assert target == str(path / "restored" / "samhold.sqlite3")
            assert mode(Path(target)) == 0o600
        assert execute(target, f"SELECT scope FROM {RateMark._meta.db_table}") == [("contact",)]
        assert (restored.files["media"] / "original_images" / "meeting.jpg").is_file()
        assert restored.files["media"].is_relative_to(path)
    finally:
        if target:
            backups.database_drop(target)
    assert list(RateMark.objects.values_list("scope", flat=True)) == ["changed after the backup"]
    assert not (files.MEDIA_ROOT / "original_images" / "meeting.jpg").exists()


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_restoring_over_the_live_database_must_be_asked_for_by_name(files, data, tmp_path, monkeypatch):
    path = backups.backup_create(directory=tmp_path / "backups")
    RateMark.objects.update(scope="changed after the backup")

    with pytest.raises(backups.BackupError, match="live database"):
        backups.backup_restore(backup=path, into=backups.live_database_name())
    monkeypatch.setattr("builtins.input", lambda prompt: "not its name")
    with pytest.raises(CommandError, match="did not match"):
        call_command("restore", str(path), "--replace-live-database")
    assert list(RateMark.objects.values_list("scope", flat=True)) == ["changed after the backup"]


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_restoring_over_the_live_site_brings_back_the_database_and_the_files(files, data, tmp_path, monkeypatch):
    path = backups.backup_create(directory=tmp_path / "backups")
    RateMark.objects.update(scope="changed after the backup")
    LoginAttempt.objects.create(email_hash="x" * 64, ip_hash="y" * 64)
    (files.MEDIA_ROOT / "original_images" / "meeting.jpg").unlink()
    (files.MEDIA_ROOT / "added-after.txt").write_text("not in the backup")

    live = backups.live_database_name()
    monkeypatch.setattr("builtins.input", lambda prompt: live if backups.is_postgresql() else Path(live).name)
    call_command("restore", str(path), "--replace-live-database", stdout=open(os.devnull, "w"))

    assert list(RateMark.objects.values_list("scope", flat=True)) == ["contact"]
    assert LoginAttempt.objects.count() == 1
    assert sorted(str(p.relative_to(files.MEDIA_ROOT)) for p in files.MEDIA_ROOT.rglob("*")) == [
        "original_images",
        "original_images/meeting.jpg",
    ]
    assert mode(files.MEDIA_ROOT / "original_images") == 0o755  # the web server still reads them


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(files, data, tmp_path):
    path = backups.backup_create(directory=tmp_path / "backups")
    with (path / "media.tar").open("ab") as tar:
        tar.write(b"\0")

    with pytest.raises(backups.BackupError, match="damaged"):
        backups.backup_restore(backup=path, into=scratch(tmp_path))


def test_backups_past_their_retention_are_deleted_and_newer_ones_kept(settings, tmp_path):
    settings.SAMHOLD_RETENTION = {**settings.SAMHOLD_RETENTION, "backup": 30}
    now = datetime(2027, 3, 1, 3, 0, tzinfo=UTC)
    for age in (31, 30.5, 29, 1, 0):
        taken = now - timedelta(days=age)
        (tmp_path / f"samhold-{taken:%Y%m%dT%H%M%SZ}").mkdir()
    broken_off = tmp_path / "samhold-20270225T030000Z.partial"
    broken_off.mkdir()
    os.utime(broken_off, (now.timestamp() - 2 * 86400,) * 2)
    (tmp_path / "notes").mkdir()  # not a backup: left alone

    deleted = backups.backups_prune(directory=tmp_path, now=now)

    assert sorted(path.name for path in deleted) == [
        "samhold-20270129T030000Z",
        "samhold-20270129T150000Z",
        "samhold-20270225T030000Z.partial",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes",
        "samhold-20270131T030000Z",
        "samhold-20270228T030000Z",
        "samhold-20270301T030000Z",
    ]


@needs_pg_client
@pytest.mark.django_db(transaction=True)
def test_manage_py_backup_deletes_the_backups_past_their_retention(files, tmp_path):
    old = tmp_path / f"samhold-{datetime.now(UTC) - timedelta(days=31):%Y%m%dT%H%M%SZ}"
    old.mkdir()
    out = io.StringIO()

    call_command("backup", "--dir", str(tmp_path), stdout=out)

    assert not old.exists()
    assert [path.name for path in backups.backups_list(tmp_path)] == [out.getvalue().split()[3].rsplit("/", 1)[1]]
    assert f"Deleted {old}" in out.getvalue()


def test_backups_are_kept_30_days_unless_configured():
    from django.conf import settings

    assert settings.SAMHOLD_RETENTION["backup"] == 30


def test_files_restored_over_a_mount_point_replace_what_is_inside_it(tmp_path, monkeypatch):
    source, root = tmp_path / "source", tmp_path / "media"
    (source / "images").mkdir(parents=True)
    (source / "images" / "a.jpg").write_bytes(b"from the backup")
    (root / "images").mkdir(parents=True)
    (root / "images" / "a.jpg").write_bytes(b"changed since")
    (root / "later.txt").write_text("added since")
    backups._tar_tree(source, tmp_path / "media.tar")
    rename = Path.rename

    def mount_point_cannot_move(self, target):
        if self == root:
            raise OSError(16, "Device or resource busy")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", mount_point_cannot_move)
    backups._replace_tree(tmp_path / "media.tar", root)

    assert sorted(str(path.relative_to(root)) for path in root.rglob("*")) == ["images", "images/a.jpg"]
    assert (root / "images" / "a.jpg").read_bytes() == b"from the backup"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["media", "media.tar", "source"]


FAKE_MANAGE = """#!/bin/sh
echo "manage.py $*"
"""


def make(tmp_path, *args) -> subprocess.CompletedProcess:
    """The Makefile's recipe run in a copy of the project root, manage.py replaced by a stand-in
    that prints what it was asked, the virtualenv taken as built."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    fake = tmp_path / "fake-manage"
    fake.write_text(FAKE_MANAGE)
    fake.chmod(0o755)
    environ = {key: value for key, value in os.environ.items() if key != "MAKEFLAGS"}
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.requirements-installed", f"MANAGE={fake}", *args],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_restore_replaces_the_live_database_only_when_asked(tmp_path):
    assert make(tmp_path, "restore", "BACKUP=var/backups/x").stdout.split() == ["manage.py", "restore", "var/backups/x"]
    assert make(tmp_path, "restore", "BACKUP=var/backups/x", "REPLACE_LIVE=no").stdout.split()[-1] == "var/backups/x"
    assert make(tmp_path, "restore", "BACKUP=var/backups/x", "REPLACE_LIVE=yes").stdout.split() == [
        "manage.py",
        "restore",
        "var/backups/x",
        "--replace-live-database",
    ]
    without_backup = make(tmp_path, "restore")
    assert without_backup.returncode != 0
    assert "Usage: make restore BACKUP=" in without_backup.stderr
    assert make(tmp_path, "backup").stdout.split() == ["manage.py", "backup"]
