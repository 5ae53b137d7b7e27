import pytest

from tests.factories import MunicipalityFactory, SelfHelpGroupFactory, ThemeFactory


@pytest.mark.django_db
def test_group_page_renders(client, site):
    theme = ThemeFactory(name="Sorg")
    levanger = MunicipalityFactory(name="Levanger", name_plain="Levanger", slug="levanger")
    group = SelfHelpGroupFactory(name="Sorggruppe Levanger", slug="sorggruppe-levanger", municipality=levanger, themes=[theme])
    response = client.get(f"/finn-gruppe/{levanger.county.slug}/levanger/sorggruppe-levanger/")
    assert response.status_code == 200, response.content[:2000]
    assert "Sorggruppe Levanger" in response.content.decode()
    response = client.get("/finn-gruppe/?q=sorgen")
    assert response.status_code == 200
    assert "Sorggruppe Levanger" in response.content.decode()
