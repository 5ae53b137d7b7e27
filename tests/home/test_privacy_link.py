"""The privacy statement is one click away: in the footer of every page and at the contact form."""

import pytest

from home.services import site_pages_ensure
from tests.factories import SelfHelpGroupFactory


@pytest.mark.django_db
def test_privacy_statement_is_linked_from_the_footer_and_the_contact_form(client, places, themes):
    site_pages_ensure()
    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    html = client.get(f"/finn-gruppe/trondelag/levanger/{group.slug}/").content.decode()
    assert html.count('href="/personvern/"') == 2
    english = client.get("/en/").content.decode()
    assert 'href="/en/privacy/"' in english
