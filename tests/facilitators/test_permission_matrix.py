"""The permission matrix of issue 3, cell by cell, logged in as each real role (never a superuser).

| action                       | facilitator            | group contact | coordinator       | administrator |
| create a group (as draft)    | in their municipalities| no            | in their counties | yes           |
| edit a group                 | groups they facilitate | their group*  | in their counties | all           |
| publish a new group          | no: submits it         | no            | in their counties | yes           |
| see another's groups/start-ups| no (404)              | no            | in their counties | all           |
(* schedule, status and open places.) The interest-registration row is in test_interest_permissions.py.
"""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from facilitators.scope import can_create_group_in, can_publish_group
from facilitators.services.startups import group_submit
from groups.models import SelfHelpGroup
from tests.factories import SelfHelpGroupFactory, StartUpFactory

pytestmark = pytest.mark.django_db

ADMIN_EDIT = "wagtailsnippets_groups_selfhelpgroup:edit"
ADMIN_LIST = "wagtailsnippets_groups_selfhelpgroup:list"


@pytest.fixture
def startups(people, places, themes):
    """Fia's draft in Levanger, Frode's draft in Verdal (both Trøndelag), one in Bodø (Nordland),
    and a published group in Levanger whose contact is Gunn."""
    levanger = StartUpFactory(group__municipality=places["levanger"], group__name="Fias gruppe",
                              facilitators=[people["facilitator"]])
    verdal = StartUpFactory(group__municipality=places["verdal"], group__name="Frodes gruppe",
                            facilitators=[people["other_facilitator"]])
    bodo = StartUpFactory(group__municipality=places["bodo"], group__name="Bodøgruppa")
    running = SelfHelpGroupFactory(municipality=places["levanger"], name="Gunns gruppe", contact=people["contact"])
    for startup in (levanger, verdal, bodo):
        startup.group.themes.set([themes["sorg"]])
        startup.group.save_revision()
    return {"levanger": levanger.group, "verdal": verdal.group, "bodo": bodo.group, "running": running}


def detail(group):
    return reverse("facilitators:group_detail", kwargs={"pk": group.pk})


def edit(group):
    return reverse("facilitators:group_edit", kwargs={"pk": group.pk})


# Create a group (as draft) ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("role", "place", "allowed"),
    [
        ("facilitator", "levanger", True),
        ("facilitator", "verdal", False),
        ("contact", "levanger", False),
        ("coordinator", "verdal", True),
        ("coordinator", "bodo", False),
        ("other_coordinator", "bodo", True),
        ("administrator", "bodo", True),
    ],
)
def test_create_a_group_cell(people, places, role, place, allowed):
    assert can_create_group_in(people[role], places[place]) is allowed


def test_facilitator_creates_drafts_on_min_side_only_in_their_municipalities(client, people, places):
    client.force_login(people["facilitator"])
    page = client.get(reverse("facilitators:group_create"))
    assert list(page.context["form"].fields["municipality"].queryset) == [places["levanger"]]


def test_group_contact_cannot_create_groups(client, people):
    client.force_login(people["contact"])
    assert client.get(reverse("facilitators:group_create")).status_code == 403


def test_coordinator_creates_groups_in_the_admin_only_in_their_counties(client, people, places, startups):
    client.force_login(people["coordinator"])
    page = client.get(reverse("wagtailsnippets_groups_selfhelpgroup:add"))
    assert page.status_code == 200
    municipalities = set(page.context["form"].fields["municipality"].queryset)
    assert municipalities == {places["levanger"], places["verdal"], places["trondheim"]}


# Edit a group --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("role", "group", "status"),
    [
        ("facilitator", "levanger", 200),
        ("facilitator", "verdal", 404),
        ("facilitator", "running", 404),
        ("contact", "running", 200),
        ("contact", "levanger", 404),
        ("other_facilitator", "verdal", 200),
    ],
)
def test_edit_a_group_on_min_side_cell(client, people, startups, role, group, status):
    client.force_login(people[role])
    assert client.get(edit(startups[group])).status_code == status
    assert client.get(detail(startups[group])).status_code == status


@pytest.mark.parametrize(
    ("role", "group", "status"),
    [
        ("coordinator", "levanger", 200),
        ("coordinator", "verdal", 200),
        # Wagtail answers a refusal inside the admin by sending the person to the dashboard.
        ("coordinator", "bodo", 302),
        ("other_coordinator", "bodo", 200),
        ("other_coordinator", "levanger", 302),
        ("administrator", "bodo", 200),
        ("administrator", "running", 200),
    ],
)
def test_edit_a_group_in_the_admin_cell(client, people, startups, role, group, status):
    client.force_login(people[role])
    response = client.get(reverse(ADMIN_EDIT, args=[startups[group].pk]))
    assert response.status_code == status


