import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from groups.models import ContactRequest
from tests.factories import SelfHelpGroupFactory


@pytest.mark.django_db
def test_rate_limit_records_are_deleted_after_two_days(places):
    group = SelfHelpGroupFactory(municipality=places["levanger"])
    ContactRequest.objects.create(group=group)
    call_command("housekeeping")
    assert ContactRequest.objects.count() == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, minutes=1)):
        call_command("housekeeping")
    assert ContactRequest.objects.count() == 0
