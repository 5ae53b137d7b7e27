"""Forms for a person's own data. They only validate; views call the services."""

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from groups.forms import HoneypotForm
from samhold.forms import EmailAddressField


class MyLinksForm(HoneypotForm):
    email = EmailAddressField(
        label=_("Your e-mail address"),
        max_length=200,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address you used when you registered an interest, signed up or applied."),
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class PasswordCheckForm(forms.Form):
    """Something that changes how one logs in, or deletes what one has: the password again."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through the guarded backend: guessing here is counted like any other login.
        if authenticate(self.request, username=self.user.email, password=password) is None:
            raise forms.ValidationError(_("The password is not right."))
        return password


class AccountDeleteForm(PasswordCheckForm):
    """Deleting one's own account: the password again, and a box that says what happens."""

    understood = forms.BooleanField(
        label=_("I understand that my account is deleted at once and cannot be brought back."),
        error_messages={"required": _("Tick the box if you want to delete your account.")},
    )
