"""/healthz, and the database going down and coming back.

The database "goes down" by pointing the site's connection at a place where there is none: a
closed port on PostgreSQL, a file in a directory that does not exist on SQLite. Real connection
attempts fail, as they do when the server stops; pointing it back is the server returning.
"""

import contextlib
import datetime
import socket

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samhold.health import RETRY_AFTER, UNAVAILABLE_PAGE

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable(settings_dict: dict, tmp_path) -> dict:
    """The same database settings, pointing where no database answers."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return {**settings_dict, "NAME": str(tmp_path / "no-such-directory" / "samhold.sqlite3")}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": str(closed_port())}


@contextlib.contextmanager
def database_down(tmp_path):
    original = connections["default"]
    broken = original.__class__(unreachable(original.settings_dict, tmp_path), "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def waiting_task(*, enqueued_ago: datetime.timedelta, **fields) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="outbox.tasks.deliver",
        backend_name="default",
        run_after=datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return task


def test_healthz_reports_the_database_and_an_empty_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tasks": {"waiting": 0, "oldest_waiting_seconds": 0},
    }


def test_healthz_counts_the_waiting_tasks_and_the_age_of_the_oldest(client):
    waiting_task(enqueued_ago=datetime.timedelta(minutes=10))
    waiting_task(enqueued_ago=datetime.timedelta(seconds=5))
    # Not waiting: done, running, or not due before tomorrow.
    waiting_task(enqueued_ago=datetime.timedelta(hours=2), status="SUCCESSFUL")
    waiting_task(enqueued_ago=datetime.timedelta(hours=2), status="RUNNING")
    later = waiting_task(enqueued_ago=datetime.timedelta(hours=3))
    DBTaskResult.objects.filter(pk=later.pk).update(run_after=timezone.now() + datetime.timedelta(days=1))

    tasks = client.get("/healthz").json()["tasks"]
    assert tasks["waiting"] == 2
    assert 600 <= tasks["oldest_waiting_seconds"] < 620


def test_healthz_sets_no_cookie_is_never_cached_and_is_not_sent_to_a_language(client):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_while_the_database_is_down_and_200_once_it_is_back(client, tmp_path):
    with database_down(tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "no-store" in response["Cache-Control"]

    assert client.get("/healthz").status_code == 200


def assert_calm_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert body == UNAVAILABLE_PAGE
    assert "Samhold er straks tilbake" in body
    assert "Samhold will be back shortly" in body
    assert body.index('lang="nb"') < body.index('lang="en"')
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.parametrize("path", ["/", "/en/", "/informasjonsmoter/", "/forskning/", "/min-side/logg-inn/"])
def test_every_public_page_answers_the_calm_503_page_while_the_database_is_down(
    client, site_en, tmp_path, caplog, path
):
    assert client.get(path).status_code == 200

    # Answered by the middleware, as an expected state: one line in the log, not a traceback
    # for every visitor (the test client would raise that error here).
    with database_down(tmp_path), caplog.at_level("WARNING"):
        assert_calm_unavailable_page(client.get(path))
    assert not [record for record in caplog.records if record.exc_info]
    assert any(record.getMessage().startswith("Database unavailable") for record in caplog.records)

    # Back: the same client gets the page again, nothing restarted.
    assert client.get(path).status_code == 200


def test_a_logged_in_visitor_whose_session_cannot_be_read_gets_the_calm_page(site, people, tmp_path):
    # The session and the user are loaded by middleware before any view runs: Django's last
    # resort (handler500) turns that failure into the same page.
    client = Client(raise_request_exception=False)
    client.force_login(people["facilitator"])
    assert client.get("/min-side/").status_code == 200

    with database_down(tmp_path):
        assert_calm_unavailable_page(client.get("/min-side/"))
        assert_calm_unavailable_page(client.get("/"))

    assert client.get("/min-side/").status_code == 200


def test_a_post_while_the_database_is_down_gets_the_calm_page(site, tmp_path):
    client = Client(raise_request_exception=False)
    with database_down(tmp_path):
        assert_calm_unavailable_page(client.post("/mine-opplysninger/", {"email": "a@example.org"}))


def test_django_reconnects_by_itself_once_the_database_answers_again(tmp_path):
    # What the recovery rests on: a connection that failed to open is tried afresh on the next
    # query, so pointing the same connection back (the server returning) is enough.
    original = connections["default"]
    settings_dict = unreachable(original.settings_dict, tmp_path)
    wrapper = original.__class__(settings_dict, "default")
    try:
        with pytest.raises(OperationalError):
            wrapper.ensure_connection()
        if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
            wrapper.settings_dict["NAME"] = str(tmp_path / "samhold.sqlite3")
        else:
            wrapper.settings_dict.update(HOST=original.settings_dict["HOST"], PORT=original.settings_dict["PORT"])
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        wrapper.close()


def test_an_error_that_is_not_the_database_being_down_is_still_a_500(site, monkeypatch):
    from home.models import HomePage

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert b"Samhold er straks tilbake" not in response.content
