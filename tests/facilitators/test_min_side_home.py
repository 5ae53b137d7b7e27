"""Min side for a facilitator: where they work, their information meetings, a group waiting for
the coordinator, a preview of the public page before sending, and a welcome shown once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitators.models import User
from groups.models import SelfHelpGroup
from tests.facilitators.meetings_helpers import make_meeting
from tests.facilitators.test_startup_flow import group_data

pytestmark = pytest.mark.django_db
HOME = reverse("facilitators:home")


@pytest.fixture
def draft(client, people, places, themes, site):
    client.force_login(people["facilitator"])
    client.post(reverse("facilitators:group_create"), group_data(places["levanger"], themes))
    return SelfHelpGroup.objects.get(name="Sorggruppe i Levanger")


def test_a_new_facilitator_is_welcomed_once_with_three_things_to_do(client, people):
    client.force_login(people["facilitator"])
    page = client.get(HOME).content.decode()
    assert "Velkommen som igangsetter" in page
    assert page.count("<li>", page.index("Velkommen som igangsetter"), page.index("</ol>")) == 3
    assert User.objects.get(pk=people["facilitator"].pk).welcome_seen_at is not None
    assert "Velkommen som igangsetter" not in client.get(HOME).content.decode()


def test_a_group_contact_gets_no_facilitator_welcome(client, people):
    client.force_login(people["contact"])
    assert "Velkommen som igangsetter" not in client.get(HOME).content.decode()


def test_min_side_names_the_municipalities_the_facilitator_covers(client, people):
    client.force_login(people["facilitator"])
    page = client.get(HOME).content.decode()
    assert "Du starter grupper i: Levanger - Levangke." in page


def test_min_side_lists_the_facilitators_information_meetings(client, people, planned_group):
    meeting = make_meeting(planned_group, capacity=12)
    cancelled = make_meeting(planned_group, capacity=5, cancelled_at=timezone.now())
    client.force_login(people["facilitator"])
    page = client.get(HOME).content.decode()
    assert reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}) in page
    assert "0 av 12 plasser tatt" in page
    assert reverse("facilitators:meeting_detail", kwargs={"pk": cancelled.pk}) not in page
    client.force_login(people["other_facilitator"])
    assert reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}) not in client.get(HOME).content.decode()


def test_a_group_sent_to_the_coordinator_says_it_waits_for_approval(client, draft):
    assert ">Utkast<" in client.get(HOME).content.decode()
    client.post(reverse("facilitators:group_submit", kwargs={"pk": draft.pk}))
    page = client.get(HOME).content.decode()
    assert "Venter på godkjenning" in page
    assert ">Utkast<" not in page


def test_the_facilitator_previews_the_draft_page_before_sending(client, draft):
    response = client.get(reverse("facilitators:group_preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sorggruppe i Levanger" in page and "For deg som har mistet noen nær." in page
    assert "Forhåndsvisning" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store, private"
    detail = client.get(reverse("facilitators:group_detail", kwargs={"pk": draft.pk})).content.decode()
    assert reverse("facilitators:group_preview", kwargs={"pk": draft.pk}) in detail


def test_nobody_else_sees_the_preview(client, draft, people):
    url = reverse("facilitators:group_preview", kwargs={"pk": draft.pk})
    client.force_login(people["other_facilitator"])
    assert client.get(url).status_code == 404
    client.force_login(people["contact"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
