"""Reference data in the admin: themes are edited as snippets, geography is read-mostly."""

import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, ThemeFactory, UserFactory


@pytest.fixture
def staff(db):
    user = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["wagtailsnippets_directory_theme:list", "county:index", "municipality:index"],
)
def test_reference_screens_render(client, staff, url_name):
    ThemeFactory(name="Sorg")
    MunicipalityFactory(name="Levanger")
    client.force_login(staff)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.django_db
def test_municipality_numbers_and_slugs_are_not_editable(client, staff):
    municipality = MunicipalityFactory(name="Levanger")
    client.force_login(staff)
    html = client.get(reverse("municipality:edit", args=[municipality.pk])).content.decode()
    assert 'name="latitude"' in html
    assert 'name="number"' not in html
    assert 'name="slug"' not in html


@pytest.mark.django_db
def test_an_editor_can_edit_themes(client):
    from django.contrib.auth.models import Group as Role

    editor = UserFactory(email="redaktor@example.org", is_staff=True)
    editor.groups.add(Role.objects.get(name="Editors"))
    theme = ThemeFactory(name="Sorg")
    client.force_login(editor)
    assert client.get(reverse("wagtailsnippets_directory_theme:edit", args=[theme.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["county", "municipality"])
def test_geography_has_no_copy_view(client, staff, prefix):
    municipality = MunicipalityFactory(name="Levanger")
    pk = municipality.pk if prefix == "municipality" else municipality.county_id
    client.force_login(staff)
    assert client.get(f"/admin/{prefix}/copy/{pk}/").status_code == 404
