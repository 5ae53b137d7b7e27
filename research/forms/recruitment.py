"""Forms for a researcher's work with a study's volunteers. They only validate; the views call
research.services.recruitment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Study
from ..selectors.recruitment import WORK_STATUSES


class VolunteerStatusForm(forms.Form):
    """Where the researcher is with one volunteer."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status.value, status.label) for status in WORK_STATUSES],
        error_messages={"invalid_choice": _("Choose new, contacted, included or excluded.")},
    )


class VolunteerMessageForm(forms.Form):
    """A message to every included volunteer of the study."""

    subject = forms.CharField(
        label=_("Heading"),
        max_length=120,
        help_text=_(
            "Shown at the top of the message. The e-mail's own subject is always \"A message about a study you "
            "volunteered for\", so nothing about the study shows on a locked phone. At most 120 characters."
        ),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "For example when and where an interview is, or what happens next. Replies go to the study's contact "
            "address. At most 3000 characters."
        ),
    )


class FindingsForm(forms.Form):
    """The plain-language summary of what the study found."""

    findings = forms.CharField(
        label=_("What the study found, in plain words"),
        min_length=100,
        max_length=Study._meta.get_field("findings").max_length,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Written for the people who took part and for anyone reading the study's page: what you asked, what "
            "you found and what it may mean. No one who took part may be recognisable. At most 5000 characters."
        ),
    )