@pytest.mark.parametrize("role", ["facilitator", "contact"])
def test_facilitators_and_contacts_never_get_the_admin(client, people, startups, role):
    client.force_login(people[role])
    response = client.get(reverse(ADMIN_EDIT, args=[startups["levanger"].pk]))
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_coordinator_lists_only_groups_in_their_counties(client, people, startups):
    client.force_login(people["coordinator"])
    names = {group.name for group in client.get(reverse(ADMIN_LIST)).context["object_list"]}
    assert names == {"Fias gruppe", "Frodes gruppe", "Gunns gruppe"}
    client.force_login(people["administrator"])
    names = {group.name for group in client.get(reverse(ADMIN_LIST)).context["object_list"]}
    assert names == {"Fias gruppe", "Frodes gruppe", "Gunns gruppe", "Bodøgruppa"}


def test_group_contact_changes_only_schedule_status_and_open_places(client, people, startups):
    group = startups["running"]
    client.force_login(people["contact"])
    form = client.get(edit(group)).context["form"]
    assert set(form.fields) == {
        "weekday", "start_time", "end_time", "frequency", "week_of_month", "frequency_note", "first_meeting",
        "status", "open_places",
    }
    response = client.post(edit(group), {
        "frequency": "weekly", "weekday": "3", "start_time": "17:00", "end_time": "18:30", "first_meeting": "",
        "status": "closed", "open_places": "0", "name": "Et annet navn", "summary": "Endret",
    })
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.weekday, group.status, group.open_places) == (3, "closed", 0)
    assert group.name == "Gunns gruppe" and group.summary != "Endret"
    assert group.live is True


def _published_edit_data(group, places, theme_objects, **changes):
    themes = theme_objects
    data = {
        "name": group.name, "summary": group.summary, "description_text": "", "themes": [themes["sorg"].pk],
        "attendance": "in_person", "municipality": places["levanger"].pk, "place": "Biblioteket",
        "frequency": "weekly", "weekday": "1", "start_time": "18:00", "end_time": "19:30", "first_meeting": "",
        "audience": "everyone", "languages": "norsk", "wheelchair_accessible": "unknown", "min_age": "18",
        "max_members": "8", "open_places": "4", "status": "open",
    }
    return {**data, **changes}


@pytest.fixture
def published(startups, themes):
    group = startups["levanger"]
    group.live = True
    group.status = "recruiting"
    group.description = ""
    group.save()
    group.themes.set([themes["sorg"]])
    group.save()
    return group


def test_facilitators_change_to_a_published_groups_schedule_and_status_goes_live_as_a_revision(
    client, people, published, places, themes
):
    group = published
    client.force_login(people["facilitator"])
    before = group.revisions.count()
    assert client.post(edit(group), _published_edit_data(group, places, themes)).status_code == 302
    group.refresh_from_db()
    assert (group.place, group.status, group.open_places, group.live) == ("Biblioteket", "open", 4, True)
    assert group.revisions.count() == before + 1
    assert group.live_revision_id == group.latest_revision_id


def test_a_status_change_keeps_the_description_as_written_and_goes_live_at_once(client, people, published, places, themes):
    """Regression (found by scripts/two_instances.py): a description written in the admin or by
    the demo, with a line break between its paragraphs or bold text, came back from the form's
    plain text a little different, so changing only the status sent the group to the
    coordinator, and the page kept the old status until they approved."""
    group = published
    group.description = "<p>Vi møtes hver tirsdag.</p>\n<p>Alle er <b>velkomne</b>.</p>"
    group.save()
    client.force_login(people["facilitator"])
    shown = client.get(edit(group)).context["form"]["description_text"].value()
    # A browser sends the text area's line breaks as CRLF.
    data = _published_edit_data(group, places, themes, description_text=shown.replace("\n", "\r\n"), status="closed")
    assert client.post(edit(group), data).status_code == 302
    group.refresh_from_db()
    assert (group.status, group.live, group.has_unpublished_changes) == ("closed", True, False)
    assert group.description == "<p>Vi møtes hver tirsdag.</p>\n<p>Alle er <b>velkomne</b>.</p>"
    assert not WorkflowState.objects.for_instance(group).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"summary": "Ring 820 00 000 for rask hjelp"},
        {"name": "Ny gruppe med nytt navn"},
        {"attendance": "online", "municipality": "", "place": ""},
        {"themes": "all"},
    ],
    ids=["summary", "name", "online", "themes"],
)
def test_facilitators_change_to_what_a_published_group_is_goes_back_to_the_coordinator(
    client, people, published, places, themes, changes
):
    """Regression: an approved group could be rewritten on Min side (online, every theme, any
    name) and go live at once, and the notification sweep then told everyone in Norway."""
    group = published
    live_summary, live_name = group.summary, group.name
    if changes.get("themes") == "all":
        changes = {"themes": [theme.pk for theme in themes.values()]}
    client.force_login(people["facilitator"])
    response = client.post(edit(group), _published_edit_data(group, places, themes, **changes))
    assert response.status_code == 302
    group.refresh_from_db()
    # The published version stays as it was approved ...
    assert (group.summary, group.name, group.municipality_id, group.live) == (
        live_summary, live_name, places["levanger"].pk, True
    )
    assert list(group.themes.values_list("slug", flat=True)) == ["sorg"]
    # ... the change waits for the coordinator, who sees it in the approval task.
    assert WorkflowState.objects.for_instance(group).get().status == WorkflowState.STATUS_IN_PROGRESS
    assert group.has_unpublished_changes


