"""Every form field is drawn by one template (templates/forms/field.html, samhold.forms): on real
pages sent with mistakes, each field in error says so to a screen reader (aria-invalid), points
at its error text (aria-describedby), and every label belongs to a control on the page."""

import pytest
from bs4 import BeautifulSoup
from django.forms import BaseForm
from django.forms.forms import NON_FIELD_ERRORS
from django.urls import reverse

from tests.factories import SelfHelpGroupFactory, UserFactory

GROUP_URL = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"
CONTROLS = ("input", "select", "textarea")


def forms_in(response):
    """The bound forms the page was drawn from, with the errors they hold."""
    found = []
    for context in response.context:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, BaseForm) and value.is_bound and all(value is not f for f in found):
                    found.append(value)
    return found


def described_by(control):
    """The ids a control is described by: its own, or (for a list of boxes) its fieldset's."""
    owner = control if control.has_attr("aria-describedby") else control.find_parent("fieldset", attrs={
        "aria-describedby": True,
    })
    return owner["aria-describedby"].split() if owner else []


def assert_fields_tell_their_errors(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    forms = forms_in(response)
    assert forms, "the page was drawn from no bound form"

    invalid_names = set()
    for form in forms:
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            html_name = form.add_prefix(name)
            invalid_names.add(html_name)
            controls = page.find_all(CONTROLS, attrs={"name": html_name})
            assert controls, f"{html_name} has an error but no control on the page"
            for control in controls:
                assert control.get("aria-invalid") == "true", f"{html_name} is not marked aria-invalid"
                ids = described_by(control)
                assert ids, f"{html_name} is described by nothing"
                texts = []
                for element_id in ids:
                    element = page.find(id=element_id)
                    assert element is not None, f"{html_name} points at #{element_id}, which is not on the page"
                    texts.append(element.get_text(" ", strip=True))
                assert str(errors[0]) in texts, f"{html_name} does not point at its error {errors[0]!r}"

    # Nothing else claims to be in error: a wrong password is the form's error, not a field's.
    for control in page.find_all(attrs={"aria-invalid": "true"}):
        assert control.get("name") in invalid_names, f"{control.get('name')} is marked invalid without an error"

    # Every label belongs to a control, and every description on the page exists.
    labels = page.find_all("label")
    assert labels
    for label in labels:
        target = page.find(id=label.get("for"))
        assert target is not None and target.name in CONTROLS, f"label for={label.get('for')!r} has no control"
    for element in page.find_all(attrs={"aria-describedby": True}):
        for element_id in element["aria-describedby"].split():
            assert page.find(id=element_id) is not None, f"aria-describedby points at missing #{element_id}"
    return page


@pytest.mark.django_db
def test_login_with_a_wrong_password(client):
    user = UserFactory(email="ingrid@example.org")
    response = client.post(reverse("facilitators:login"), {"username": user.email, "password": "feil-passord-1234"})
    assert response.status_code == 200
    page = assert_fields_tell_their_errors(response)
    assert page.select_one(".error-summary")
    assert not page.find(attrs={"aria-invalid": "true"})  # it does not say which part was wrong
    assert "feil-passord-1234" not in response.content.decode()  # what was typed is not written back


@pytest.mark.django_db
def test_login_with_an_address_that_is_not_one(client):
    response = client.post(reverse("facilitators:login"), {"username": "ikke-en-adresse", "password": ""})
    page = assert_fields_tell_their_errors(response)
    assert page.find(id="id_username")["aria-describedby"] == "id_username_error"
    assert page.find(id="id_username")["autocomplete"] == "username"
    assert page.find(id="id_password")["autocomplete"] == "current-password"


@pytest.mark.django_db
def test_facilitator_application_sent_empty(client, places):
    response = client.post(reverse("facilitators:application"), {})
    page = assert_fields_tell_their_errors(response)
    # Help text and error both describe a field, in that order.
    assert page.find(id="id_email")["aria-describedby"] == "id_email_helptext id_email_error"
    assert page.find(id="id_municipality").name == "select"
    assert page.find(id="id_consent").find_next_sibling("label")["for"] == "id_consent"
    assert page.find(id="id_background")["rows"] == "6"
    assert page.find(id="id_background")["maxlength"] == "1000"
    assert page.find(id="id_organisation")["autocomplete"] == "organization"


@pytest.mark.django_db
def test_interest_registration_sent_empty(client, places, themes):
    response = client.post(reverse("facilitators:interest_register"), {})
    page = assert_fields_tell_their_errors(response)
    # The lists of boxes are fieldsets, described as a whole; each box still says it is in error.
    themes_set = page.find(id="id_themes_0").find_parent("fieldset")
    assert themes_set["aria-describedby"] == "id_themes_helptext id_themes_error"
    assert themes_set.legend
    assert page.select_one(".checkbox-list .checkbox #id_themes_0")
    assert page.find(id="id_radius_km_0").find_parent("fieldset")["aria-describedby"] == (
        "id_radius_km_helptext id_radius_km_error"
    )
    assert page.find(id="id_municipality")["autocomplete"] == "address-level2"


@pytest.mark.django_db
def test_group_contact_form_sent_empty(client, site, places, themes):
    SelfHelpGroupFactory(
        name="Sorggruppe i Levanger", slug="sorggruppe-levanger", municipality=places["levanger"],
        themes=[themes["sorg"]], contact=UserFactory(email="kontakt@example.org"),
    )
    response = client.post(GROUP_URL, {})
    assert response.status_code == 400
    page = assert_fields_tell_their_errors(response)
    assert page.find(id="id_name")["autocomplete"] == "given-name"
    assert page.find(id="id_message").name == "textarea"
