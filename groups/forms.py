import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from samhold.forms import ConsentField, EmailAddressField, PhoneField


class HoneypotForm(forms.Form):
    """A public form with a field hidden from people and filled in by robots."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ContactForm(HoneypotForm):
    """A message to a group's contact person. It validates input only; the view calls the service.

    The person gives an e-mail address, a phone number, or both: not everyone has or wants to
    use e-mail, and a phone number lets the contact person call or text back instead."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        help_text=_("A first name is enough."),
        error_messages={"required": _("Write your name, a first name is enough.")},
    )
    email = EmailAddressField(
        label=_("Your e-mail address"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The contact person replies to this address. Leave it empty if you give a phone number."),
        error_messages={"invalid": _("Write a whole e-mail address, for example navn@example.no.")},
    )
    phone = PhoneField(
        label=_("Or your phone number"),
        required=False,
        help_text=_("If you would rather be called or get a text message. For example 912 34 567."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say a little about why you are getting in touch. You do not need to share more than you want."),
        error_messages={
            "required": _("Write a message to the group: a sentence or two is enough."),
            "min_length": _("Write a little more, at least %(limit_value)d characters, so the contact person knows what you are asking."),
            "max_length": _("The message can be at most %(limit_value)d characters; it is %(show_value)d now. Shorten it a little."),
        },
    )
    consent = ConsentField(
        label=_(
            "I agree that Samhold sends my name, my e-mail address or phone number and my message to the group's "
            "contact person. Samhold deletes them as soon as the message is delivered."
        ),
    )

    def clean_name(self):
        # No invisible formatting characters (e.g. right-to-left overrides) in what the
        # contact person reads as the sender's name.
        name = "".join(c for c in self.cleaned_data["name"] if unicodedata.category(c) != "Cf")
        name = " ".join(name.split())
        if not name:
            raise forms.ValidationError(_("Write a name, a first name is enough."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        if "email" not in self.errors and "phone" not in self.errors:
            if not cleaned.get("email") and not cleaned.get("phone"):
                self.add_error(
                    "email", _("Give an e-mail address or a phone number, so the contact person can answer you.")
                )
        return cleaned
