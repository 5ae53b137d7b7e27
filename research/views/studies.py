"""The researcher's Min side: their studies, writing one, sending it for approval, closing it,
and their own information letters.

Every study is fetched through research.scope.studies_of: another researcher's study, a wrong
id, and anyone who is not a researcher (a facilitator, a coordinator) get a 404, never a 403,
so an id says nothing. The services check the same again before they write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.studies import StudyForm
from ..models import Method, Study, StudyVersion
from ..pdf import letter_response
from ..scope import is_researcher, studies_of
from ..selectors.studies import (
    study_awaiting_decision,
    study_closable,
    study_editable,
    study_letter_version,
    study_list_for_researcher,
    study_reach,
    study_submittable,
    study_working_version,
)
from ..services import studies as services
from ..services.studies import NothingToSubmit, StudyNotClosable, StudyNotEditable, SubmitRateLimited, VersionText


def _researcher_only(request) -> None:
    if not is_researcher(request.user):
        raise Http404


def _own_study(request, pk: int) -> Study:
    _researcher_only(request)
    return get_object_or_404(
        studies_of(request.user).select_related("live_version").prefetch_related("themes", "counties", "municipalities"),
        pk=pk,
    )


def _detail_url(study: Study) -> str:
    return reverse("research:study_detail", kwargs={"pk": study.pk})


@login_required
def home(request):
    """The researcher's studies with their status, and a way to register a new one."""
    _researcher_only(request)
    studies = list(study_list_for_researcher(user=request.user))
    for study in studies:
        study.change_waiting = study.status == Study.Status.RECRUITING and study.working_status in (
            StudyVersion.Status.DRAFT, StudyVersion.Status.RETURNED, StudyVersion.Status.SUBMITTED,
        )
    return render(request, "research/studies/home.html", {"studies": studies})


def _form_context(form, *, study=None, working=None) -> dict:
    return {
        "form": form,
        "study": study,
        "working": working,
        "creating": study is None,
        "recruiting": study is not None and study.live_version_id is not None,
    }


@login_required
def study_create(request):
    """A new study, saved as a draft with its first version."""
    _researcher_only(request)
    form = StudyForm()
    status = 200
    if request.method == "POST":
        form = StudyForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            study = services.study_create(
                researcher=request.user,
                study=form.save(commit=False),
                themes=data["themes"],
                counties=data["counties"],
                municipalities=data["municipalities"],
                version=VersionText.from_form(data),
                letter=data.get("information_letter") or None,
            )
            messages.success(request, _("The study is saved as a draft. Send it for approval when it is ready."))
            return HttpResponseRedirect(_detail_url(study))
        status = 400
    return render(request, "research/studies/form.html", _form_context(form), status=status)


@login_required
def study_edit(request, pk):
    """Change a study, by the rule in research.services.studies (study_change)."""
    study = _own_study(request, pk)
    working = study_working_version(study)
    if not study_editable(study, working):
        messages.error(request, _("This study cannot be changed now."))
        return HttpResponseRedirect(_detail_url(study))
    form = StudyForm(instance=study, version=working)
    status = 200
    if request.method == "POST":
        # The form writes what was typed into its instance; the page keeps showing the stored study.
        form = StudyForm(request.POST, request.FILES, instance=Study.objects.get(pk=study.pk), version=working)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = services.study_change(
                    user=request.user,
                    study=form.instance,
                    themes=data["themes"],
                    counties=data["counties"],
                    municipalities=data["municipalities"],
                    version=VersionText.from_form(data),
                    letter=data.get("information_letter") or None,
                )
            except StudyNotEditable:
                messages.error(request, _("This study cannot be changed now."))
                return HttpResponseRedirect(_detail_url(study))
            if change.paused:
                messages.warning(
                    request,
                    _(
                        "The changes are saved. Because they change what the approval rests on, recruitment is "
                        "paused until you send the study for approval again and an administrator approves it."
                    ),
                )
            elif change.new_version:
                messages.success(
                    request,
                    _(
                        "The changes are saved as a new version. Volunteers keep seeing the approved version until "
                        "you send the new one and an administrator approves it."
                    ),
                )
            else:
                messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(_detail_url(study))
        status = 400
    return render(request, "research/studies/form.html", _form_context(form, study=study, working=working),
                  status=status)


@login_required
def study_detail(request, pk):
    """Everything about one study, what it could reach (as counts only), and what to do next."""
    study = _own_study(request, pk)
    working = study_working_version(study)
    live = study.live_version
    method_labels = dict(Method.choices)
    context = {
        "study": study,
        "working": working,
        "live": live,
        "pending": working if working is not None and (live is None or working.pk != live.pk) else None,
        "versions": list(study.versions.order_by("-number")),
        "methods": [method_labels.get(value, value) for value in study.methods],
        "reach": study_reach(study),
        "editable": study_editable(study, working),
        "submittable": study_submittable(study, working),
        "closable": study_closable(study),
        "awaiting": study_awaiting_decision(study, working),
        "paused": study.live_version_id is not None
        and study.status in (Study.Status.DRAFT, Study.Status.RETURNED, Study.Status.SUBMITTED),
    }
    return render(request, "research/studies/detail.html", context)


@login_required
@require_POST
def study_submit(request, pk):
    study = _own_study(request, pk)
    try:
        result = services.study_submit(user=request.user, study=study)
    except NothingToSubmit:
        messages.error(request, _("There is nothing to send for approval."))
    except SubmitRateLimited:
        messages.error(request, _("You have sent many studies for approval today. Please try again tomorrow."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if result.status == Study.Status.SUBMITTED:
            messages.success(request, _("The study is sent for approval. You get an e-mail when it is decided."))
        else:
            messages.success(
                request,
                _("The new version is sent for approval. The study recruits with the approved version meanwhile."),
            )
    return HttpResponseRedirect(_detail_url(study))


@login_required
@require_POST
def study_close(request, pk):
    study = _own_study(request, pk)
    try:
        services.study_close(user=request.user, study=study)
    except StudyNotClosable:
        messages.error(request, _("Only a study that is recruiting can be closed."))
    else:
        messages.success(request, _("Recruitment is closed. The study no longer appears on Samhold."))
    return HttpResponseRedirect(_detail_url(study))


@login_required
def study_letter(request, pk):
    """The researcher's own information letter: the newest version's, or ?version=<number>."""
    study = _own_study(request, pk)
    raw = request.GET.get("version", "")
    number = None
    if raw:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
            raise Http404
        number = int(raw)
    version = study_letter_version(study, number=number)
    if version is None:
        raise Http404
    return letter_response(version, filename=f"informasjonsskriv-{study.slug}-v{version.number}.pdf")
