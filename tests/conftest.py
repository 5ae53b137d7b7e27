import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from facilitators import roles
from facilitators.selectors.two_factor import second_factor_enabled, second_factor_required
from tests.factories import (
    CountyFactory,
    MunicipalityFactory,
    ThemeFactory,
    administrator,
    build_site,
    coordinator_for,
    facilitator_in,
    group_contact,
    translate_site,
)

DATA_MIGRATIONS = [
    # Wagtail's root collection (documents and images need it); run only after a flush.
    ("wagtail.migrations.0025_collection_initial_data", "initial_data"),
    ("groups.migrations.0003_group_moderation_workflow", "create_workflow"),
    ("facilitators.migrations.0003_roles", "create_roles"),
    ("facilitators.migrations.0005_application_permissions", "grant"),
    ("facilitators.migrations.0008_use_county_approval", "use_county_task"),
    ("facilitators.migrations.0009_admin_permissions", "grant"),
    ("research.migrations.0002_researcher_role", "create_role"),
]


def restore_data_migrations():
    """The roles, their permissions, the approval workflow and Wagtail's root collection come
    from data migrations; a transactional test before this one may have flushed them, so they
    are made again (the project's migrations' functions are idempotent; Wagtail's collection is
    made only when there is none)."""
    for module, function in DATA_MIGRATIONS:
        if module.startswith("wagtail.") and apps.get_model("wagtailcore", "Collection").objects.exists():
            continue
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _data_migrations_present(request, django_db_blocker):
    """A transactional test (the browser tests, a few on PostgreSQL) empties every table when it
    ends, the data migrations' rows included, and the order tests run in is pytest-django's: a
    test that uses the database finds the roles and the workflow whatever ran before it. Made
    outside the test's transaction, so they stay."""
    uses_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_database:
        with django_db_blocker.unblock():
            if not Group.objects.filter(name=roles.RESEARCHER).exists():
                restore_data_migrations()


@pytest.fixture(autouse=True)
def _language_as_at_start():
    # A request under /en/ leaves English active in this thread (LocaleMiddleware activates, and
    # nothing deactivates after the response): every test starts in the default language, as a
    # new request does, so a lazy message or a resolve() does not depend on the test before.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Reference lists are cached; every test starts from its own data.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def site_en(site):
    translate_site(site)
    return site

@pytest.fixture
def trondelag(db):
    return CountyFactory(number="50", name="Trøndelag - Trööndelage", name_plain="Trøndelag", slug="trondelag")


@pytest.fixture
def places(trondelag):
    """Levanger and its neighbours at their real points, and Bodø far away."""
    nordland = CountyFactory(number="18", name="Nordland - Nordlánnda", name_plain="Nordland", slug="nordland")
    return {
        "levanger": MunicipalityFactory(
            number="5037", county=trondelag, name="Levanger - Levangke", name_plain="Levanger", slug="levanger",
            latitude=63.746, longitude=11.299,
        ),
        "verdal": MunicipalityFactory(
            number="5038", county=trondelag, name="Verdal", name_plain="Verdal", slug="verdal",
            latitude=63.793, longitude=11.482,
        ),
        "trondheim": MunicipalityFactory(
            number="5001", county=trondelag, name="Trondheim - Tråante", name_plain="Trondheim", slug="trondheim",
            latitude=63.43, longitude=10.39,
        ),
        "bodo": MunicipalityFactory(
            number="1804", county=nordland, name="Bodø", name_plain="Bodø", slug="bodo",
            latitude=67.28, longitude=14.40,
        ),
    }


@pytest.fixture
def themes(db):
    return {
        "sorg": ThemeFactory(name="Sorg", name_en="Grief", slug="sorg", search_terms="tap, dødsfall"),
        "angst": ThemeFactory(name="Angst", name_en="Anxiety", slug="angst", search_terms="panikk, uro"),
        "depresjon": ThemeFactory(name="Depresjon", name_en="Depression", slug="depresjon"),
    }


@pytest.fixture
def people(places):
    """One person in each real role: Fia facilitates in Levanger, Kari coordinates Trøndelag,
    Nils coordinates Nordland, Ada administers, Gunn is a group contact."""
    return {
        "facilitator": facilitator_in(places["levanger"], email="fia@example.org", first_name="Fia"),
        "other_facilitator": facilitator_in(places["verdal"], email="frode@example.org", first_name="Frode"),
        "coordinator": coordinator_for(places["levanger"].county, email="kari@example.org", first_name="Kari"),
        "other_coordinator": coordinator_for(places["bodo"].county, email="nils@example.org", first_name="Nils"),
        "administrator": administrator(email="ada@example.org", first_name="Ada"),
        "contact": group_contact(email="gunn@example.org", first_name="Gunn"),
    }


@pytest.fixture(autouse=True)
def _all_mail_through_the_outbox(settings):
    # Django's test runner swaps EMAIL_BACKEND for locmem; Samhold sends everything (also
    # Django's and Wagtail's own mail) through the outbox, which delivers to locmem in tests.
    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_login(monkeypatch):
    """client.force_login() stands for a completed login, which for staff (and anyone who has
    turned it on) includes the second factor: the session is marked verified with a device.
    The two-factor tests themselves log in through the real forms."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if second_factor_required(user) or second_factor_enabled(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a callable with on-commit callbacks executed, so queued e-mail reaches mail.outbox."""

    def _run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a visitor from an IP address, with queued e-mail delivered."""

    def _post(url, data=None, ip="10.0.0.7", client_=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return (client_ or client).post(url, data or {}, REMOTE_ADDR=ip, **extra)

    return _post


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that empty the database when they end (a live server, transactional tests) run
    last, whatever order the plugins left: what the migrations made (Wagtail's locale, its
    editors' permissions) is then still there for every other test."""

    def empties_the_database(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        return bool({"live_server", "transactional_db"} & fixtures) or bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=empties_the_database)
