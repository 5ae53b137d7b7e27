"""Fixtures for the group tests."""

import datetime

import pytest

from groups.models import Frequency, Status
from tests.factories import SelfHelpGroupFactory, UserFactory


@pytest.fixture
def levanger_group(site, places, themes):
    """A published grief group in Levanger that meets on Tuesdays at 18.00 and has a contact
    person: /finn-gruppe/trondelag/levanger/sorggruppe-levanger/."""
    return SelfHelpGroupFactory(
        name="Sorggruppe i Levanger",
        slug="sorggruppe-levanger",
        summary="For deg som har mistet noen.",
        municipality=places["levanger"],
        themes=[themes["sorg"]],
        place="Frivilligsentralen",
        weekday=1,
        start_time=datetime.time(18, 0),
        end_time=datetime.time(19, 30),
        frequency=Frequency.WEEKLY,
        first_meeting=datetime.date(2026, 11, 3),
        status=Status.OPEN,
        contact=UserFactory(email="kontakt@example.org", first_name="Kari"),
    )
