"""A person's own data: new links to everything stored for an e-mail address, a copy as JSON
(from each private link, and on Min side), an applicant's own page, and deleting an account."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samhold.http import client_ip, private_link_headers

from ..forms.privacy import AccountDeleteForm, MyLinksForm
from ..models import ApplicationLink, LinkPurpose
from ..selectors.interest import interest_get_by_manage_token
from ..selectors.links import link_owner
from ..selectors.meetings import signup_get_by_manage_token
from ..selectors.privacy import account_data, application_data, interest_data, signup_data
from ..services.accounts import facilitator_application_withdraw
from ..services.privacy import MyLinksRateLimited, account_delete, my_links_send
from .links import link_gone


def _json_download(data: dict, *, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"exported": timezone.now().isoformat(), **data}, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return private_link_headers(response)


def my_links(request):
    """Ask for new links to what is stored for an e-mail address. Always the same answer."""
    form = MyLinksForm()
    status = 200
    form_error = ""
    if request.method == "POST":
        form = MyLinksForm(request.POST)
        if form.is_robot():
            return HttpResponseRedirect(reverse("facilitators:my_links_sent"))
        if form.is_valid():
            try:
                my_links_send(
                    email=form.cleaned_data["email"], ip_address=client_ip(request), language=get_language() or "nb"
                )
            except MyLinksRateLimited:
                status = 429
                form_error = _("Many requests have been sent from here in a short time. Please try again in an hour.")
            else:
                return HttpResponseRedirect(reverse("facilitators:my_links_sent"))
        else:
            status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "facilitators/privacy/my_links.html", {"form": form, "form_error": form_error}, status=status)


def my_links_sent(request):
    return render(request, "facilitators/privacy/my_links_sent.html")


def interest_export(request, token: str):
    registration = interest_get_by_manage_token(token=token)
    if registration is None:
        return link_gone(request)
    return _json_download(interest_data(registration), name="samhold-interesse")


def signup_export(request, token: str):
    signup = signup_get_by_manage_token(token=token)
    if signup is None:
        return link_gone(request)
    return _json_download(signup_data(signup), name="samhold-pamelding")


def _application(token: str):
    return link_owner(ApplicationLink, token=token, purpose=LinkPurpose.MANAGE, select_related=("municipality",))


def application_manage(request, token: str):
    """The applicant's own page: what they sent, and withdrawing it."""
    application = _application(token)
    if application is None:
        return link_gone(request)
    if request.method == "POST":
        facilitator_application_withdraw(application=application)
        return private_link_headers(render(request, "facilitators/privacy/application_withdrawn.html"))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"application": application, "token": token}
    return private_link_headers(render(request, "facilitators/privacy/application.html", context))


def application_export(request, token: str):
    application = _application(token)
    if application is None:
        return link_gone(request)
    return _json_download(application_data(application), name="samhold-soknad")


@login_required
def account(request):
    """Min side: what the account holds, the JSON copy, and deleting the account."""
    return render(request, "facilitators/privacy/account.html", {"data": account_data(user=request.user)})


@login_required
def account_export(request):
    return _json_download(account_data(user=request.user), name="samhold-konto")


@login_required
def account_delete_view(request):
    if request.user.is_superuser:
        raise PermissionDenied
    form = AccountDeleteForm(user=request.user, request=request)
    status = 200
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=request.user, request=request)
        if form.is_valid():
            account_delete(user=request.user, request=request)
            messages.success(request, _("Your account is deleted."))
            return HttpResponseRedirect(reverse("facilitators:login"))
        status = 400
    return render(request, "facilitators/privacy/account_delete.html", {"form": form}, status=status)
