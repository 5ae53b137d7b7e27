import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from groups.services import contact_message_send
from samhold.models import RateMark
from tests.factories import SelfHelpGroupFactory, UserFactory


@pytest.mark.django_db
def test_what_the_contact_limit_counts_is_deleted_after_a_day(places):
    contact = UserFactory(email="kontakt@example.org")
    group = SelfHelpGroupFactory(municipality=places["levanger"], contact=contact)
    contact_message_send(
        group=group, sender_name="Ola", sender_email="ola@example.net", message="Hei!", ip_address="192.0.2.4"
    )
    assert RateMark.objects.filter(scope="contact").count() == 3  # the network, the group and the sender
    assert RateMark.objects.filter(scope="contact-once").count() == 1  # the message, so a repeat is sent once
    call_command("housekeeping", verbosity=0)
    assert RateMark.objects.count() == 4
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        call_command("housekeeping", verbosity=0)
    assert RateMark.objects.count() == 0
