"""In the group editor, a group waiting for this coordinator shows "Godkjenn og publiser" as the
main button and "Send tilbake" first beside it, and each decision's message says what happened."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from facilitators.services.startups import group_submit
from groups.models import SelfHelpGroup
from tests.facilitators.group_editor_helpers import editor_form
from tests.factories import StartUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(people, places, themes):
    group = StartUpFactory(
        group__municipality=places["levanger"], group__name="Sorggruppe i Levanger", facilitators=[people["facilitator"]],
    ).group
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    group_submit(user=people["facilitator"], group=group)
    return SelfHelpGroup.objects.get(pk=group.pk)


def _footer_labels(html):
    footer = html[html.index('<footer class="footer'):]
    footer = footer[: footer.index("</nav>")]
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"</svg>([^<]+)</button>|<em data-w-progress-target=\"label\">([^<]+)</em>", footer)
        for label in label if label.strip()
    ]


def test_the_decisions_come_first_with_plain_norwegian_labels(client, people, waiting):
    client.force_login(people["coordinator"])
    html = client.get(reverse("wagtailsnippets_groups_selfhelpgroup:edit", args=[waiting.pk])).content.decode()
    labels = _footer_labels(html)
    assert labels[:2] == ["Godkjenn og publiser", "Send tilbake"]
    assert not any("og Publiser" in label for label in labels)


def test_the_editor_says_what_approving_did(client, people, places, themes, waiting):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:edit", args=[waiting.pk]),
        {
            **editor_form(waiting, places, themes, "For deg som har mistet noen."),
            "action-workflow-action": "true", "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        },
        follow=True,
    )
    assert "Sorggruppe i Levanger er godkjent og publisert. Igangsetterne har fått beskjed på e-post." in (
        response.content.decode()
    )


def test_sending_back_from_the_dashboard_says_what_happened(client, people, waiting):
    task_state = WorkflowState.objects.for_instance(waiting).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:workflow_action", args=[waiting.pk, "reject", task_state.pk]),
        {"comment": "Skriv litt mer om hvem gruppa er for."},
        follow=True,
    )
    assert "Sorggruppe i Levanger er sendt tilbake til igangsetterne med kommentaren din." in response.content.decode()
