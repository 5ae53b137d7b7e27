"""Staff edit groups in the Wagtail admin: drafts, validation in plain words, preview, approval."""

import re

import pytest
from django.contrib.auth.models import Group as Role
from django.urls import reverse

from groups.models import SelfHelpGroup
from tests.factories import SelfHelpGroupFactory, UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaktor@example.org", is_staff=True)
    user.groups.add(Role.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(email="koordinator@example.org", is_staff=True)
    user.groups.add(Role.objects.get(name="Moderators"))
    return user


def form_data(places, themes, **overrides):
    data = {
        "name": "Ny sorggruppe",
        "slug": "",
        "summary": "For deg som har mistet noen.",
        "description": '{"blocks":[],"entityMap":{}}',
        "themes": [themes["sorg"].pk],
        "status": "planned",
        "attendance": "in_person",
        "municipality": places["levanger"].pk,
        "place": "Biblioteket",
        "address": "",
        "frequency": "weekly",
        "weekday": "1",
        "week_of_month": "",
        "start_time": "18:00",
        "end_time": "19:30",
        "first_meeting": "",
        "frequency_note": "",
        "audience": "everyone",
        "languages": "norsk",
        "wheelchair_accessible": "unknown",
        "min_age": "18",
        "max_members": "8",
        "open_places": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_editor_creates_a_draft_that_is_not_public(client, editor, places, themes, site):
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_groups_selfhelpgroup:add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, form_data(places, themes))
    assert response.status_code == 302, response.content.decode()[:3000]
    group = SelfHelpGroup.objects.get(name="Ny sorggruppe")
    assert group.live is False
    assert group.slug == "ny-sorggruppe"
    assert client.get(f"/finn-gruppe/trondelag/levanger/{group.slug}/").status_code == 404


@pytest.mark.django_db
def test_in_person_group_without_municipality_is_refused_in_plain_words(client, moderator, places, themes):
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:add"),
        form_data(places, themes, municipality="", end_time="17:00"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "trenger en kommune" in html or "needs a municipality" in html
    assert "slutte etter" in html or "end after it starts" in html
    assert not SelfHelpGroup.objects.exists()


@pytest.mark.django_db
def test_moderator_publishes_and_the_group_is_found(client, moderator, places, themes, site):
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:add"),
        {**form_data(places, themes, status="open"), "action-publish": "publish"},
    )
    assert response.status_code == 302
    group = SelfHelpGroup.objects.get()
    assert group.live
    client.logout()
    assert "Ny sorggruppe" in client.get("/finn-gruppe/", {"q": "sorg"}).content.decode()


@pytest.mark.django_db
def test_preview_renders_the_public_page(client, moderator, places, themes, site):
    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    client.force_login(moderator)
    preview_url = reverse("wagtailsnippets_groups_selfhelpgroup:preview_on_edit", args=[group.pk])
    data = form_data(places, themes, name="Forhåndsvist gruppe")
    response = client.post(preview_url, data)
    assert response.json()["is_valid"] is True
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Forhåndsvist gruppe" in response.content.decode()


@pytest.mark.django_db
def test_admin_is_in_norwegian(client, moderator):
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="nb"' in html


@pytest.mark.django_db
def test_editor_submits_for_approval_and_the_county_coordinator_approves(client, editor, people, places, themes, site):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_groups_selfhelpgroup:add"),
        {**form_data(places, themes, status="recruiting"), "action-submit": "submit"},
    )
    assert response.status_code == 302
    group = SelfHelpGroup.objects.get()
    assert not group.live
    state = group.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task_state = state.current_task_state
    assert group.startup.stage == "planning"  # every new group has a start-up
    url = reverse(
        "wagtailsnippets_groups_selfhelpgroup:workflow_action",
        args=[group.pk, "approve", task_state.pk],
    )

    # Only the coordinator for the group's county (or an administrator) decides.
    client.force_login(people["other_coordinator"])
    assert client.post(url, {"comment": "Ser bra ut"}).status_code == 302
    group.refresh_from_db()
    assert not group.live

    client.force_login(people["coordinator"])
    response = client.post(url, {"comment": "Ser bra ut"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.live


@pytest.mark.django_db
def test_group_list_shows_published_as_a_yes_or_no(client, moderator, places, themes):
    SelfHelpGroupFactory(name="Synlig gruppe", municipality=places["levanger"])
    client.force_login(moderator)
    html = client.get(reverse("wagtailsnippets_groups_selfhelpgroup:list")).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Synlig gruppe.*?</tr>", html, re.S).group(0)
    published = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]
    # The tick is named in words a person (and a screen reader) understands.
    assert re.sub(r"<[^>]+>|\s+", "", published) == "Ja"
    assert "True" not in row
