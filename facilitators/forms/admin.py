"""Forms for the coordinators' and administrators' screens in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from directory.models import County, Municipality
from samhold.forms import BoundedModelMultipleChoiceField, EmailAddressField

from ..selectors.admin import municipality_choices_for_admin


class MunicipalityChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_plain} ({obj.county.name_plain})"


class FacilitatorInviteForm(forms.Form):
    """A coordinator invites a facilitator; the municipalities offered are only those in the
    coordinator's counties (all, for an administrator)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = EmailAddressField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(
        label=_("Phone (optional)"), max_length=30, required=False,
        help_text=_("Only coordinators and administrators see it."),
    )
    municipalities = MunicipalityChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the facilitator may start groups."),
        error_messages={
            "invalid_choice": _("You can only choose municipalities in the counties you coordinate."),
            "required": _("Choose at least one municipality."),
        },
    )
    agreed = forms.BooleanField(
        label=_("The person knows about this invitation and has agreed to be a facilitator."),
        error_messages={"required": _("Invite only people who have agreed to it. Tick the box when they have.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipality_choices_for_admin(user=user)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"


# The user forms in Settings → Users: the areas people work in, and their phone number.

AREA_FIELDS = ["phone", "coordinator_counties", "facilitator_municipalities"]


def _area_widgets():
    return {
        "coordinator_counties": forms.CheckboxSelectMultiple,
        "facilitator_municipalities": forms.SelectMultiple(attrs={"size": 12}),
    }


class _AreaFieldsMixin:
    def _limit_area_choices(self):
        self.fields["coordinator_counties"].queryset = County.objects.active().order_by("name_plain")
        municipalities = self.fields["facilitator_municipalities"]
        municipalities.queryset = Municipality.objects.active().select_related("county").order_by("name_plain")
        municipalities.label_from_instance = lambda obj: f"{obj.name_plain} ({obj.county.name_plain})"
        municipalities.help_text = _(
            "Where this person may start groups. Only used for facilitators. "
            "Hold Ctrl (Cmd on a Mac) to choose more than one."
        )


class SamholdUserCreationForm(_AreaFieldsMixin, UserCreationForm):
    # Wagtail declares Django's EmailField; the project's checks that mail can be sent to it.
    email = EmailAddressField(required=True, label=_("E-mail address"))
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_area_choices()

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(AREA_FIELDS)
        widgets = {**UserCreationForm.Meta.widgets, **_area_widgets()}


class SamholdUserEditForm(_AreaFieldsMixin, UserEditForm):
    email = EmailAddressField(required=True, label=_("E-mail address"))
    reset_second_factor = forms.BooleanField(
        label=_("Remove two-factor login"),
        required=False,
        help_text=_(
            "Only when the person has lost both their phone and their recovery codes, and you have made sure it is "
            "really them. They set up a new authenticator app the next time they log in."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_area_choices()

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(AREA_FIELDS)
        widgets = {**UserEditForm.Meta.widgets, **_area_widgets()}
