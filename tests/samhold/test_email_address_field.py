"""One e-mail address check for every form (samhold.forms.EmailAddressField): Django's own, and
then that mail can really be sent to the domain (valid IDNA, a host name) and that the address
holds no control or invisible characters. Django's check alone took a domain with U+FFFD (an
invalid byte in the form), a right-to-left mark or a broken xn-- label; the e-mail then failed
only when it was sent."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.mail.message import sanitize_address
from django.utils.translation import override

from samhold.forms import EmailAddressField, email_domain_sendable

ACCEPTED = [
    "kari@example.no",
    "Kari.Nordmann+samhold@example.no",
    "kari@bücher.de",  # an international domain, sent as xn--bcher-kva.de
    "kari@xn--bcher-kva.de",
    "kari@øl.no",
    "kari@مثال.example",
]
REFUSED_DOMAIN = [
    "kari@ex\ufffdample.org",  # an invalid byte, decoded as U+FFFD
    "kari@xn--zz.no",  # not punycode
    "kari@xn--a.no",
    "kari@[127.0.0.1]",
    "kari@" + "a" * 64 + ".no",  # a label longer than 63
]
REFUSED_INVISIBLE = [
    "kari@ex\u202eample.org",  # right-to-left override
    "kari@ex\u200bample.org",  # zero-width space: IDNA would quietly drop it
    "kari@example.org\u200e",
    "kari\u2028@example.org",
]


@pytest.mark.parametrize("address", ACCEPTED)
def test_addresses_mail_can_be_sent_to_are_accepted(address):
    assert EmailAddressField().clean(address) == address
    sanitize_address(address, "utf-8")  # and Django's mail can address them


@pytest.mark.parametrize("address", REFUSED_DOMAIN)
def test_a_domain_mail_cannot_be_sent_to_is_refused_in_norwegian(address):
    assert not email_domain_sendable(address)
    with override("nb"), pytest.raises(forms.ValidationError) as refused:
        EmailAddressField().clean(address)
    message = refused.value.messages[0]
    assert refused.value.error_list[0].code in ("domain", "invalid")
    assert "navn@example.no" in message and ("domenenavn" in message or "e-postadresse" in message), message


@pytest.mark.parametrize("address", REFUSED_INVISIBLE)
def test_control_and_invisible_characters_are_refused(address):
    with pytest.raises(forms.ValidationError):
        EmailAddressField().clean(address)


def test_the_domain_message():
    with override("nb"), pytest.raises(forms.ValidationError) as refused:
        EmailAddressField().clean("kari@ex\ufffdample.org")
    assert refused.value.messages == [
        "Delen etter @ er ikke et domenenavn vi kan sende e-post til. Sjekk at adressen er skrevet riktig, "
        "for eksempel navn@example.no."
    ]


def test_empty_is_left_to_required():
    assert EmailAddressField(required=False).clean("") == ""
    with pytest.raises(forms.ValidationError):
        EmailAddressField().clean("")


def _form_classes():
    for package in ("groups", "facilitators", "research", "home"):
        for module_info in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
            if ".forms" not in module_info.name and not module_info.name.endswith("forms"):
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_form_of_the_project_takes_addresses_through_the_shared_field():
    checked = 0
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.EmailField):
                assert isinstance(field, EmailAddressField), f"{cls.__module__}.{cls.__name__}.{name}"
                checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_the_contact_form_refuses_an_address_with_an_invalid_byte(client, site, places, themes):
    from tests.factories import SelfHelpGroupFactory, UserFactory

    SelfHelpGroupFactory(name="Sorggruppe", slug="sorggruppe", municipality=places["levanger"],
                         themes=[themes["sorg"]], contact=UserFactory(email="kontakt@example.org"))
    response = client.post(
        "/finn-gruppe/trondelag/levanger/sorggruppe/",
        b"name=Ola&email=ola%40ex%FFample.org&message=Hei+hei+hei+hei+hei&consent=on",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "domenenavn" in response.content.decode()
