"""Min side forms for a group and its start-up. They validate input; the views call services."""

from django import forms
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from groups.models import SelfHelpGroup, Status
from samhold.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, EmailAddressField

from ..models import Stage
from ..selectors.startups import co_facilitator_choices, municipality_choices_for_groups, theme_choices
from ..services.startups import CONTACT_FIELDS

SCHEDULE_FIELDS = [
    "frequency", "weekday", "week_of_month", "start_time", "end_time", "first_meeting", "frequency_note",
]
# A facilitator chooses the status of a published group; a new one is always "planned".
PUBLISHED_STATUSES = [Status.PLANNED, Status.RECRUITING, Status.OPEN, Status.CLOSED, Status.PAUSED, Status.ENDED]


def _text_to_html(text: str) -> str:
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in paragraphs)


def _html_to_text(html: str) -> str:
    return strip_tags(html.replace("</p>", "\n\n")).strip()


class NotKnownSelect(forms.NullBooleanSelect):
    """Yes, no, or "not known" in words, as the empty choice (Django's says "Unknown" and sends
    "unknown"); the form field stores None for it."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]

    def format_value(self, value):
        # A list, as Select's own: "" would be found inside the string "true".
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")]


# What an empty choice means, in words, instead of Django's "---------".
EMPTY_CHOICES = {
    "weekday": _("No fixed weekday"),
    "week_of_month": _("Not monthly"),
}


class _GroupFormBase(forms.ModelForm):
    class Meta:
        model = SelfHelpGroup
        fields = []
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "first_meeting": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wheelchair_accessible": NotKnownSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in EMPTY_CHOICES.items():
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", label), *[choice for choice in field.choices if choice[0] != ""]]
        if "wheelchair_accessible" in self.fields:
            self.fields["wheelchair_accessible"].help_text = _("Choose \"Not known\" if you are not sure.")
        if "open_places" in self.fields:
            self.fields["open_places"].help_text = _("Leave the field empty if you would rather not say.")


class GroupForm(_GroupFormBase):
    """Everything a facilitator writes about a group."""

    description_text = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the group is about and how you meet. An empty line starts a new paragraph."),
    )
    co_facilitator = BoundedModelChoiceField(
        label=_("Second facilitator (optional)"),
        queryset=None,
        required=False,
        help_text=_("Another facilitator who starts the group with you. They see and can change it."),
    )

    class Meta(_GroupFormBase.Meta):
        fields = [
            "name", "summary", "themes", "attendance", "municipality", "place", "address", "show_address",
            *SCHEDULE_FIELDS, "audience", "languages", "wheelchair_accessible", "min_age", "max_members",
            "open_places", "status",
        ]
        widgets = {**_GroupFormBase.Meta.widgets, "themes": forms.CheckboxSelectMultiple}
        field_classes = {"municipality": BoundedModelChoiceField, "themes": BoundedModelMultipleChoiceField}

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Where this person may place a group; a group being changed may also stay where it is
        # (a second facilitator may work in another municipality).
        self.fields["municipality"].queryset = municipality_choices_for_groups(
            user=user, keep=None if creating else self.instance.municipality_id
        )
        self.fields["municipality"].empty_label = _("No municipality (online group)")
        self.fields["themes"].queryset = theme_choices()
        self.fields["name"].help_text = _("A short, plain name, e.g. 'Sorggruppe i Levanger'.")
        if creating:
            self.fields["co_facilitator"].queryset = co_facilitator_choices(user=user)
            self.fields["co_facilitator"].empty_label = _("No second facilitator")
            del self.fields["status"]
        else:
            del self.fields["co_facilitator"]
            if not self.instance.live:
                del self.fields["status"]  # a new group is "planned" until it is approved
            self.fields["description_text"].initial = _html_to_text(self.instance.description or "")

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("description_text") or ""
        stored = self.instance.description or ""
        # The form shows the description as plain text. Text sent back as it was shown keeps the
        # stored HTML (an editor's bold, the line breaks between paragraphs): otherwise a change
        # of status alone would rewrite the description and send the group back for approval.
        if _text_to_html(text) != _text_to_html(_html_to_text(stored)):
            self.instance.description = _text_to_html(text)
        return cleaned


class ContactGroupForm(_GroupFormBase):
    """What a group contact may change: the schedule, status and open places."""

    class Meta(_GroupFormBase.Meta):
        fields = CONTACT_FIELDS


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the timeline: what happened. Do not write anything about the members' health."),
    )
    stopped_reason = forms.CharField(
        label=_("Why it stopped (only when stopping)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    keep_status = forms.BooleanField(
        label=_("Keep the group's public status (only when recruiting)"),
        required=False,
        help_text=_(
            "When the start-up begins recruiting, the group's page says \"Looking for members\". Tick this to keep "
            "the status it has, and write why in the note."
        ),
    )
    contact_name = forms.CharField(label=_("The group contact's name"), required=False, max_length=150)
    contact_email = EmailAddressField(label=_("The group contact's e-mail address"), required=False, max_length=254)
    contact_agreed = forms.BooleanField(
        label=_(
            "The member has agreed to be the group's contact person: to receive enquiries from people who want "
            "to join, by e-mail through Samhold."
        ),
        required=False,
    )

    def __init__(self, *args, needs_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_contact = needs_contact

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage == Stage.STOPPED and not (cleaned.get("stopped_reason") or "").strip():
            self.add_error("stopped_reason", _("Write why the start-up stopped."))
        if stage == Stage.RECRUITING and cleaned.get("keep_status") and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Write in the note why the group keeps its public status."))
        if stage == Stage.SELF_RUNNING and self.needs_contact:
            if not (cleaned.get("contact_name") or "").strip() and "contact_name" not in self.errors:
                self.add_error("contact_name", _("Write the name of the member who becomes the group contact."))
            if not cleaned.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Write the group contact's e-mail address."))
            if not cleaned.get("contact_agreed"):
                self.add_error("contact_agreed", _("Ask the member first, and tick this when they have agreed."))
        return cleaned


class ContactInviteForm(forms.Form):
    name = forms.CharField(label=_("The member's name"), max_length=150)
    email = EmailAddressField(label=_("The member's e-mail address"), max_length=254)
    agreed = forms.BooleanField(
        label=_(
            "The member has agreed to be the group's contact person: to receive enquiries from people who want "
            "to join, by e-mail through Samhold."
        ),
        error_messages={"required": _("Ask the member first, and tick this when they have agreed.")},
    )


class FollowUpForm(forms.Form):
    answer = forms.CharField(
        label=_("How is the group doing?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How many come, whether the group runs well on its own, and whether it needs anything. "
                    "Do not write anything about the members' health."),
    )
