"""The record is not kept for ever: housekeeping deletes entries two years after they happened."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import AuditEntry
from facilitators.services.records import Action, record


@pytest.mark.django_db
def test_housekeeping_deletes_record_entries_older_than_two_years(people):
    start = timezone.now()
    old = record(actor=people["coordinator"], action=Action.PEOPLE_VIEWED, label="Levanger", detail="angst")
    with time_machine.travel(start + datetime.timedelta(days=400)):
        recent = record(actor=people["facilitator"], action=Action.PEOPLE_VIEWED, label="Levanger", detail="sorg")

    with time_machine.travel(start + datetime.timedelta(days=729)):
        call_command("housekeeping", verbosity=0)
    assert AuditEntry.objects.count() == 2

    with time_machine.travel(start + datetime.timedelta(days=730, minutes=1)):
        call_command("housekeeping", verbosity=0)
    assert list(AuditEntry.objects.all()) == [recent]
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
