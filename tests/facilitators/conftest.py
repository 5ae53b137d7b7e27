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
