"""Min side for a researcher: one study's volunteers, their statuses, the export, a message to
those included, and the summary of the findings.

Every view finds the study through research.selectors.recruitment.study_for_researcher, i.e.
among the person's own studies: another researcher's study, a wrong id, or anyone who is not
its researcher (administrators included) gets a 404, in every view and the export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ..forms.recruitment import FindingsForm, VolunteerMessageForm, VolunteerStatusForm
from ..selectors.recruitment import (
    recruitment_ended,
    study_for_researcher,
    volunteer_counts,
    volunteer_for_researcher,
    volunteers_deleted_on,
    volunteers_included,
    volunteers_visible,
    volunteers_wanting_findings,
)
from ..services.recruitment import (
    VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY,
    FindingsTooEarly,
    MessageRateLimited,
    NoRecipients,
    NotAllowed,
    NotApproved,
    findings_publish,
    volunteer_status_set,
    volunteers_export,
    volunteers_message,
    volunteers_viewed,
)


def _list_url(study, volunteer=None) -> str:
    url = reverse("research:study_volunteers", kwargs={"pk": study.pk})
    return f"{url}#volunteer-{volunteer.pk}" if volunteer is not None else url


def _list_page(request, study, *, status=200, form_error="", invalid=None):
    """The counts and the confirmed volunteers. Each time the list is shown it is recorded."""
    approved = study.live_version_id is not None
    people = list(volunteers_visible(study=study))
    for person in people:
        if invalid is not None and invalid[0] == person.pk:
            person.status_form = invalid[1]
        else:
            person.status_form = VolunteerStatusForm(initial={"status": person.status}, auto_id=f"id_v{person.pk}_%s")
        # Many selects on one page: each label names its person, for a screen reader's list of fields.
        person.status_form.fields["status"].label = _("Status for %(name)s") % {"name": person.name}
        person.answers = list((person.screening_answers or {}).items())
    if approved:
        volunteers_viewed(user=request.user, study=study)
    context = {
        "study": study,
        "approved": approved,
        "counts": volunteer_counts(study=study),
        "people": people,
        "form_error": form_error,
        "deleted_on": volunteers_deleted_on(study) if approved else None,
    }
    return render(request, "research/recruitment/volunteers.html", context, status=status)


@login_required
@require_GET
def volunteers(request, pk: int):
    study = study_for_researcher(user=request.user, pk=pk)
    return _list_page(request, study)


@login_required
@require_POST
def volunteer_status(request, pk: int, volunteer: int):
    study = study_for_researcher(user=request.user, pk=pk)
    person = volunteer_for_researcher(study=study, pk=volunteer)
    form = VolunteerStatusForm(request.POST, auto_id=f"id_v{person.pk}_%s")
    if not form.is_valid():
        error = _("The status was not saved: choose new, contacted, included or excluded.")
        return _list_page(request, study, status=400, form_error=error, invalid=(person.pk, form))
    try:
        volunteer_status_set(user=request.user, study=study, volunteer=person, status=form.cleaned_data["status"])
    except (NotAllowed, NotApproved):
        raise Http404 from None
    messages.success(request, _("The status is saved."))
    return HttpResponseRedirect(_list_url(study, person))


@login_required
@require_GET
def export(request, pk: int):
    """The confirmed volunteers as a CSV file to save, never kept by a browser or a cache."""
    study = study_for_researcher(user=request.user, pk=pk)
    try:
        content = volunteers_export(user=request.user, study=study)
    except (NotAllowed, NotApproved):
        raise Http404 from None
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"volunteers-{study.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _message_page(request, study, *, form=None, form_error="", status=200):
    context = {
        "study": study,
        "approved": study.live_version_id is not None,
        "form": form or VolunteerMessageForm(),
        "form_error": form_error,
        "included": volunteers_included(study=study).count(),
        "per_day": VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY,
    }
    return render(request, "research/recruitment/message.html", context, status=status)


@login_required
def message(request, pk: int):
    """A message to every included volunteer, through the site."""
    study = study_for_researcher(user=request.user, pk=pk)
    if request.method in ("GET", "HEAD"):
        return _message_page(request, study)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = VolunteerMessageForm(request.POST)
    if not form.is_valid():
        return _message_page(request, study, form=form, status=400)
    try:
        count = volunteers_message(
            user=request.user, study=study, subject=form.cleaned_data["subject"], message=form.cleaned_data["message"]
        )
    except NotAllowed:
        raise Http404 from None
    except NotApproved:
        error = _("The study has no volunteers until an administrator has approved it.")
        return _message_page(request, study, form=form, form_error=error, status=409)
    except NoRecipients:
        error = _(
            "Nobody is included yet. Give the volunteers you include the status \"Included\" first; your message "
            "is still in the form."
        )
        return _message_page(request, study, form=form, form_error=error, status=409)
    except MessageRateLimited:
        error = _(
            "Enough messages have been sent about this study today. Your message is still in the form: please "
            "send it tomorrow."
        )
        return _message_page(request, study, form=form, form_error=error, status=429)
    messages.success(
        request,
        ngettext(
            "Your message is on its way to %(count)s person.",
            "Your message is on its way to %(count)s people.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(_list_url(study))


def _findings_page(request, study, *, form=None, form_error="", status=200):
    approved = study.live_version_id is not None
    context = {
        "study": study,
        "approved": approved,
        "ended": recruitment_ended(study),
        "form": form or FindingsForm(initial={"findings": study.findings}),
        "form_error": form_error,
        "wanting": volunteers_wanting_findings(study=study).count(),
        "deleted_on": volunteers_deleted_on(study) if approved else None,
        "today": timezone.localdate(),
    }
    return render(request, "research/recruitment/findings.html", context, status=status)


@login_required
def findings(request, pk: int):
    """The plain-language summary of the findings, after recruitment has ended."""
    study = study_for_researcher(user=request.user, pk=pk)
    if request.method in ("GET", "HEAD"):
        return _findings_page(request, study)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = FindingsForm(request.POST)
    if not form.is_valid():
        return _findings_page(request, study, form=form, status=400)
    first = study.findings_published_at is None
    try:
        count = findings_publish(user=request.user, study=study, findings=form.cleaned_data["findings"])
    except NotAllowed:
        raise Http404 from None
    except (NotApproved, FindingsTooEarly):
        error = _("You can publish the findings when the study has stopped recruiting. What you wrote is still in the form.")
        return _findings_page(request, study, form=form, form_error=error, status=409)
    if first:
        messages.success(
            request,
            ngettext(
                "The findings are published, and on their way to %(count)s volunteer who asked for them.",
                "The findings are published, and on their way to %(count)s volunteers who asked for them.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(request, _("The summary is changed. Nobody is e-mailed again."))
    return HttpResponseRedirect(reverse("research:study_findings", kwargs={"pk": study.pk}))
