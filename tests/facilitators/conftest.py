import pytest
from django.urls import reverse

from facilitators.consent import INTEREST_CONSENT_VERSION
from facilitators.services.interest import interest_confirm, interest_register
from tests.facilitators.meetings_helpers import make_meeting
from tests.factories import SelfHelpGroupFactory, StartUpFactory, UserFactory

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


# Interest registrations ------------------------------------------------------------------

@pytest.fixture
def registration_of(committed, places, themes):
    """A registration made through the service; confirmed unless told otherwise."""
    counter = {"n": 0}

    def _make(*, municipality="levanger", theme_names=("sorg",), radius_km=0, language="nb", confirmed=True,
              email=None, phone=""):
        counter["n"] += 1
        registration = committed(
            interest_register,
            themes=[themes[name] for name in theme_names],
            municipality=places[municipality],
            radius_km=radius_km,
            email=email or f"person{counter['n']}@example.net",
            phone=phone,
            consent_text_version=INTEREST_CONSENT_VERSION,
            language=language,
            ip_address=f"10.1.0.{counter['n']}",
        )
        if confirmed:
            interest_confirm(registration=registration)
        return registration

    return _make


@pytest.fixture
def everyone_interested(registration_of, places):
    """People on every theme all over the country."""
    return [
        registration_of(municipality=name, theme_names=(theme,), email=f"{name}.{theme}@example.net")
        for name in ("levanger", "verdal", "trondheim", "bodo")
        for theme in ("sorg", "angst", "depresjon")
    ]


# Information meetings --------------------------------------------------------------------

@pytest.fixture
def planned_group(people, places, themes):
    """A published, planned sorg group in Levanger that Fia facilitates."""
    group = SelfHelpGroupFactory(
        name="Sorggruppe Levanger", slug="sorggruppe-levanger", municipality=places["levanger"],
        status="planned", open_places=None, contact=None, themes=[themes["sorg"]],
    )
    StartUpFactory(group=group, facilitators=[people["facilitator"]])
    return group


@pytest.fixture
def meeting(planned_group):
    return make_meeting(planned_group)
