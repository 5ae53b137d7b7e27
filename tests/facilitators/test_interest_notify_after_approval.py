"""Regression: after one approval, a facilitator could turn the group into an online group on
every theme with any name, published at once from Min side (no review), and the notification
sweep then e-mailed that name to every matching interested person in Norway — the people
interest_message_send is kept from. Such a change now waits for the coordinator."""

import pytest
from django.core import mail

from facilitators.services.interest import interest_notify_due
from groups.models import Attendance
from tests.factories import StartUpFactory

SPAM = "Ring 820 00 000 - rask hjelp mot angst"


@pytest.mark.django_db
def test_an_approved_group_rewritten_on_min_side_is_not_announced_outside_what_was_approved(
    client, post, committed, people, places, themes, everyone_interested
):
    # Approved as an in-person 'sorg' group in Levanger; its people have been told.
    group = StartUpFactory(
        group__municipality=places["levanger"], group__attendance=Attendance.IN_PERSON,
        group__place="Frivilligsentralen", group__live=True, group__status="recruiting",
        group__themes=[themes["sorg"]], facilitators=[people["facilitator"]],
    ).group
    committed(interest_notify_due)
    mail.outbox = []

    # Fia rewrites it: online, every theme, a new name. Min side publishes this at once.
    client.force_login(people["facilitator"])
    form = client.get(f"/min-side/grupper/{group.pk}/endre/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, bool))}
    data.update({
        "name": SPAM, "summary": "Skriv til oss.", "attendance": Attendance.ONLINE, "municipality": "",
        "place": "", "themes": [t.pk for t in themes.values()], "status": "recruiting",
        "start_time": "18:00", "end_time": "19:30", "first_meeting": "2026-01-06",
    })
    assert post(f"/min-side/grupper/{group.pk}/endre/", data).status_code == 302
    group.refresh_from_db()
    # The published version stays as approved until the coordinator has looked at the change.
    assert group.live and group.municipality == places["levanger"] and group.name != SPAM

    committed(interest_notify_due)
    interested = {registration.email for registration in everyone_interested}
    to_them = [m for m in mail.outbox if m.to[0] in interested]  # (the coordinator is told of the change)
    assert to_them == []
    assert not any(SPAM in m.body for m in to_them)
