"""Form fields every app may use, and the renderer every form is drawn with."""

import re
import unicodedata

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# The largest key a database row can have: a number beyond it is no row at all, and SQLite
# would fail on it with OverflowError instead of saying so.
MAX_KEY = 2**63 - 1


def _key_in_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) <= MAX_KEY
    except (TypeError, ValueError):
        return True  # not a number: the field's own validation says it is not a valid choice


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" to a number too large for any key."""

    def to_python(self, value):
        if value not in self.empty_values and not _key_in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several choices."""

    def _check_values(self, value):
        for item in value or []:
            if not _key_in_range(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


# What a consent box says when it was left empty: short, because the error summary and the
# field both show it, and repeating the whole consent text there helps no one.
CONSENT_REQUIRED = _("You must consent to send.")


class ConsentField(forms.BooleanField):
    """The box a person ticks to agree; its label is the consent text they saw."""

    default_error_messages = {"required": CONSENT_REQUIRED}


# Separators people write in phone numbers: spaces (also no-break), dots, dashes, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()\u00a0]")
# Landlines start with 2, 3, 5, 6 or 7, mobiles with 4 or 9. Numbers starting with 8 are
# free, shared-cost and premium-rate services (820 …): a contact person asked to call one back
# could be made to pay, so they are refused, as are other countries' numbers, whose price and
# kind we cannot tell. Someone without a Norwegian number gives an e-mail address.
_NORWEGIAN = re.compile(r"^(?:\+47|0047)?([2-79]\d{7})$")


def phone_normalise(value: str) -> str | None:
    """A phone number written the way people write it, tidied: a Norwegian landline or mobile
    number (eight digits, with or without +47 or 0047) as "+47 912 34 567". None for anything
    else, special-rate and foreign numbers included."""
    digits = _PHONE_SEPARATORS.sub("", value)
    norwegian = _NORWEGIAN.match(digits)
    if norwegian:
        number = norwegian.group(1)
        if number[0] in "49":  # mobile numbers are read 3-2-3, the rest in pairs
            return f"+47 {number[:3]} {number[3:5]} {number[5:]}"
        return f"+47 {number[:2]} {number[2:4]} {number[4:6]} {number[6:]}"
    return None


class PhoneField(forms.CharField):
    """A Norwegian landline or mobile number (see phone_normalise)."""

    default_error_messages = {
        "invalid": _(
            "Write a Norwegian phone number with eight digits, for example 912 34 567. Without a "
            "Norwegian number, give your e-mail address instead."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        phone = phone_normalise(value)
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone


# A domain as mail is sent to it: labels of letters, digits and hyphens, not starting or ending
# with a hyphen, at least two of them.
_ASCII_DOMAIN = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$", re.IGNORECASE)


def email_domain_sendable(address: str) -> bool:
    """Whether e-mail can be sent to the domain after the address's last @: written in any
    script, it must be valid IDNA, the form Django's mail turns it into when sending (Python's
    IDNA codec), and come out as a host name (no [IP address]); a label already in ASCII form
    (xn--…) must decode. Django's own check lets through a domain with U+FFFD (what an invalid
    byte becomes), a right-to-left mark or a broken xn-- label, which then failed only when the
    e-mail was sent."""
    domain = address.rpartition("@")[2]
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
        for label in ascii_domain.split("."):
            if label[:4].lower() == "xn--":
                label.encode("ascii").decode("idna")
    except UnicodeError:
        return False
    return bool(_ASCII_DOMAIN.match(ascii_domain))


def _has_invisible_or_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or (c.isspace() and c != " ") for c in text)


class EmailAddressField(forms.EmailField):
    """The e-mail address field of every form: Django's check, and then one that mail can really
    be sent to it (email_domain_sendable) and that it holds no control or invisible characters
    (a right-to-left override or a zero-width space would make it read as another address)."""

    default_error_messages = {
        "invalid": _("Write a whole e-mail address, for example navn@example.no."),
        "domain": _(
            "The part after @ is not a domain name we can send e-mail to. Check that the address is "
            "spelled right, for example navn@example.no."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        if _has_invisible_or_control(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not email_domain_sendable(value):
            raise forms.ValidationError(self.error_messages["domain"], code="domain")
        return value


class SamholdFormRenderer(TemplatesSetting):
    """Draws every field with one template, templates/forms/field.html, through
    BoundField.as_field_group(), so public pages and Min side look alike and tie help text and
    errors to their field the same way: the ids it gives (<auto_id>_helptext, <auto_id>_error)
    are the ones Django itself writes into each widget's aria-describedby.

    TemplatesSetting, because Django's default renderer looks only in Django's and the apps'
    template folders, never in the project's templates/. This one loads templates as pages do
    (settings.TEMPLATES), so it needs "django.forms" in INSTALLED_APPS for Django's widgets.
    Wagtail's admin draws its fields with template tags of its own and is not affected."""

    field_template_name = "forms/field.html"
