"""Read replicas: with DATABASE_REPLICA_URL, public directory reads go to the replica, and writes,
Min side, the admin and anything per person to the primary (samhold.db_router).

The test settings give a second alias, "replica", that mirrors the test database on a
connection of its own (SQLite and PostgreSQL alike); these tests turn the router on and count
the queries each connection runs. They are transactional, so what one connection wrote the
other can read.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from directory.models import Theme
from groups.models import SelfHelpGroup, Status
from outbox.models import OutgoingEmail
from samhold import db_router
from samhold.db_router import HOLD_KEY, PRIMARY, REPLICA, ReplicaRouter
from samhold.models import RateMark
from tests.factories import SelfHelpGroupFactory, UserFactory
from tests.samhold.test_settings import run_python as settings_run_python

ROOT = Path(__file__).resolve().parents[2]
DIRECTORY = "/finn-gruppe/"
GROUP = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"

replica_db = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routed(settings):
    """The settings DATABASE_REPLICA_URL brings: the router and the middleware."""
    settings.DATABASE_ROUTERS = ["samhold.db_router.ReplicaRouter"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "samhold.db_router.ReplicaReadsMiddleware"]
    db_router._last_hold = 0.0


@pytest.fixture
def group(site, places, themes):
    return SelfHelpGroupFactory(
        name="Sorggruppe i Levanger",
        slug="sorggruppe-levanger",
        municipality=places["levanger"],
        themes=[themes["sorg"]],
        contact=UserFactory(email="kontakt@example.org", first_name="Kari"),
    )


@pytest.fixture
def replica_ready(routed, group):
    """The data is written (which holds public reads on the primary for the replica's lag); the
    replica has caught up."""
    from django.core.cache import cache

    cache.delete(HOLD_KEY)
    db_router._last_hold = 0.0
    return group


def queries(fn):
    """Run fn, return (its result, SQL run on the primary, SQL run on the replica)."""
    with CaptureQueriesContext(connections[PRIMARY]) as primary, CaptureQueriesContext(connections[REPLICA]) as replica:
        result = fn()
    return result, [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


@replica_db
@pytest.mark.parametrize("path", ["/", DIRECTORY, f"{DIRECTORY}?q=sorg", GROUP, "/en/find-a-group/"])
def test_a_visitors_public_pages_are_read_from_the_replica(client, site_en, replica_ready, path):
    response, primary, replica = queries(lambda: client.get(path))
    assert response.status_code == 200
    assert replica, "nothing was read from the replica"
    assert primary == []


@replica_db
def test_the_replica_really_answers_the_directory(client, replica_ready):
    response, _primary, replica = queries(lambda: client.get(f"{DIRECTORY}?q=sorg"))
    assert "Sorggruppe i Levanger" in response.content.decode()
    assert any("groups_selfhelpgroup" in sql for sql in replica)


@replica_db
def test_without_the_router_everything_is_read_from_the_primary(client, group):
    _response, primary, replica = queries(lambda: client.get(DIRECTORY))
    assert primary and replica == []


@replica_db
def test_a_form_sent_to_a_public_page_is_on_the_primary(client, replica_ready, django_capture_on_commit_callbacks):
    data = {"name": "Ola", "email": "ola@example.net", "message": "Kan jeg bli med på neste møte?", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response, primary, replica = queries(lambda: client.post(GROUP, data, REMOTE_ADDR="10.0.0.1"))
    assert response.status_code == 302
    assert replica == []
    assert OutgoingEmail.objects.count() == 1
    assert RateMark.objects.exists()


@replica_db
def test_a_logged_in_person_reads_the_primary_also_on_public_pages(client, replica_ready, people):
    client.force_login(people["facilitator"])
    for path in (DIRECTORY, GROUP, "/min-side/"):
        response, primary, replica = queries(lambda path=path: client.get(path))
        assert response.status_code == 200, path
        assert replica == [], path
        assert primary, path


@replica_db
def test_the_admin_is_on_the_primary(client, replica_ready, people):
    client.force_login(people["administrator"])
    for path in ("/admin/", "/admin/snippets/groups/selfhelpgroup/"):
        response, _primary, replica = queries(lambda path=path: client.get(path))
        assert response.status_code == 200, path
        assert replica == [], path


@replica_db
@pytest.mark.parametrize(
    "path", ["/admin/login/", "/min-side/logg-inn/", "/min-side/bli-igangsetter/", "/mine-opplysninger/", "/informasjonsmoter/"]
)
def test_anonymous_pages_outside_the_page_tree_are_on_the_primary(client, replica_ready, path):
    response, _primary, replica = queries(lambda: client.get(path))
    assert response.status_code == 200, path
    assert replica == []


@replica_db
def test_healthz_reports_the_replica_and_fails_without_it(client, routed, tmp_path):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["replica"] == "ok"

    original = connections[REPLICA]
    settings_dict = original.settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        unreachable = {**settings_dict, "NAME": str(tmp_path / "no-such-directory" / "replica.sqlite3")}
    else:
        unreachable = {**settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    broken = original.__class__(unreachable, REPLICA)
    connections[REPLICA] = broken
    try:
        response = client.get("/healthz")
    finally:
        broken.close()
        connections[REPLICA] = original
    assert response.status_code == 503
    assert response.json()["replica"] == "unreachable"
    assert response.json()["database"] == "ok"


@replica_db
def test_after_a_change_to_a_group_public_reads_stay_on_the_primary_for_the_replicas_lag(client, replica_ready):
    from django.core.cache import cache

    group = replica_ready
    group.status = Status.CLOSED
    group.save()
    assert cache.get(HOLD_KEY)
    _response, primary, replica = queries(lambda: client.get(GROUP))
    assert replica == [] and primary

    cache.delete(HOLD_KEY)  # the lag has passed
    _response, primary, replica = queries(lambda: client.get(GROUP))
    assert replica and primary == []


@replica_db
def test_per_person_writes_do_not_hold_the_replica_off(routed, group):
    from django.core.cache import cache

    cache.delete(HOLD_KEY)
    db_router._last_hold = 0.0
    RateMark.objects.create(scope="test", key_hash="x" * 64)
    Session.objects.create(session_key="k" * 32, session_data="", expire_date="2030-01-01T00:00:00Z")
    assert not cache.get(HOLD_KEY)


def test_the_router_outside_a_request_uses_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(SelfHelpGroup) == PRIMARY
    assert router.db_for_write(SelfHelpGroup) == PRIMARY


def test_in_a_public_read_per_person_models_stay_on_the_primary_and_a_write_ends_the_replica(monkeypatch):
    monkeypatch.setattr(db_router, "primary_held", lambda: False)
    monkeypatch.setattr(db_router, "primary_hold", lambda: None)
    router = ReplicaRouter()
    token = db_router._public_read.set(db_router._PublicRead())
    try:
        assert router.db_for_read(SelfHelpGroup) == REPLICA
        assert router.db_for_read(Theme) == REPLICA
        for model in (Session, RateMark, OutgoingEmail, UserFactory._meta.model):
            assert router.db_for_read(model) == PRIMARY, model
        assert router.db_for_write(SelfHelpGroup) == PRIMARY
        # Having written, the request reads what it wrote.
        assert router.db_for_read(SelfHelpGroup) == PRIMARY
    finally:
        db_router._public_read.reset(token)


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate(PRIMARY, "groups") is True
    assert router.allow_migrate(REPLICA, "groups") is False


def test_only_wagtails_page_serving_is_a_public_read(rf):
    def request(path, method="get", **kwargs):
        req = getattr(rf, method)(path, **kwargs)
        req.resolver_match = resolve(path)
        return req

    assert db_router.is_public_read(request(DIRECTORY))
    assert db_router.is_public_read(request(GROUP, method="head"))
    assert not db_router.is_public_read(request(GROUP, method="post"))
    with_session = request(DIRECTORY)
    with_session.COOKIES["sessionid"] = "abc"
    assert not db_router.is_public_read(with_session)
    for path in ("/admin/", "/min-side/", "/healthz", "/mine-opplysninger/", "/meld-interesse/"):
        assert not db_router.is_public_read(request(path)), path


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return settings_run_python(code, env, strip={"DATABASE_REPLICA_URL"})


def test_database_replica_url_adds_the_alias_the_router_and_the_middleware():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['replica']['NAME'], settings.DATABASES['replica']['HOST']); "
        "print(settings.DATABASE_ROUTERS); print(settings.MIDDLEWARE[-1]); print(settings.SAMHOLD_REPLICA_LAG_SECONDS)"
    )
    result = run_python(
        code,
        {"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/samhold", "DATABASE_REPLICA_LAG_SECONDS": "30"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "samhold replica.internal"
    assert lines[1] == "['samhold.db_router.ReplicaRouter']"
    assert lines[2] == "samhold.db_router.ReplicaReadsMiddleware"
    assert lines[3] == "30"


def test_without_database_replica_url_there_is_one_database():
    code = "from django.conf import settings; print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)"
    result = run_python(code, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default'] []"


PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "samhold.example.no",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samhold",
    "SITE_URL": "https://samhold.example.no",
    "SAMHOLD_TRUSTED_PROXY_COUNT": "1",
    "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/samhold",
}


@pytest.mark.parametrize(("cache_url", "starts"), [("", False), ("redis://127.0.0.1:6379/0", True)])
def test_production_with_a_replica_needs_a_shared_cache(cache_url, starts):
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **clean, **PRODUCTION, **({"CACHE_URL": cache_url} if cache_url else {}),
            "DJANGO_SETTINGS_MODULE": "samhold.settings.production",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode == 0) == starts, result.stderr[-2000:]
    if not starts:
        assert "DATABASE_REPLICA_URL needs a shared cache" in result.stderr
