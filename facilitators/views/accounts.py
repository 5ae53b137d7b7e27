""""Min side": the front-end area where facilitators and group contacts log in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import account as wagtail_account_views

from groups.selectors import group_list_for_contact
from samhold.http import absolute_url, client_ip

from .. import consent
from ..forms.accounts import FacilitatorApplicationForm, LoginForm, PasswordResetForm, SetPasswordForm
from ..login_guard import GuardedLoginMixin, remember_device
from ..scope import scope_for
from ..selectors.meetings import meetings_upcoming_for_user
from ..selectors.startups import areas_for, group_list_facilitated
from ..services.accounts import ApplicationRateLimited, facilitator_apply, password_reset_allow
from ..services.welcome import welcome_due, welcome_seen


class LoginView(GuardedLoginMixin, auth_views.LoginView):
    """Django's login (a new session key at login), guarded against guessing: a lock is
    answered with 429 before the password is looked at, so even the right password does not
    help a guesser during the lock (facilitators.backends does the counting)."""

    template_name = "facilitators/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("facilitators:home")


class AdminLoginView(GuardedLoginMixin, wagtail_account_views.LoginView):
    """The Wagtail admin's login, with the same lockout and the same 429 as Min side."""

    template_name = "facilitators/admin/login.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Wagtail's login form gives the password field no label, so Django's English field
        # name would show; Wagtail's own catalogue has "Password" in Norwegian.
        form.fields["password"].label = _("Password")
        return form


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the session is deleted and the person lands on the login page."""

    next_page = reverse_lazy("facilitators:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response


def _site_url() -> str:
    """The site's own address (SITE_URL), never the request's Host header, which a client chooses."""
    return absolute_url("/").rstrip("/")


class PasswordResetView(auth_views.PasswordResetView):
    """Always answers with the same page, whether or not an account has the address.

    The only way to ask for a reset e-mail: the admin's "Forgotten password?" leads here too
    (samhold/urls.py)."""

    form_class = PasswordResetForm
    template_name = "facilitators/password_reset_form.html"
    email_template_name = "facilitators/email/password_reset.txt"
    subject_template_name = "facilitators/email/password_reset_subject.txt"
    success_url = reverse_lazy("facilitators:password_reset_done")

    @property
    def extra_email_context(self):
        # The link in the e-mail starts with this: Django's own {{ protocol }}://{{ domain }}
        # comes from the Host header, so a forged one would send the token to another site.
        return {"site_url": _site_url()}

    def form_valid(self, form):
        # Over the limit, nothing is sent, but the page is the same: it must not tell whether
        # the address has an account, nor that the limit was reached for it. The e-mail is
        # written in the language of the page the person used.
        if password_reset_allow(email=form.cleaned_data["email"], ip_address=client_ip(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "facilitators/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "facilitators/password_reset_confirm.html"
    success_url = reverse_lazy("facilitators:password_reset_complete")
    extra_context = {"heading": _("Make a new password"), "button": _("Save the new password")}

    def form_valid(self, form):
        # The link proves the person reads the account's mailbox: this browser may log in even
        # while logging in to the account from new browsers is paused.
        response = super().form_valid(form)
        remember_device(self.request, response, form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "facilitators/password_reset_complete.html"


@login_required
def home(request):
    """Min side: who is logged in and where they work, the groups they start and their
    information meetings, and the groups they are the contact for. A new facilitator is
    welcomed once, with what to do first."""
    scope = scope_for(request.user)
    welcome = welcome_due(user=request.user)
    context = {
        "contact_groups": group_list_for_contact(user=request.user),
        "facilitated_groups": group_list_facilitated(user=request.user),
        "meetings": meetings_upcoming_for_user(user=request.user) if scope.is_facilitator else [],
        "areas": areas_for(user=request.user),
        "may_start_groups": scope.is_facilitator,
        "welcome": welcome,
    }
    response = render(request, "facilitators/home.html", context)
    if welcome:
        welcome_seen(user=request.user)
    return response


class SetPasswordView(PasswordResetConfirmView):
    """The link in the approval e-mail: a new facilitator chooses their first password.

    Django's reset-confirm view also accepts an account with an unusable password, since the
    token is made from the stored (unusable) hash; after the first use the link is spent."""

    extra_context = {
        "heading": _("Choose your password"),
        "lead": _(
            "Welcome to Samhold. Choose a password, then log in to Min side with your e-mail address and this "
            "password."
        ),
        "button": _("Save the password"),
    }


def application(request):
    """The public form for becoming a facilitator."""
    form = FacilitatorApplicationForm()
    status = 200
    form_error = ""
    if request.method == "POST":
        form = FacilitatorApplicationForm(request.POST)
        if form.is_robot():
            # Tell a robot it worked; keep nothing.
            return HttpResponseRedirect(reverse("facilitators:application_received"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                facilitator_apply(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    municipality=data["municipality"],
                    organisation=data["organisation"],
                    background=data["background"],
                    consent_text_version=consent.APPLICATION_CONSENT_VERSION,
                    ip_address=client_ip(request),
                )
            except ApplicationRateLimited:
                status = 429
                form_error = _(
                    "Many applications have been sent from here in a short time. What you wrote is still "
                    "in the form: please try again in an hour."
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return HttpResponseRedirect(reverse("facilitators:application_received"))
        else:
            status = 400
    context = {
        "form": form,
        "form_error": form_error,
        "purpose": consent.APPLICATION_PURPOSE,
        "retention": consent.application_retention(),
    }
    return render(request, "facilitators/application.html", context, status=status)


def application_received(request):
    return render(request, "facilitators/application_received.html")
