"""Failed logins are deleted by housekeeping once they are a day old."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import LoginAttempt
from facilitators.services import login_failure_record


@pytest.mark.django_db
def test_housekeeping_deletes_failed_logins_older_than_a_day():
    login_failure_record(email="ingrid@example.org", ip_address="192.0.2.10")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        login_failure_record(email="ingrid@example.org", ip_address="192.0.2.10")
        call_command("housekeeping")
        assert LoginAttempt.objects.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        call_command("housekeeping")
    assert LoginAttempt.objects.count() == 1
