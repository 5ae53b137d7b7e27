"""Forms for two-factor login. They only validate; views call the services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code after the password: from the app, or a recovery code."""

    label = _("Code")
    help_text = _("The six digits your authenticator app shows now, or one of your recovery codes.")
    required_message = _("Write the code from your app.")

    code = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label, field.help_text = self.label, self.help_text
        field.error_messages["required"] = self.required_message


class SetupForm(CodeForm):
    """The first code from a newly added app."""

    label = _("Code from the app")
    help_text = _("The six digits the app shows for Samhold after you have added it.")
    required_message = _("Write the code the app shows.")
