"""Regression: Wagtail's "submitted for approval" e-mail goes to every member of the approval
task's roles, so every coordinator in Norway (and every administrator) reads which draft group a
facilitator in another county has sent, by name (the name tells theme and place)."""

import pytest
from django.core import mail

from facilitators.services.startups import group_submit
from tests.factories import StartUpFactory


@pytest.mark.django_db
def test_only_the_countys_deciders_are_told_of_a_submitted_group(people, places, themes, committed):
    group = StartUpFactory(
        group__municipality=places["levanger"], group__name="Sorggruppe for foreldre i Levanger",
        facilitators=[people["facilitator"]],
    ).group
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    mail.outbox = []
    committed(group_submit, user=people["facilitator"], group=group)
    told = {address for message in mail.outbox for address in message.to}
    assert "kari@example.org" in told  # Trøndelag's coordinator decides
    assert "nils@example.org" not in told  # today Nordland's coordinator gets the group's name too
