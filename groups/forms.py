import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A public form with a field hidden from people and filled in by robots."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ContactForm(HoneypotForm):
    """A message to a group's contact person. It validates input only; the view calls the service."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        help_text=_("A first name is enough."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=200,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The contact person replies to this address."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say a little about why you are getting in touch. You do not need to share more than you want."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Samhold sends my name, e-mail address and message to the group's contact person. "
            "Samhold deletes them as soon as the message is delivered."
        ),
        error_messages={"required": _("We can only send the message if you agree to this.")},
    )
    def clean_name(self):
        # No invisible formatting characters (e.g. right-to-left overrides) in what the
        # contact person reads as the sender's name.
        name = "".join(c for c in self.cleaned_data["name"] if unicodedata.category(c) != "Cf")
        name = " ".join(name.split())
        if not name:
            raise forms.ValidationError(_("Write a name, a first name is enough."))
        return name
