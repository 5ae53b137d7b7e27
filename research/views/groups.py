"""Groups asked about a study. On Min side a group's facilitators and contact person see the
invitations to their groups, answer for the group and print a handout for the next meeting; the
study's researcher sees the answers and writes to the groups that said yes.

An invitation is found only among the person's own groups' (research.selectors.groups), a
study only among the researcher's own: anything else is a 404, never a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms.groups import GroupAnswerForm, GroupMessageForm
from ..models import Method
from ..selectors.groups import (
    group_ids_of,
    invitation_for_handout,
    invitation_for_user,
    invitations_for_user,
    qr_svg,
    study_group_answers,
    study_short_url,
)
from ..selectors.recruitment import study_for_researcher
from ..services.groups import (
    GROUP_MESSAGES_PER_STUDY_PER_DAY,
    AnswerClosed,
    GroupMessageRateLimited,
    group_answer,
    groups_message,
)
from ..services.recruitment import NoRecipients, NotAllowed, NotApproved

# The researcher ---------------------------------------------------------------------------------


@login_required
@require_GET
def study_groups(request, pk: int):
    """The groups' answers to the researcher's study: names and notes of those that answered,
    a count of those that have not. Never anyone's name or address."""
    study = study_for_researcher(user=request.user, pk=pk)
    context = {"study": study, **study_group_answers(study=study)}
    return render(request, "research/groups/study_groups.html", context)


def _groups_message_page(request, study, *, form=None, form_error="", status=200):
    context = {
        "study": study,
        "approved": study.live_version_id is not None,
        "form": form or GroupMessageForm(),
        "form_error": form_error,
        "per_day": GROUP_MESSAGES_PER_STUDY_PER_DAY,
        **study_group_answers(study=study),
    }
    return render(request, "research/groups/study_groups_message.html", context, status=status)


@login_required
def study_groups_message(request, pk: int):
    study = study_for_researcher(user=request.user, pk=pk)
    if request.method in ("GET", "HEAD"):
        return _groups_message_page(request, study)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = GroupMessageForm(request.POST)
    if not form.is_valid():
        return _groups_message_page(request, study, form=form, status=400)
    try:
        count = groups_message(
            user=request.user, study=study, subject=form.cleaned_data["subject"], message=form.cleaned_data["message"]
        )
    except NotAllowed:
        raise Http404 from None
    except (NotApproved, NoRecipients):
        error = _("No group has said yes yet, so there is no one to write to. Your message is still in the form.")
        return _groups_message_page(request, study, form=form, form_error=error, status=409)
    except GroupMessageRateLimited:
        error = _(
            "Enough messages have been sent to the groups about this study today. Your message is still in the form: "
            "please send it tomorrow."
        )
        return _groups_message_page(request, study, form=form, form_error=error, status=429)
    messages.success(
        request,
        ngettext(
            "Your message is on its way to %(count)s group.",
            "Your message is on its way to %(count)s groups.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(reverse("research:study_groups", kwargs={"pk": study.pk}))


# A group's facilitators and contact person ---------------------------------------------------------


@login_required
@require_GET
def invitations(request):
    """The studies that have asked the person's groups, with each group's answer."""
    context = {"invitations": list(invitations_for_user(user=request.user))}
    return render(request, "research/groups/invitations.html", context)


def _answer_page(request, invitation, *, form=None, form_error="", status=200):
    if form is None:
        initial = {"note": invitation.note, "suitable_times": invitation.suitable_times}
        if invitation.answer != invitation.Answer.WAITING:
            initial["answer"] = invitation.answer
        form = GroupAnswerForm(initial=initial)
    context = {
        "invitation": invitation,
        "study": invitation.study,
        "version": invitation.study.live_version,
        "methods": [Method(value).label for value in invitation.study.methods if value in Method.values],
        "form": form,
        "form_error": form_error,
        "open": invitation.study.is_recruiting,
    }
    return render(request, "research/groups/answer.html", context, status=status)


@login_required
def invitation_answer(request, pk: int):
    """One invitation: what the study is, and the group's answer (changeable while it recruits)."""
    invitation = invitation_for_user(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    if request.method in ("GET", "HEAD"):
        return _answer_page(request, invitation)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = GroupAnswerForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, invitation, form=form, status=400)
    data = form.cleaned_data
    try:
        group_answer(
            user=request.user,
            invitation=invitation,
            answer=data["answer"],
            note=data["note"],
            suitable_times=data["suitable_times"],
        )
    except NotAllowed:
        raise Http404 from None
    except AnswerClosed:
        error = _("The study no longer recruits, so the answer can no longer be changed.")
        return _answer_page(request, invitation, form=form, form_error=error, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _answer_page(request, invitation, form=form, status=400)
    messages.success(request, _("Thank you. The group's answer is saved, and you can change it while the study recruits."))
    return HttpResponseRedirect(reverse("research:group_invitation_answer", kwargs={"pk": invitation.pk}))


@login_required
@require_GET
def handout(request, pk: int):
    """A one-page A4 handout to print for the group's next meeting: what the study is, who may
    take part, and its address as text and as a QR code drawn on the server. For the group's
    facilitators and contact person and the study's researcher; a 404 for anyone else."""
    invitation = invitation_for_handout(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    study = invitation.study
    url = study_short_url(study)
    if invitation.group_id in group_ids_of(request.user):
        back = (reverse("research:group_invitation_answer", kwargs={"pk": invitation.pk}), _("The invitation"))
    else:
        back = (reverse("research:study_groups", kwargs={"pk": study.pk}), _("Groups' answers"))
    english = (get_language() or "").startswith("en")
    context = {
        "invitation": invitation,
        "study": study,
        "version": study.live_version,
        "summary": study.summary_en if english and study.summary_en else study.summary,
        "summary_lang": "en" if english and study.summary_en else "nb",
        "short_url": url,
        "qr_svg": qr_svg(url) if study.is_recruiting else "",
        "recruiting": study.is_recruiting,
        "back_url": back[0],
        "back_label": back[1],
    }
    return render(request, "research/groups/handout.html", context)
