"""Applying for a researcher account: the form, and the privacy text the applicant agrees to.

The version is stored with each application (ResearcherApplication.consent_text_version), so we
can always show what that person saw. Change it whenever the text changes in substance."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groups.forms import HoneypotForm
from samhold.forms import ConsentField, EmailAddressField

RESEARCHER_APPLICATION_CONSENT_VERSION = "2026-12-researcher"

RESEARCHER_APPLICATION_PURPOSE = _(
    "We ask for this so that Samhold's national administrators can check that you do research at the "
    "institution you name, decide whether you may recruit volunteers for approved studies through Samhold, "
    "and answer you by e-mail."
)
RESEARCHER_APPLICATION_WHO_SEES = _(
    "Only Samhold's national administrators see your application. Regional coordinators, facilitators and the "
    "public do not."
)
# The figures come from SAMHOLD_RETENTION (researcher_application_retention() fills them in).
RESEARCHER_APPLICATION_RETENTION = _(
    "We keep the application until it has been decided, and then for %(decided_days)s days. If no decision has "
    "been made within %(pending_days)s days of sending it, we delete it. If it is approved, your name and work "
    "e-mail address are kept in your researcher account until you delete the account."
)
RESEARCHER_APPLICATION_CONSENT_LABEL = _(
    "I agree that Samhold keeps and uses what I write here to handle my application, as described above."
)


def researcher_application_retention() -> str:
    """RESEARCHER_APPLICATION_RETENTION in the active language, with the periods in SAMHOLD_RETENTION."""
    return RESEARCHER_APPLICATION_RETENTION % {
        "decided_days": settings.SAMHOLD_RETENTION["researcher_application_decided"],
        "pending_days": settings.SAMHOLD_RETENTION["researcher_application_pending"],
    }


class ResearcherApplicationForm(HoneypotForm):
    """It validates input only; the view calls research.services.accounts.researcher_apply."""

    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("The university, university college, hospital or institute you do research at."),
    )
    email = EmailAddressField(
        label=_("Your work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Your address at the institution, so the administrators can see where you work. We send the answer "
            "here, and if you are approved you log in with it."
        ),
    )
    position = forms.CharField(
        label=_("Your role"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        help_text=_("For example PhD candidate, researcher or professor."),
    )
    consent = ConsentField(label=RESEARCHER_APPLICATION_CONSENT_LABEL)

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
