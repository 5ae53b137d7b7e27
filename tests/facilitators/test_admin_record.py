"""The record in the admin: national administrators read it; nobody changes it; reading it is
not recorded."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitators.models import AuditEntry
from facilitators.services.records import Action, record

INDEX = reverse("record:index")


@pytest.fixture
def entries(people):
    approved = record(actor=people["coordinator"], action=Action.GROUP_APPROVED, label="Sorggruppe Levanger")
    invited = record(actor=people["coordinator"], action=Action.FACILITATOR_INVITED, label="#12", detail="Levanger")
    old = record(actor=people["administrator"], action=Action.STAGE_CHANGED, label="Gammel gruppe")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    return {"approved": approved, "invited": invited, "old": old}


@pytest.mark.django_db
def test_administrator_reads_the_record_with_who_when_and_what(client, people, entries):
    client.force_login(people["administrator"])
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.text
    assert "Sorggruppe Levanger" in html and "Gammel gruppe" in html
    assert str(people["coordinator"]) in html
    # The action is shown by its label, not its code.
    assert re.search(r'href="/admin/logg/inspect/\d+/">\s*(Group approved|Gruppe godkjent)', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "entry_status"),
    [
        # Coordinators have the admin but not the record: its entries do not exist for them.
        ("coordinator", 404),
        ("other_coordinator", 404),
        # Without the admin at all, Wagtail sends the person to its login.
        ("facilitator", 302),
        ("contact", 302),
    ],
)
def test_only_national_administrators_open_the_record(client, people, entries, role, entry_status):
    client.force_login(people[role])
    assert client.get(INDEX).status_code == 302
    assert client.get(reverse("record:inspect", args=[entries["approved"].pk])).status_code == entry_status


@pytest.mark.django_db
def test_record_filters_by_action_and_date(client, people, entries):
    client.force_login(people["administrator"])
    results = reverse("record:index_results")
    by_action = client.get(results, {"action": Action.FACILITATOR_INVITED}).text
    assert "#12" in by_action and "Sorggruppe Levanger" not in by_action
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recent = client.get(results, {"at_from": since}).text
    assert "Sorggruppe Levanger" in recent and "Gammel gruppe" not in recent


@pytest.mark.django_db
def test_record_cannot_be_added_to_changed_or_deleted_in_the_admin(client, people, entries):
    client.force_login(people["administrator"])
    pk = entries["approved"].pk
    assert client.get(reverse("record:inspect", args=[pk])).status_code == 200
    for path in ("/admin/logg/add/", f"/admin/logg/edit/{pk}/", f"/admin/logg/delete/{pk}/"):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert AuditEntry.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_reading_the_record_is_not_recorded(client, people, entries):
    client.force_login(people["administrator"])
    before = AuditEntry.objects.count()
    client.get(INDEX)
    client.get(reverse("record:inspect", args=[entries["old"].pk]))
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_record_is_in_the_menu_for_administrators_only(client, people):
    client.force_login(people["administrator"])
    assert "/admin/logg/" in client.get("/admin/").text
    client.force_login(people["coordinator"])
    html = client.get("/admin/").text
    assert "/admin/logg/" not in html
    # The coordinator's "Facilitators" menu holds the overview and the invitation.
    assert "/admin/oppstarter/" in html and "/admin/inviter-igangsetter/" in html
