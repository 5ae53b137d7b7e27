import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "et-langt-testpassord-123"  # UserFactory's
LOGIN_URL = reverse("facilitators:login")


@pytest.fixture
def person(db):
    return UserFactory(email="ingrid.igangsetter@example.org", first_name="Ingrid", last_name="Berg")


@pytest.fixture
def log_in(client):
    """POST the login form as a person would, from the given IP address."""

    def _log_in(email, password, *, ip="192.0.2.10", **extra):
        return client.post(LOGIN_URL, {"username": email, "password": password, **extra}, REMOTE_ADDR=ip)

    return _log_in


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

    def _post(url, data=None, ip="10.0.0.7", client_=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client_ or client).post(url, data or {}, REMOTE_ADDR=ip)

    return _post
