"""Forms for groups asked about a study: a group's answer, and the researcher's message to the
groups that said yes. They only validate; the views call research.services.groups."""

from django import forms
from django.utils.translation import gettext_lazy as _

from facilitators.forms.interest import RadioList

from ..models import GroupInvitation


class GroupAnswerForm(forms.Form):
    """A facilitator or contact person answers for the group."""

    answer = forms.ChoiceField(
        label=_("What does the group answer?"),
        choices=[
            (GroupInvitation.Answer.YES, _("Yes, the researcher is welcome to visit")),
            (GroupInvitation.Answer.NO, _("No")),
            (GroupInvitation.Answer.NOT_NOW, _("Not now")),
        ],
        widget=RadioList,
        error_messages={"required": _("Choose yes, no or not now.")},
    )
    note = forms.CharField(
        label=_("A note for the researcher (optional)"),
        required=False,
        max_length=GroupInvitation._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example what the group would like to know first. Do not write anything about a member. At most "
            "1000 characters."
        ),
    )
    suitable_times = forms.CharField(
        label=_("Times that would suit the group (for a yes)"),
        required=False,
        max_length=GroupInvitation._meta.get_field("suitable_times").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A few meetings the researcher could come to, for example \"Tuesday 14 October at 18.00\". Kept only "
            "with a yes. At most 1000 characters."
        ),
    )


class GroupMessageForm(forms.Form):
    """The researcher's message to the groups that said yes."""

    subject = forms.CharField(
        label=_("Heading"),
        max_length=120,
        help_text=_(
            "Shown at the top of the message; the e-mail's own subject is always the same neutral sentence. At "
            "most 120 characters."
        ),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "For example which of the group's suggested times you would like, and what the visit will be like. "
            "Replies go to the study's contact address. At most 3000 characters."
        ),
    )
