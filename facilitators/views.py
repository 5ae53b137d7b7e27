""""Min side": the front-end area where facilitators and group contacts log in."""

import math

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.selectors import group_list_for_contact
from samhold.http import client_ip

from .forms import LoginForm, PasswordResetForm, SetPasswordForm
from .selectors import login_locked_until
from .services import login_failure_record, login_failures_clear


def _typed_email(request) -> str:
    # The same normalisation as LoginForm: stripped by EmailField, then lower-cased.
    return (request.POST.get("username") or "").strip().lower()[:254]


class LoginView(auth_views.LoginView):
    """Django's login (a new session key at login), guarded against guessing.

    A locked (account, IP address) pair is answered with 429 before the password is looked
    at, so even the right password does not help a guesser during the lock."""

    template_name = "facilitators/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("facilitators:home")

    def post(self, request, *args, **kwargs):
        email = _typed_email(request)
        if email:
            locked_until = login_locked_until(email=email, ip_address=client_ip(request))
            if locked_until:
                return self._locked(email, locked_until)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        login_failures_clear(email=form.get_user().email, ip_address=client_ip(self.request))
        return super().form_valid(form)

    def form_invalid(self, form):
        # Only a real guess counts: an address and a password the backend rejected.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            email = _typed_email(self.request)
            ip_address = client_ip(self.request)
            login_failure_record(email=email, ip_address=ip_address)
            locked_until = login_locked_until(email=email, ip_address=ip_address)
            if locked_until:
                return self._locked(email, locked_until)
        return super().form_invalid(form)

    def _locked(self, email, locked_until):
        seconds = max(int((locked_until - timezone.now()).total_seconds()), 1)
        # An unbound form: a bound one would check the password when its errors are shown.
        form = self.form_class(request=self.request, initial={"username": email})
        context = self.get_context_data(form=form, locked_minutes=math.ceil(seconds / 60))
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(seconds)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the session is deleted and the person lands on the login page."""

    next_page = reverse_lazy("facilitators:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Always answers with the same page, whether or not an account has the address."""

    form_class = PasswordResetForm
    template_name = "facilitators/password_reset_form.html"
    email_template_name = "facilitators/email/password_reset.txt"
    subject_template_name = "facilitators/email/password_reset_subject.txt"
    success_url = reverse_lazy("facilitators:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "facilitators/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "facilitators/password_reset_confirm.html"
    success_url = reverse_lazy("facilitators:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "facilitators/password_reset_complete.html"


@login_required
def home(request):
    """Min side: who is logged in, and the groups they are the contact person for."""
    return render(request, "facilitators/home.html", {"contact_groups": group_list_for_contact(user=request.user)})
