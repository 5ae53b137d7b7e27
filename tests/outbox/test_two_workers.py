"""Two task workers never send one e-mail twice (PostgreSQL, where workers on several machines
share one database).

Each e-mail is queued as the site queues it (its task enqueued on commit), then given two more
tasks at once, as housekeeping's sweep (email_retry_due) and a second sweep would while the
first task still waits: three tasks racing for every message. Two real `db_worker` processes,
released together, work through the queue against the same database, through a mail backend
that takes a little time per message like an SMTP server and writes down every message it
sends. Every message must be sent exactly once, and both workers must have done part of it.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.services import email_queue, email_retry_due
from outbox.tasks import deliver_email

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 40

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="workers on several machines share PostgreSQL; SQLite serialises every writer anyway",
    ),
    pytest.mark.django_db(transaction=True),
]


class SlowRecordingBackend:
    """A mail server that takes 20 ms a message and writes down each one it accepts (one line,
    appended: safe from two processes at once)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            time.sleep(0.02)
            line = f"{os.environ['WORKER_ID']}\t{message.subject}\n".encode()
            descriptor = os.open(os.environ["SENT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                os.write(descriptor, line)
            finally:
                os.close(descriptor)
        return len(messages)

    def open(self):
        return True

    def close(self):
        pass


# A worker process: this module's mail server, then wait for the start signal (so both workers
# begin together), then the project's own `db_worker` until the queue is empty.
WORKER = f"""
import os, sys, time
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.SAMHOLD_EMAIL_DELIVERY_BACKEND = "{__name__}.SlowRecordingBackend"
open(os.environ["READY_FILE"], "w").close()
deadline = time.monotonic() + 60
while not os.path.exists(os.environ["GO_FILE"]):
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.01)
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
             "--queue-name", "*", "--worker-id", os.environ["WORKER_ID"], "--verbosity", "0")
"""


def database_url() -> str:
    database = connection.settings_dict  # the test database
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database.get('USER') or 'postgres'}{password}@{database.get('HOST') or '127.0.0.1'}:"
        f"{database.get('PORT') or 5432}/{database['NAME']}"
    )


def start_worker(worker_id: str, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samhold.settings.base",
        "DATABASE_URL": database_url(),
        "WORKER_ID": worker_id,
        "SENT_LOG": str(tmp_path / "sent.log"),
        "READY_FILE": str(tmp_path / f"{worker_id}.ready"),
        "GO_FILE": str(tmp_path / "go"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-c", WORKER], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_two_workers_send_every_queued_email_exactly_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for number in range(MESSAGES):
        email = email_queue(to=[f"mottaker{number}@example.net"], subject=f"Melding {number}", body="Hei", purpose="test")
        # The sweep finding it due before the first task ran (housekeeping every few minutes).
        deliver_email.enqueue(email_id=email.pk)
    assert email_retry_due() == MESSAGES
    assert DBTaskResult.objects.ready().count() == 3 * MESSAGES

    workers = {worker_id: start_worker(worker_id, tmp_path) for worker_id in ("worker-a", "worker-b")}
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"{worker_id}.ready").exists() for worker_id in workers):
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(worker.poll() is None for worker in workers.values()), "a worker stopped before the start"
            time.sleep(0.05)
        (tmp_path / "go").touch()
        outputs = {worker_id: worker.communicate(timeout=120)[0] for worker_id, worker in workers.items()}
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    for worker_id, worker in workers.items():
        assert worker.returncode == 0, outputs[worker_id]

    sent = [line.split("\t") for line in (tmp_path / "sent.log").read_text().splitlines()]
    subjects = [subject for _worker, subject in sent]
    assert sorted(subjects) == sorted(f"Melding {number}" for number in range(MESSAGES)), "a message was sent twice or not at all"
    assert {worker for worker, _subject in sent} == set(workers), "one worker did all the sending"
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {OutgoingEmail.State.SENT}
    assert DBTaskResult.objects.successful().count() == 3 * MESSAGES
    # Both workers took tasks for the same messages: the race was real.
    assert {worker_id for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for worker_id in ids} == set(workers)
