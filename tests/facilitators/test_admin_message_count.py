"""Regression: the admin's "Messages to interested people" shows a coordinator the recipient count of
every message about a group in their counties, also one sent by someone who sees more people
than they do (an administrator, or another county's coordinator on a shared online group): the
count that e0fa567 hid on Min side."""

import re

import pytest

from facilitators.services.interest import interest_message_send
from groups.models import Attendance
from tests.factories import StartUpFactory


@pytest.mark.django_db
def test_a_coordinator_does_not_read_a_national_count_in_the_admin(client, committed, people, places, themes, registration_of):
    registration_of(municipality="levanger", theme_names=("angst",), email="l@example.net")  # Kari's county
    for n in range(7):
        registration_of(municipality="bodo", theme_names=("angst",), email=f"b{n}@example.net")  # Nordland
    group = StartUpFactory(
        group__municipality=None, group__attendance=Attendance.ONLINE, group__place="", group__live=True,
        group__status="recruiting", group__themes=[themes["angst"]], facilitators=[people["facilitator"]],
    ).group
    assert committed(interest_message_send, group=group, sender=people["administrator"], message="Velkommen til oss på nett!") == 8

    client.force_login(people["coordinator"])  # Kari: Trøndelag only, may see 1 of them
    html = client.get("/admin/meldinger-til-interesserte/").content.decode()
    assert "Velkommen til oss" in html

    assert "8" not in re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", html)
    inspect = client.get(f"/admin/meldinger-til-interesserte/inspect/{group_message_pk(group)}/").content.decode()
    assert ">8<" not in inspect.replace(" ", "").replace("\n", "")
    startup_page = client.get(f"/admin/oppstarter/inspect/{group.startup.pk}/").content.decode()
    assert "wrote to 8" not in startup_page and "skrev til 8" not in startup_page

    client.force_login(people["administrator"])
    html = client.get("/admin/meldinger-til-interesserte/").content.decode()
    assert "8" in re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", html)


def group_message_pk(group):
    from facilitators.models import InterestMessage

    return InterestMessage.objects.get(group=group).pk
