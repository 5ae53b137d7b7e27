"""Housekeeping deletes what SAMHOLD_RETENTION says, so the figures the privacy statement gives
are the ones enforced."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import LoginAttempt
from outbox.models import OutgoingEmail
from samhold.models import RateMark


def test_every_retention_period_is_a_whole_number_of_days():
    for key, days in django_settings.SAMHOLD_RETENTION.items():
        assert type(days) is int and days > 0, key


@pytest.mark.django_db
def test_housekeeping_keeps_hashes_and_e_mail_records_as_long_as_samhold_retention_says(settings):
    settings.SAMHOLD_RETENTION = {
        **settings.SAMHOLD_RETENTION,
        "login_attempt": 40,
        "email_send_mark": 40,
        "email_delivered": 40,
        "email_undeliverable": 40,
    }
    start = timezone.now()
    LoginAttempt.objects.create(email_hash="e" * 64, ip_hash="i" * 64)
    RateMark.objects.create(scope="password_reset", key_hash="k" * 64)
    OutgoingEmail.objects.create(purpose="test", state=OutgoingEmail.State.SENT, sent_at=start)
    OutgoingEmail.objects.create(purpose="test", state=OutgoingEmail.State.FAILED, to="ola@example.net")

    def remaining():
        return [model.objects.count() for model in (LoginAttempt, RateMark, OutgoingEmail)]

    with time_machine.travel(start + datetime.timedelta(days=39)):
        call_command("housekeeping", verbosity=0)
    assert remaining() == [1, 1, 2]
    with time_machine.travel(start + datetime.timedelta(days=40, minutes=1)):
        call_command("housekeeping", verbosity=0)
    assert remaining() == [0, 0, 0]
