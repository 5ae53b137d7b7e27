"""Forms for interest registrations ("Meld interesse"). They only validate; views call services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Municipality, Theme
from groups.forms import HoneypotForm
from samhold.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, ConsentField, EmailAddressField

from ..consent import INTEREST_CONSENT_LABEL
from ..selectors.accounts import municipality_choices

# How far a person will travel to a group, in km; 0 means only in their own municipality.
RADIUS_CHOICES = [
    (0, _("Only in my municipality")),
    (20, _("Within about 20 km")),
    (50, _("Within about 50 km")),
    (100, _("Within about 100 km")),
]


class _ChoiceList:
    """Each box before its label in a div.checkbox or div.radio, the list in a div of
    `list_class`; the field links (from the error summary) to the first box."""

    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_option.html"
    list_class = ""

    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["list_class"] = self.list_class
        return context


class CheckboxList(_ChoiceList, forms.CheckboxSelectMultiple):
    list_class = "checkbox-list interest-themes"


class RadioList(_ChoiceList, forms.RadioSelect):
    pass


class ThemeChoiceField(BoundedModelMultipleChoiceField):
    default_error_messages = {
        "required": _("Choose at least one theme."),
        "invalid_choice": _("One of the themes you chose is no longer in the list. Choose among the themes shown."),
        "invalid_pk_value": _("One of the themes you chose is no longer in the list. Choose among the themes shown."),
    }

    def label_from_instance(self, obj):
        return obj.display_name


class MunicipalityChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.county})"


class InterestFieldsMixin(forms.Form):
    """What a person can change later on their own page (everything but the address and consent)."""

    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        widget=CheckboxList,
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one theme.")},
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
        help_text=_("Where you live, or where you would like the group to meet."),
        error_messages={"required": _("Choose a municipality.")},
    )
    radius_km = forms.TypedChoiceField(
        label=_("How far would you travel?"),
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=0,
        widget=RadioList,
        help_text=_("We also tell you about groups on your themes that meet online."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        help_text=_("Only if you would like a facilitator to be able to call you."),
    )
    message = forms.CharField(
        label=_("A few words (optional)"),
        max_length=500,
        required=False,
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters; the text is %(show_value)d now. Shorten it a little."),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example what kind of group you would like, or when you can meet. You do not need to say more "
            "than you want. At most 500 characters."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["municipality"].queryset = municipality_choices()

    def clean_phone(self):
        return " ".join(self.cleaned_data["phone"].split())


class InterestRegisterForm(InterestFieldsMixin, HoneypotForm):
    """The public form."""

    email = EmailAddressField(
        label=_("Your e-mail address"),
        max_length=200,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link here that you must click before your registration counts."),
    )
    consent = ConsentField(label=INTEREST_CONSENT_LABEL)

    field_order = ["themes", "municipality", "radius_km", "email", "phone", "message", "consent"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class InterestChangeForm(InterestFieldsMixin):
    """Changing a registration from the link in the e-mail. A municipality that has since
    merged away stays a choice for the person already registered in it."""

    def __init__(self, *args, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        if registration is not None and registration.municipality.ended_on is not None:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk=registration.municipality_id
            ) | self.fields["municipality"].queryset


class InterestMessageForm(forms.Form):
    """A facilitator writes to the people interested in a group."""

    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example when and where the information meeting is, or how to get in touch. Replies go to your "
            "e-mail address. At most 2000 characters."
        ),
    )
