"""The volunteer form on a study's page. It only validates; the view calls the service.

The study's screening questions become required radio choices, one field per question, built
from the live version; the version's number travels with the form, so the service can refuse
a sign-up if another version was approved while the person was reading."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from facilitators.forms.interest import RadioList
from groups.forms import HoneypotForm
from samhold.forms import ConsentField, EmailAddressField

from ..consent import VOLUNTEER_CONSENT_LABEL
from ..services.volunteers import screening_questions

PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
# Far beyond any real version number; keeps the database's integer limits out of reach.
MAX_VERSION = 1_000_000


def _plain(value: str) -> str:
    # No invisible formatting characters (e.g. right-to-left overrides) in what researchers read.
    return " ".join("".join(c for c in value if unicodedata.category(c) != "Cf").split())


class VolunteerForm(HoneypotForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("The researchers use it when they get in touch."),
    )
    email = EmailAddressField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link here that you must open to confirm. Only then do the researchers see you."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        help_text=_("Only if you would like the researchers to be able to call you."),
    )
    group_name = forms.CharField(
        label=_("The self-help group you are in (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only if you want the researchers to know. Nobody in the group is told."),
    )
    wants_findings = forms.BooleanField(
        label=_("Send me the summary of the findings when the study publishes it"),
        required=False,
    )
    consent = ConsentField(label=VOLUNTEER_CONSENT_LABEL)
    version = forms.IntegerField(
        label=_("Version of the text you agree to"),
        min_value=1,
        max_value=MAX_VERSION,
        widget=forms.HiddenInput,
        error_messages={"required": _("Open the study's page again and fill in the form there.")},
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = screening_questions(version)
        self.initial.setdefault("version", version.number)
        for index, (question, choices) in enumerate(self.questions):
            self.fields[f"screening_{index}"] = forms.ChoiceField(
                label=question,
                choices=[(choice, choice) for choice in choices],
                widget=RadioList,
                error_messages={
                    "required": _("Choose an answer."),
                    "invalid_choice": _("Choose one of the answers given."),
                },
            )
        self.order_fields(
            ["name", "email", "phone", *self.screening_field_names, "group_name", "wants_findings", "consent"]
        )

    @property
    def screening_field_names(self) -> list[str]:
        return [f"screening_{index}" for index in range(len(self.questions))]

    def screening_fields(self):
        return [self[name] for name in self.screening_field_names]

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write the phone number with digits only, for example 912 34 567."))
        return phone

    def clean_group_name(self):
        return _plain(self.cleaned_data["group_name"])

    def answers(self) -> dict:
        """{"question": "answer"} for every screening question, once the form is valid."""
        return {
            question: self.cleaned_data[f"screening_{index}"] for index, (question, _choices) in enumerate(self.questions)
        }
