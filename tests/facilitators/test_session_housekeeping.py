"""Ended login sessions are deleted by housekeeping, not kept in the database for ever."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone


@pytest.mark.django_db
def test_housekeeping_deletes_sessions_that_have_ended(people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        Client().force_login(people["facilitator"])
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        Client().force_login(people["contact"])
    assert Session.objects.count() == 2

    # An hour without a request ends the first session; the second is still in use.
    with time_machine.travel(start + datetime.timedelta(hours=1, minutes=1), tick=False):
        call_command("housekeeping", verbosity=0)
    assert Session.objects.count() == 1
    assert Session.objects.get().get_decoded()["_auth_user_id"] == str(people["contact"].pk)


def test_no_session_outlives_the_retention_period_the_privacy_statement_gives():
    assert settings.SESSION_COOKIE_AGE <= settings.SAMHOLD_RETENTION["session"] * 24 * 60 * 60
