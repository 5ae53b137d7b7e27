"""Front-end forms for accounts. They only validate; Django's auth views do the rest."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from outbox.services import email_queue

PASSWORD_HELP = _(
    "At least 12 characters. Not a common password, not only digits, and not like your name or e-mail address."
)


class LoginForm(auth_forms.AuthenticationForm):
    """Log in by e-mail address. The field keeps Django's name, "username"."""

    username = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is wrong. Check both and try again."),
    }

    def clean_username(self):
        # Addresses are stored lower-cased, and the backend looks them up exactly.
        return self.cleaned_data["username"].lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending through the outbox so a mail-server outage loses nothing."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)

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
