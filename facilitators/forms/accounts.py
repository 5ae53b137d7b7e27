"""Front-end forms for accounts. They only validate; Django's auth views do the rest."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from directory.models import Municipality
from groups.forms import HoneypotForm
from outbox.services import email_queue
from samhold.forms import BoundedModelChoiceField, ConsentField, EmailAddressField

from ..consent import APPLICATION_CONSENT_LABEL
from ..models import User
from ..selectors.accounts import municipality_choices

PASSWORD_HELP = _(
    "At least 12 characters. Not a common password, not only digits, and not like your name or e-mail address."
)


class LoginForm(auth_forms.AuthenticationForm):
    """Log in by e-mail address. The field keeps Django's name, "username"."""

    username = EmailAddressField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is wrong. Check both and try again."),
    }

    def clean_username(self):
        # Addresses are stored lower-cased, and the backend looks them up exactly.
        return self.cleaned_data["username"].lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending through the outbox so a mail-server outage loses nothing."""

    email = EmailAddressField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        """Active accounts with this address, also those with no password yet: an approved
        facilitator whose choose-a-password link expired is told to use "Forgot password"."""
        return (
            user
            for user in User._default_manager.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        email_queue(to=[to_email], subject=subject, body=body, purpose="password_reset")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form (and its validators), with plain help text instead of an HTML list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = ""


class MunicipalityChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.county})"


class FacilitatorApplicationForm(HoneypotForm):
    """Applying to become a facilitator. It validates input only; the view calls the service."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = EmailAddressField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the answer here. If you are approved, you log in with this address."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where you want to help groups start. The coordinator for its county handles your application."),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("For example a volunteer centre or a learning and coping centre."),
    )
    background = forms.CharField(
        label=_("A few words about you"),
        max_length=1000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why you want to be a facilitator, and any experience with groups. At most 1000 characters."),
    )
    consent = ConsentField(label=APPLICATION_CONSENT_LABEL)
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices()

    def clean_email(self):
        return self.cleaned_data["email"].lower()
