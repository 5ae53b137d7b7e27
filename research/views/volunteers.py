"""Volunteering for a study as a person, without an account: the form on the study's page,
one neutral "thank you" page whatever happened, confirming from the e-mail, the person's own
page by the private link in every later e-mail, and withdrawing from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from facilitators.views.links import delete_confirm_page, delete_confirmed, link_gone
from samhold.http import client_ip, private_link_headers
from samhold.retention import kept_for

from .. import consent
from ..forms.volunteers import VolunteerForm
from ..selectors.public import study_get_public, volunteer_get_by_confirm_token, volunteer_get_by_manage_token
from ..services.volunteers import (
    StudyNotRecruiting,
    VersionChanged,
    VolunteerRateLimited,
    volunteer_confirm,
    volunteer_manage_path,
    volunteer_sign_up,
    volunteer_withdraw,
)
from .public import present, study_page_response


def volunteer(request, slug: str):
    """The volunteer form (it is on the study's page; GET here shows that page). A robot is
    told it worked; a valid sign-up, a repeated one and one to a mailbox that has had enough
    e-mail today all lead to the same page; errors are a 400 with everything typed still in
    the form, too many sign-ups from one network a 429."""
    study = study_get_public(slug=slug)
    if study is None:
        raise Http404
    if request.method in ("GET", "HEAD"):
        return study_page_response(request, study)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    sent = HttpResponseRedirect(reverse("research:volunteer_sent"))
    form = VolunteerForm(request.POST, version=study.live_version)
    if form.is_robot():
        return sent
    if not form.is_valid():
        return study_page_response(request, study, form=form, status=400)
    data = form.cleaned_data
    try:
        volunteer_sign_up(
            study=study,
            version_number=data["version"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            screening_answers=form.answers(),
            group_name=data["group_name"],
            wants_findings=data["wants_findings"],
            language=get_language() or "nb",
            ip_address=client_ip(request),
        )
    except VolunteerRateLimited:
        error = _(
            "Many sign-ups have been sent from here in a short time. What you wrote is still in the form: please "
            "try again in an hour."
        )
        return study_page_response(request, study, form=form, form_error=error, status=429)
    except VersionChanged:
        # The text above the box is now the new one: the person reads it and ticks again.
        data = request.POST.copy()
        data["version"] = str(study.live_version.number)
        data.pop("consent", None)
        form = VolunteerForm(data, version=study.live_version)
        form.is_valid()
        error = _(
            "The study's text changed while you were reading, and the new version is shown above the box now. "
            "Please read it, and tick the box again if you agree."
        )
        return study_page_response(request, study, form=form, form_error=error, status=409)
    except StudyNotRecruiting:
        raise Http404 from None
    except ValidationError as error:
        form.add_error(None, error)
        return study_page_response(request, study, form=form, status=400)
    return sent


@require_safe
def volunteer_sent(request):
    """One page for everyone: it never names the study or says whether the address was known."""
    return render(
        request,
        "research/public/volunteer_sent.html",
        {"days": kept_for("research_volunteer_unconfirmed").days},
    )


def confirm(request, token: str):
    """The link in the neutral e-mail: what was sent with this address and for which study,
    and two buttons: confirm, or "it was not me" (deleted at once). GET changes nothing, so a
    link scanner opening the e-mail confirms nothing."""
    volunteer = volunteer_get_by_confirm_token(token=token)
    if volunteer is None:
        return link_gone(request)
    study = volunteer.study
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            volunteer_withdraw(volunteer=volunteer)
            return private_link_headers(HttpResponseRedirect(reverse("research:volunteer_withdrawn")))
        try:
            volunteer = volunteer_confirm(volunteer=volunteer)
        except StudyNotRecruiting:
            context = {"volunteer": volunteer, "study": study, "is_recruiting": False}
            return private_link_headers(render(request, "research/public/confirm.html", context, status=409))
        messages.success(request, _("Thank you – you have confirmed. The researchers can now get in touch with you."))
        return private_link_headers(HttpResponseRedirect(volunteer_manage_path(volunteer)))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"volunteer": volunteer, "study": present(study), "is_recruiting": study.is_recruiting}
    return private_link_headers(render(request, "research/public/confirm.html", context))


@require_safe
def manage(request, token: str):
    """The person's own page: everything they shared, the text and version they agreed to and
    when, whom to ask, and withdrawing."""
    volunteer = volunteer_get_by_manage_token(token=token)
    if volunteer is None:
        return link_gone(request)
    study = volunteer.study
    context = {
        "volunteer": volunteer,
        "study": present(study),
        "token": token,
        "answers": list(volunteer.screening_answers.items()) if isinstance(volunteer.screening_answers, dict) else [],
        "is_recruiting": study.is_recruiting,
        "findings_url": (
            reverse("research:public_study", kwargs={"slug": study.slug}) if study.findings_published_at else ""
        ),
        "after_close_days": kept_for("research_volunteer_after_close").days,
        "who_sees": consent.VOLUNTEER_WHO_SEES,
    }
    return private_link_headers(render(request, "research/public/manage.html", context))


@require_POST
def withdraw(request, token: str):
    """Withdraw without giving a reason: the details are deleted at once."""
    volunteer = volunteer_get_by_manage_token(token=token)
    if volunteer is None:
        return link_gone(request)
    if not delete_confirmed(request):
        return delete_confirm_page(
            request,
            heading=_("Withdraw"),
            text=_("We then delete your details from Samhold at once, and the researchers see only that someone has withdrawn."),
            button=_("Withdraw and delete my details"),
        )
    volunteer_withdraw(volunteer=volunteer)
    return private_link_headers(HttpResponseRedirect(reverse("research:volunteer_withdrawn")))


@require_safe
def withdrawn(request):
    return render(request, "research/public/withdrawn.html")
