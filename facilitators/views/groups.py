"""Min side: the groups a facilitator starts, their start-ups, and the group contact's group.

Every group is fetched through selectors that filter by the person's scope, so another
facilitator's group is a 404; services check the same rules again before they write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samhold.http import private_link_headers
from samhold.site import group_url

from ..forms.groups import ContactGroupForm, ContactInviteForm, FollowUpForm, GroupForm, StageForm
from ..models.startups import STAGE_ORDER
from ..scope import Access, group_access, scope_for
from ..selectors.meetings import meeting_list_for_user
from ..selectors.startups import group_for_user, group_review, startup_for_group, startup_timeline
from ..services.startups import (
    AlreadySubmitted,
    Changed,
    GroupInReview,
    StageNotAllowed,
    group_change,
    group_contact_invite,
    group_draft_create,
    group_in_review,
    member_is_contact,
    startup_follow_up_answer,
    startup_stage_change,
)
from ..services.startups import group_submit as group_submit_for_approval

_IN_REVIEW = gettext_lazy(
    "The group is with the coordinator, who approves what you sent. You can change it again when they have "
    "decided, or if they send it back to you."
)


def _detail_url(group) -> str:
    return reverse("facilitators:group_detail", kwargs={"pk": group.pk})


@login_required
def group_create(request):
    """A facilitator drafts a new group in one of their municipalities."""
    scope = scope_for(request.user)
    if not (scope.is_facilitator or scope.is_staff_role):
        raise PermissionDenied
    form = GroupForm(user=request.user, creating=True)
    status = 200
    if request.method == "POST":
        form = GroupForm(request.POST, user=request.user, creating=True)
        if form.is_valid():
            # The form offers only municipalities the person works in; the service checks again.
            group = form.save(commit=False)
            group_draft_create(
                user=request.user,
                group=group,
                themes=form.cleaned_data["themes"],
                co_facilitator=form.cleaned_data.get("co_facilitator"),
            )
            messages.success(
                request,
                _("The group is saved as a draft. Send it to the coordinator when you are ready."),
            )
            return HttpResponseRedirect(_detail_url(group))
        else:
            status = 400
    return render(
        request, "facilitators/groups/form.html", {"form": form, "creating": True}, status=status
    )


@login_required
def group_detail(request, pk):
    group = group_for_user(user=request.user, pk=pk)
    return _detail_response(request, group)


def _detail_response(request, group, *, status=200, **forms):
    """The group's page on Min side; with a form's errors it is answered 400, so nothing typed
    is lost. A group contact sees the group only; facilitators see the start-up too."""
    access = group_access(request.user, group)
    startup = startup_for_group(group=group) if access == Access.FULL else None
    context = {
        "group": group,
        "access": access,
        "startup": startup,
        "timeline": startup_timeline(startup=startup) if startup else [],
        "review": group_review(group=group) if access == Access.FULL else {},
        "stage_form": _stage_form(startup),
        "invite_form": ContactInviteForm(),
        "public_url": _public_url(request, group),
        "meetings": meeting_list_for_user(user=request.user, group=group) if access == Access.FULL else [],
        **forms,
    }
    return render(request, "facilitators/groups/detail.html", context, status=status)


@login_required
def group_preview(request, pk):
    """The group's public page as it will look, from the latest version (a draft, or changes
    waiting for the coordinator), for the people who may edit it; another person gets a 404.
    Never indexed, never cached, and the contact form is not shown."""
    group = group_for_user(user=request.user, pk=pk)
    draft = group.get_latest_revision_as_object() if group.latest_revision_id else group
    context = draft.get_preview_context(request, "")
    context.update({"detail_url": _detail_url(group), "is_draft": not group.live or group.has_unpublished_changes})
    return private_link_headers(render(request, "facilitators/groups/preview.html", context))


def _startup_or_deny(request, pk):
    """The group and its start-up, for a person who facilitates it: 404 if they may not see
    the group at all, 403 if they see it only as its contact person."""
    group = group_for_user(user=request.user, pk=pk)
    startup = startup_for_group(group=group)
    if startup is None or group_access(request.user, group) != Access.FULL:
        raise PermissionDenied
    return group, startup


def _public_url(request, group) -> str:
    return group_url(group, request=request) if group.live else ""


def _stage_form(startup):
    if startup is None:
        return None
    return StageForm(initial={"stage": _next_stage(startup)}, needs_contact=not member_is_contact(startup))


def _next_stage(startup):
    if startup.stage not in STAGE_ORDER[:-1]:
        return None
    return STAGE_ORDER[STAGE_ORDER.index(startup.stage) + 1]


@login_required
def group_edit(request, pk):
    group = group_for_user(user=request.user, pk=pk)
    if request.method != "POST" and group_in_review(group):
        messages.info(request, _IN_REVIEW)
        return HttpResponseRedirect(_detail_url(group))
    access = group_access(request.user, group)
    form_class = GroupForm if access == Access.FULL else ContactGroupForm
    kwargs = {"user": request.user, "creating": False} if access == Access.FULL else {}
    form = form_class(instance=group, **kwargs)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=group, **kwargs)
        if form.is_valid():
            # The form offers only municipalities the person works in, and the group's own.
            changed = form.save(commit=False)
            try:
                outcome = group_change(
                    user=request.user,
                    group=changed,
                    themes=form.cleaned_data.get("themes") if access == Access.FULL else None,
                )
            except GroupInReview:
                # Sent from another tab while this form was open: keep what was typed.
                form.add_error(None, _IN_REVIEW)
                status = 409
            else:
                messages.success(request, {
                    Changed.PUBLISHED: _("Your changes are published."),
                    Changed.SAVED: _("Your changes are saved in the draft."),
                    Changed.SENT_FOR_REVIEW: _(
                        "You changed what the group is or whom it is for, so the coordinator approves it again. "
                        "Until then the group's page shows it as it was. You get an e-mail when they have decided."
                    ),
                }[outcome])
                return HttpResponseRedirect(_detail_url(group))
        else:
            status = 400
    return render(
        request,
        "facilitators/groups/form.html",
        {"form": form, "group": group, "creating": False, "contact_only": access == Access.CONTACT},
        status=status,
    )


@login_required
@require_POST
def group_submit(request, pk):
    group = group_for_user(user=request.user, pk=pk)
    if group_access(request.user, group) != Access.FULL:
        raise PermissionDenied
    try:
        group_submit_for_approval(user=request.user, group=group)
    except AlreadySubmitted:
        messages.info(request, _("The group is already with the coordinator, or published."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The group is sent to the coordinator for your county. You get an e-mail when they have decided."))
    return HttpResponseRedirect(_detail_url(group))


@login_required
@require_POST
def startup_stage(request, pk):
    group, startup = _startup_or_deny(request, pk)
    form = StageForm(request.POST, needs_contact=not member_is_contact(startup))
    if form.is_valid():
        try:
            startup_stage_change(
                user=request.user,
                startup=startup,
                to_stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
                stopped_reason=form.cleaned_data["stopped_reason"],
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"] or "",
                keep_status=form.cleaned_data["keep_status"],
            )
        except StageNotAllowed as error:
            form.add_error("stage", str(error))
        else:
            messages.success(request, _("The stage is changed."))
            return HttpResponseRedirect(_detail_url(group))
    return _detail_response(request, group, status=400, stage_form=form)


@login_required
@require_POST
def contact_invite(request, pk):
    group, startup = _startup_or_deny(request, pk)
    form = ContactInviteForm(request.POST)
    if form.is_valid():
        try:
            group_contact_invite(
                user=request.user, startup=startup, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
            )
        except StageNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The group contact is invited by e-mail."))
            return HttpResponseRedirect(_detail_url(group))
    return _detail_response(request, group, status=400, invite_form=form)


@login_required
def follow_up(request, pk):
    group, startup = _startup_or_deny(request, pk)
    form = FollowUpForm(initial={"answer": startup.follow_up_answer})
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            startup_follow_up_answer(user=request.user, startup=startup, answer=form.cleaned_data["answer"])
            messages.success(request, _("Thank you. Your answer is saved, and the coordinator can read it."))
            return HttpResponseRedirect(_detail_url(group))
        status = 400
    return render(
        request, "facilitators/groups/follow_up.html", {"group": group, "startup": startup, "form": form},
        status=status,
    )
