"""Min side requires login and shows only the person's own groups."""

import pytest
from django.urls import reverse

from tests.factories import SelfHelpGroupFactory, UserFactory

HOME = reverse("facilitators:home")


@pytest.mark.django_db
def test_min_side_sends_a_visitor_to_the_login_page(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('facilitators:login')}?next={HOME}"


@pytest.mark.django_db
def test_min_side_shows_the_persons_name(client, person):
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Ingrid Berg" in response.content.decode()


@pytest.mark.django_db
def test_min_side_lists_only_the_published_groups_the_person_is_contact_for(client, person):
    mine = SelfHelpGroupFactory(name="Min sorggruppe", contact=person)
    SelfHelpGroupFactory(name="Mitt utkast", contact=person, live=False)
    SelfHelpGroupFactory(name="Naboens angstgruppe", contact=UserFactory())
    SelfHelpGroupFactory(name="Gruppe uten kontakt", contact=None)
    client.force_login(person)
    response = client.get(HOME)
    assert list(response.context["contact_groups"]) == [mine]
    html = response.content.decode()
    assert "Min sorggruppe" in html
    assert "Naboens angstgruppe" not in html
    assert "Mitt utkast" not in html


@pytest.mark.django_db
def test_min_side_without_groups_says_what_to_do(client, person):
    client.force_login(person)
    assert "Du er ikke kontaktperson for noen publisert gruppe." in client.get(HOME).content.decode()
