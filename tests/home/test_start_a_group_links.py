""""Starte en gruppe" leads on: to "Meld interesse" and to the facilitator application, in both
languages, at the addresses those forms really have."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from home.services import site_pages_ensure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "url"), [("nb", "/starte-en-gruppe/"), ("en", "/en/starting-a-group/")])
def test_the_start_a_group_page_links_meld_interesse_and_the_facilitator_application(client, language, url):
    site_pages_ensure()
    html = client.get(url).content.decode()
    links = set(re.findall(r'href="([^"]+)"', html))
    with override(language):
        interest, application = reverse("facilitators:interest_register"), reverse("facilitators:application")
    assert interest in links and application in links
    for target in (interest, application):
        assert client.get(target).status_code == 200, target
