"""Two-factor login on Min side: the code after the password, setting up an authenticator app
with recovery codes, and turning it on or off. Staff come here from the admin's login too."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from ..forms.privacy import PasswordCheckForm
from ..forms.two_factor import CodeForm, SetupForm
from ..login_guard import remember_device
from ..selectors.two_factor import (
    recovery_codes_left,
    second_factor_enabled,
    second_factor_required,
    totp_key_text,
    totp_qr_svg,
)
from ..services.two_factor import (
    SETUP_SESSION_KEY,
    SecondFactorRequired,
    recovery_codes_renew,
    second_factor_disable,
    second_factor_retry_after,
    second_factor_verify,
    totp_setup_confirm,
    totp_setup_start,
)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return reverse("facilitators:home")


def _redirect_with_next(name: str, request):
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


def _verified(request, device) -> None:
    # A new session key once fully logged in: a key seen before the code is worth nothing.
    otp_login(request, device)
    request.session.cycle_key()


@login_required
def verify(request):
    """The second step of logging in: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not second_factor_enabled(request.user):
        return _redirect_with_next("facilitators:second_factor_setup", request)
    form = CodeForm()
    status = 200
    retry_after = 0
    if request.method == "POST":
        form = CodeForm(request.POST)
        # After wrong codes the devices rest a while; no code is even looked at until then.
        retry_after = second_factor_retry_after(user=request.user)
        if retry_after:
            status = 429
        elif form.is_valid():
            device = second_factor_verify(user=request.user, code=form.cleaned_data["code"])
            if device is not None:
                _verified(request, device)
                if device.name == "recovery":
                    left = recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        _("You used a recovery code. You have %(count)s left; make new ones on Min side when you run low.")
                        % {"count": left},
                    )
                response = HttpResponseRedirect(_next_url(request))
                remember_device(request, response, request.user)
                return response
            form.add_error("code", _("The code is not right. Check that you use the newest code from the app, and try again."))
            status = 400
        else:
            status = 400
    context = {"form": form, "next": _next_url(request), "retry_after": retry_after}
    return _with_retry_after(render(request, "facilitators/two_factor/verify.html", context, status=status), retry_after)


def _with_retry_after(response, seconds: int):
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


@login_required
def setup(request):
    """Add an authenticator app: scan the QR code (or type the key), then give a code from it."""
    if second_factor_enabled(request.user) and not request.user.is_verified():
        return _redirect_with_next("facilitators:second_factor_verify", request)
    device = totp_setup_start(user=request.user, session=request.session)
    form = SetupForm()
    status = 200
    retry_after = 0
    if request.method == "POST":
        form = SetupForm(request.POST)
        retry_after = second_factor_retry_after(user=request.user, device=device)
        if retry_after:
            status = 429
        elif form.is_valid():
            codes = totp_setup_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
            if codes is not None:
                device.refresh_from_db()
                request.session.pop(SETUP_SESSION_KEY, None)
                _verified(request, device)
                # Shown once, in this answer only: never stored anywhere the page could be seen again.
                response = render(request, "facilitators/two_factor/codes.html", {"codes": codes, "next": _next_url(request)})
                remember_device(request, response, request.user)
                return response
            form.add_error("code", _("The code is not right. Check that the app shows Samhold, and use the newest code."))
            status = 400
        else:
            status = 400
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device),
        "key_text": totp_key_text(device),
        "required": second_factor_required(request.user),
        "replacing": second_factor_enabled(request.user),
        "next": _next_url(request),
        "retry_after": retry_after,
    }
    return _with_retry_after(render(request, "facilitators/two_factor/setup.html", context, status=status), retry_after)


@login_required
def status(request, *, codes_form=None, disable_form=None, status=200):
    """Whether two-factor login is on, recovery codes left, and the buttons to change it (each
    asks for the password again)."""
    context = {
        "enabled": second_factor_enabled(request.user),
        "required": second_factor_required(request.user),
        "codes_left": recovery_codes_left(request.user),
        "codes_form": codes_form or PasswordCheckForm(user=request.user, prefix="codes"),
        "disable_form": disable_form or PasswordCheckForm(user=request.user, prefix="off"),
    }
    return render(request, "facilitators/two_factor/status.html", context, status=status)


@login_required
@require_POST
def codes_renew(request):
    if not second_factor_enabled(request.user):
        return HttpResponseRedirect(reverse("facilitators:second_factor"))
    form = PasswordCheckForm(request.POST, user=request.user, request=request, prefix="codes")
    if not form.is_valid():
        return status(request, codes_form=form, status=400)
    codes = recovery_codes_renew(user=request.user)
    return render(request, "facilitators/two_factor/codes.html", {"codes": codes, "next": reverse("facilitators:second_factor")})


@login_required
@require_POST
def disable(request):
    form = PasswordCheckForm(request.POST, user=request.user, request=request, prefix="off")
    if not form.is_valid():
        return status(request, disable_form=form, status=400)
    try:
        second_factor_disable(user=request.user)
    except SecondFactorRequired:
        messages.error(request, _("You work in the admin, so you must log in with a second factor."))
    else:
        messages.success(request, _("Two-factor login is off. You log in with your password only."))
    return HttpResponseRedirect(reverse("facilitators:second_factor"))
