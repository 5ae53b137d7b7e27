"""The Min side group form looks like the public forms: the project's field template, no
browser-default fieldsets around sections, and every empty choice says what it means."""

import pytest
from django.urls import reverse

from groups.models import SelfHelpGroup
from tests.facilitators.test_startup_flow import group_data

pytestmark = pytest.mark.django_db


def test_the_new_group_form_has_no_dashes_and_no_section_fieldsets(client, people, site):
    client.force_login(people["facilitator"])
    page = client.get(reverse("facilitators:group_create")).content.decode()
    assert "---------" not in page
    assert 'class="form-section"' in page and "<fieldset class=\"form-section\"" not in page
    assert '<option value="" selected>Ikke kjent</option>' in page  # wheelchair access
    assert ">Ingen fast ukedag</option>" in page
    assert ">Ingen andre igangsetter</option>" in page
    assert 'class="field' in page  # drawn with templates/forms/field.html


def test_not_known_is_stored_as_empty_and_shown_again(client, people, places, themes, site):
    client.force_login(people["facilitator"])
    client.post(reverse("facilitators:group_create"), group_data(places["levanger"], themes, wheelchair_accessible=""))
    group = SelfHelpGroup.objects.get()
    assert group.wheelchair_accessible is None
    client.post(
        reverse("facilitators:group_edit", kwargs={"pk": group.pk}),
        group_data(places["levanger"], themes, wheelchair_accessible="true"),
    )
    group.refresh_from_db()
    assert group.wheelchair_accessible is True
    page = client.get(reverse("facilitators:group_edit", kwargs={"pk": group.pk})).content.decode()
    assert '<option value="true" selected>Ja</option>' in page
    assert "---------" not in page