def test_a_coordinator_publishes_their_own_change_to_what_a_group_is_at_once(client, people, published, places, themes):
    group = published
    client.force_login(people["coordinator"])
    response = client.post(edit(group), _published_edit_data(group, places, themes, summary="Rettet av Kari"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.summary == "Rettet av Kari"
    assert not WorkflowState.objects.for_instance(group).exists()


# Publish a new group -------------------------------------------------------------------------

def _submitted(group, people):
    group_submit(user=people["facilitator"] if group.name == "Fias gruppe" else people["administrator"], group=group)
    return WorkflowState.objects.for_instance(group).get(status=WorkflowState.STATUS_IN_PROGRESS)


@pytest.mark.parametrize(
    ("role", "group", "allowed"),
    [
        ("facilitator", "levanger", False),
        ("contact", "levanger", False),
        ("coordinator", "levanger", True),
        ("coordinator", "bodo", False),
        ("other_coordinator", "bodo", True),
        ("administrator", "bodo", True),
    ],
)
def test_publish_a_new_group_cell(people, startups, role, group, allowed):
    target = startups[group]
    state = _submitted(target, people)
    task = state.current_task_state.task.specific
    actions = {name for name, _label, _modal in task.get_actions(target, people[role])}
    assert ("approve" in actions) is allowed
    assert can_publish_group(people[role], target) is allowed
    moderated = task.get_task_states_user_can_moderate(people[role])
    assert moderated.filter(pk=state.current_task_state.pk).exists() is allowed


def test_facilitator_submits_rather_than_publishes(client, people, startups):
    group = startups["levanger"]
    client.force_login(people["facilitator"])
    client.post(reverse("facilitators:group_submit", kwargs={"pk": group.pk}))
    group.refresh_from_db()
    assert group.live is False
    assert WorkflowState.objects.for_instance(group).get().status == WorkflowState.STATUS_IN_PROGRESS


# See another facilitator's groups or start-ups ------------------------------------------------

def test_facilitator_home_lists_only_their_own_start_ups(client, people, startups):
    client.force_login(people["facilitator"])
    page = client.get(reverse("facilitators:home")).content.decode()
    assert "Fias gruppe" in page
    assert "Frodes gruppe" not in page and "Bodøgruppa" not in page


def test_group_contact_sees_only_their_group(client, people, startups):
    client.force_login(people["contact"])
    page = client.get(reverse("facilitators:home")).content.decode()
    assert "Gunns gruppe" in page and "Fias gruppe" not in page
    for name in ("levanger", "verdal", "bodo"):
        assert client.get(detail(startups[name])).status_code == 404


def test_a_coordinator_sees_start_ups_only_in_their_counties(people, startups):
    from facilitators.scope import group_edit_filter, scope_for

    visible = set(SelfHelpGroup.objects.filter(group_edit_filter(scope_for(people["coordinator"]))).values_list("name", flat=True))
    assert visible == {"Fias gruppe", "Frodes gruppe", "Gunns gruppe"}
    visible = set(SelfHelpGroup.objects.filter(group_edit_filter(scope_for(people["other_coordinator"]))).values_list("name", flat=True))
    assert visible == {"Bodøgruppa"}


def test_a_second_facilitator_from_another_municipality_can_save_the_group(client, people, startups, places, themes):
    group = startups["levanger"]
    group.startup.facilitators.add(people["other_facilitator"])  # Frode works in Verdal
    client.force_login(people["other_facilitator"])
    form = client.get(edit(group)).context["form"]
    assert set(form.fields["municipality"].queryset) == {places["verdal"], places["levanger"]}
    data = {
        "name": "Fias gruppe", "summary": "Skrevet av Frode", "description_text": "", "themes": [themes["sorg"].pk],
        "attendance": "in_person", "municipality": places["levanger"].pk, "place": "Biblioteket",
        "frequency": "weekly", "weekday": "1", "start_time": "18:00", "end_time": "19:30", "first_meeting": "",
        "audience": "everyone", "languages": "norsk", "wheelchair_accessible": "unknown", "min_age": "18",
        "max_members": "8", "open_places": "",
    }
    assert client.post(edit(group), data).status_code == 302
    group.refresh_from_db()
    assert group.summary == "Skrevet av Frode"
    # Moving the group to a municipality neither facilitator works in is refused.
    response = client.post(edit(group), {**data, "municipality": places["trondheim"].pk})
    assert response.status_code == 400
    group.refresh_from_db()
    assert group.municipality == places["levanger"]
