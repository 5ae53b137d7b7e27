"""Applying for a researcher account (the public form and its receipt). The national
administrators decide in the admin (research.viewsets)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhold.http import client_ip

from ..forms.accounts import (
    RESEARCHER_APPLICATION_CONSENT_VERSION,
    RESEARCHER_APPLICATION_PURPOSE,
    RESEARCHER_APPLICATION_WHO_SEES,
    ResearcherApplicationForm,
    researcher_application_retention,
)
from ..services.accounts import ApplicationRateLimited, researcher_apply


def apply(request):
    """The public form for a researcher account, like the facilitators' application form."""
    form = ResearcherApplicationForm()
    status = 200
    form_error = ""
    if request.method == "POST":
        form = ResearcherApplicationForm(request.POST)
        if form.is_robot():
            # Tell a robot it worked; keep nothing.
            return HttpResponseRedirect(reverse("research:apply_received"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                researcher_apply(
                    name=data["name"],
                    email=data["email"],
                    institution=data["institution"],
                    position=data["position"],
                    consent_text_version=RESEARCHER_APPLICATION_CONSENT_VERSION,
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
                return HttpResponseRedirect(reverse("research:apply_received"))
        else:
            status = 400
    context = {
        "form": form,
        "form_error": form_error,
        "purpose": RESEARCHER_APPLICATION_PURPOSE,
        "who_sees": RESEARCHER_APPLICATION_WHO_SEES,
        "retention": researcher_application_retention(),
    }
    return render(request, "research/accounts/apply.html", context, status=status)


def apply_received(request):
    return render(request, "research/accounts/apply_received.html")
