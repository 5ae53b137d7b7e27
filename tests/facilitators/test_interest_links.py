"""The directory's empty result and a planned group's page lead to the form, filled in."""

import pytest

from tests.factories import SelfHelpGroupFactory


@pytest.mark.django_db
def test_empty_search_result_offers_the_form_with_theme_and_municipality(client, site, places, themes):
    response = client.get("/finn-gruppe/?tema=depresjon&kommune=5037")
    assert response.status_code == 200
    assert 'href="/meld-interesse/?tema=depresjon&amp;kommune=5037"' in response.content.decode()
    form = client.get("/meld-interesse/?tema=depresjon&kommune=5037").context["form"]
    assert form.initial == {"radius_km": 0, "themes": [themes["depresjon"].pk], "municipality": places["levanger"].pk}


@pytest.mark.django_db
def test_a_planned_group_links_to_the_form_and_an_open_one_does_not(client, site, places, themes):
    planned = SelfHelpGroupFactory(
        municipality=places["levanger"], themes=[themes["sorg"]], status="planned", slug="ny-sorggruppe"
    )
    page = client.get("/finn-gruppe/trondelag/levanger/ny-sorggruppe/").content.decode()
    assert 'href="/meld-interesse/?tema=sorg&amp;kommune=5037"' in page
    planned.status = "open"
    planned.save()
    page = client.get("/finn-gruppe/trondelag/levanger/ny-sorggruppe/").content.decode()
    assert "/meld-interesse/" not in page
