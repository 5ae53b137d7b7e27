"""The contact person list in the admin's group form offers only people who belong with this
group: its facilitators and its current contact (the member invited to take over). A group
contact is a member of a self-help group, so the list of all accounts would itself tell who
belongs to one. A new group offers only the person creating it."""

import pytest
from django.urls import reverse

from groups.models import SelfHelpGroup
from tests.factories import SelfHelpGroupFactory, StartUpFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_groups_selfhelpgroup:add"
EDIT = "wagtailsnippets_groups_selfhelpgroup:edit"
LIST = "wagtailsnippets_groups_selfhelpgroup:list"


def form_data(group_name, places, themes, **overrides):
    data = {
        "name": group_name, "slug": "", "summary": "For deg som har mistet noen.",
        "description": '{"blocks":[],"entityMap":{}}', "themes": [themes["sorg"].pk], "status": "planned",
        "contact": "", "attendance": "in_person", "municipality": places["levanger"].pk, "place": "Biblioteket",
        "address": "", "frequency": "weekly", "weekday": "1", "week_of_month": "", "start_time": "18:00",
        "end_time": "19:30", "first_meeting": "", "frequency_note": "", "audience": "everyone",
        "languages": "norsk", "wheelchair_accessible": "unknown", "min_age": "18", "max_members": "8",
        "open_places": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def stranger(db):
    """Someone with an account who has nothing to do with the group: a member of another group."""
    return UserFactory(email="ukjent.medlem@example.org", first_name="Ukjent", last_name="Medlemsen")


@pytest.fixture
def group(people, places, themes):
    """Fia's and Frode's group in Levanger, whose contact is Gunn, a member."""
    startup = StartUpFactory(
        group__municipality=places["levanger"], group__name="Fias gruppe",
        facilitators=[people["facilitator"], people["other_facilitator"]],
    )
    group = startup.group
    group.contact = people["contact"]
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    return group


def _contact_choices(response):
    return set(response.context["form"].fields["contact"].queryset)


def test_contact_list_holds_the_groups_facilitators_and_current_contact_only(client, people, group, stranger):
    client.force_login(people["coordinator"])
    response = client.get(reverse(EDIT, args=[group.pk]))
    assert response.status_code == 200
    assert _contact_choices(response) == {people["facilitator"], people["other_facilitator"], people["contact"]}
    assert "Medlemsen" not in response.text
    assert "ukjent.medlem@example.org" not in response.text
    assert "Ada" not in response.text  # the administrator, who is not the group's


def test_posting_someone_else_as_contact_fails_with_a_clear_error_and_saves_nothing(
    client, people, group, places, themes, stranger
):
    revisions = group.revisions.count()
    client.force_login(people["coordinator"])
    response = client.post(
        reverse(EDIT, args=[group.pk]), form_data("Fias gruppe", places, themes, contact=stranger.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["contact"]
    assert errors == ["Velg en av igangsetterne for gruppa eller den som er kontaktperson nå."]
    assert group.revisions.count() == revisions
    group.refresh_from_db()
    assert group.contact_id == people["contact"].pk
    assert group.get_latest_revision_as_object().contact_id == people["contact"].pk


def test_coordinator_makes_a_facilitator_the_contact(client, people, group, places, themes):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse(EDIT, args=[group.pk]),
        form_data("Fias gruppe", places, themes, contact=people["other_facilitator"].pk),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.get_latest_revision_as_object().contact_id == people["other_facilitator"].pk


def test_a_new_group_offers_only_the_person_creating_it(client, people, stranger):
    client.force_login(people["coordinator"])
    response = client.get(reverse(ADD))
    assert _contact_choices(response) == {people["coordinator"]}
    assert response.context["form"].fields["contact"].empty_label is not None
    assert "Medlemsen" not in response.text and "Gunn" not in response.text


def test_a_new_group_with_someone_else_as_contact_is_refused(client, people, places, themes, stranger):
    client.force_login(people["coordinator"])
    response = client.post(reverse(ADD), form_data("Ny gruppe", places, themes, contact=people["contact"].pk))
    assert response.status_code == 200
    assert response.context["form"].errors["contact"] == [
        "Velg deg selv eller ingen: kontaktpersonen for en ny gruppe er den som oppretter den."
    ]
    assert not SelfHelpGroup.objects.filter(name="Ny gruppe").exists()


def test_a_new_group_takes_its_creator_or_nobody_as_contact(client, people, places, themes):
    client.force_login(people["coordinator"])
    client.post(reverse(ADD), form_data("Kari sin gruppe", places, themes, contact=people["coordinator"].pk))
    client.post(reverse(ADD), form_data("Gruppe uten kontakt", places, themes))
    assert SelfHelpGroup.objects.get(name="Kari sin gruppe").contact == people["coordinator"]
    assert SelfHelpGroup.objects.get(name="Gruppe uten kontakt").contact is None


def test_group_listing_and_its_filters_name_no_accounts(client, people, group, places, stranger):
    SelfHelpGroupFactory(municipality=places["verdal"], name="Verdalsgruppa", contact=stranger)
    client.force_login(people["coordinator"])
    response = client.get(reverse(LIST))
    assert "Verdalsgruppa" in response.text and "Fias gruppe" in response.text
    assert set(response.context["filters"].filters) <= {"status", "attendance", "live", "locale"}
    for params in ({}, {"status": "planned"}, {"live": "true"}):
        for url in (reverse(LIST), reverse("wagtailsnippets_groups_selfhelpgroup:list_results")):
            response = client.get(url, params)
            assert response.status_code == 200
            assert "Medlemsen" not in response.text
            assert "Gunn" not in response.text
