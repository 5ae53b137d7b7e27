"""Information meetings: the public list and sign-up, the person's own page (by a link with a
token, no account), and the facilitator's pages in Min side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samhold.http import absolute_url, client_ip, private_link_headers
from samhold.retention import kept_for
from samhold.site import directory_page, group_url

from .. import consent
from ..forms.meetings import MeetingCancelForm, MeetingForm, MeetingSignUpForm
from ..ics import meeting_calendar
from ..selectors.meetings import (
    group_get_for_meetings,
    meeting_get_for_user,
    meeting_get_public,
    meeting_is_open,
    signup_get_by_confirm_token,
    signup_get_by_manage_token,
    signup_get_for_user,
    signup_list,
    signup_place_in_queue,
)
from ..selectors.meetings import (
    meetings_upcoming as upcoming_meetings,
)
from ..services.meetings import (
    MeetingClosed,
    SignUpRateLimited,
    meeting_change,
    meeting_schedule,
    meeting_sign_up,
    signup_cancel,
    signup_confirm,
    signup_confirm_by_phone,
    signup_manage_path,
    signup_remove,
)
from ..services.meetings import (
    meeting_cancel as cancel_meeting,
)
from ..services.records import Action, record
from ..templatetags.meetings_tags import with_signup_urls
from .links import delete_confirm_page, delete_confirmed, link_gone


def _group_url(request, group) -> str:
    """The group's public page in the active language, or "" if there is no directory page."""
    return group_url(group, request=request)


# Public ----------------------------------------------------------------------------------

def meetings_upcoming(request):
    """All open information meetings to come, soonest first."""
    meetings = with_signup_urls(upcoming_meetings())
    page = directory_page()
    for meeting in meetings:
        meeting.group_url = page.group_url(meeting.group, request=request) if page else ""
    directory_url = (page.get_url(request) or "") if page else ""
    return render(request, "facilitators/meetings/upcoming.html", {"meetings": meetings, "directory_url": directory_url})


def _closed(request, meeting, status=410):
    return render(
        request,
        "facilitators/meetings/signup_closed.html",
        {"meeting": meeting, "group_url": _group_url(request, meeting.group)},
        status=status,
    )


def meeting_signup(request, pk: int):
    meeting = meeting_get_public(pk=pk)
    if meeting is None:
        raise Http404
    if not meeting_is_open(meeting):
        return _closed(request, meeting)
    done_url = reverse("facilitators:meeting_signup_done", kwargs={"pk": meeting.pk})
    form = MeetingSignUpForm()
    status = 200
    form_error = ""
    if request.method == "POST":
        form = MeetingSignUpForm(request.POST)
        if form.is_robot():
            # Tell a robot it worked; keep nothing.
            return HttpResponseRedirect(done_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_sign_up(
                    meeting=meeting,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=request.LANGUAGE_CODE,
                    consent_text_version=consent.MEETING_SIGNUP_CONSENT_VERSION,
                    ip_address=client_ip(request),
                )
            except MeetingClosed:
                return _closed(request, meeting, status=409)
            except SignUpRateLimited:
                status = 429
                form_error = _(
                    "Many sign-ups have been sent from here in a short time. What you wrote is still in the "
                    "form: please try again in an hour."
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                # The same page whether or not the address was signed up already.
                return HttpResponseRedirect(done_url)
        else:
            status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "meeting": meeting,
        "form": form,
        "form_error": form_error,
        "group_url": _group_url(request, meeting.group),
        "is_full": meeting.confirmed_count >= meeting.capacity,
        "places_left": max(meeting.capacity - meeting.confirmed_count, 0),
        "purpose": consent.MEETING_SIGNUP_PURPOSE,
        "retention": consent.meeting_signup_retention(),
    }
    return render(request, "facilitators/meetings/signup.html", context, status=status)


def meeting_signup_done(request, pk: int):
    """One page for everyone who signed up: it never says whether the address was known."""
    meeting = meeting_get_public(pk=pk)
    if meeting is None:
        raise Http404
    context = {
        "meeting": meeting,
        "group_url": _group_url(request, meeting.group),
        "hours": int(kept_for("meeting_signup_unconfirmed").total_seconds() // 3600),
    }
    return render(request, "facilitators/meetings/signup_done.html", context)


def meeting_signup_confirm(request, token: str):
    """The link in the confirmation e-mail: the meeting, and buttons to confirm or to delete
    the sign-up. GET changes nothing (link scanners open e-mails' links)."""
    signup = signup_get_by_confirm_token(token=token)
    if signup is None:
        return link_gone(request)
    meeting = signup.meeting
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            signup_cancel(signup=signup)
            return private_link_headers(render(request, "facilitators/meetings/manage_cancelled.html",
                                               {"meeting": meeting, "group_url": _group_url(request, meeting.group)}))
        try:
            signup = signup_confirm(signup=signup)
        except MeetingClosed:
            return private_link_headers(_closed(request, meeting, status=409))
        if signup.status == signup.Status.CONFIRMED:
            messages.success(request, _("Thank you – you have a place at the meeting."))
        else:
            messages.success(request, _("Thank you – the meeting is full, so you are on the waiting list."))
        return private_link_headers(HttpResponseRedirect(signup_manage_path(signup)))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "signup": signup,
        "meeting": meeting,
        "is_open": meeting_is_open(meeting),
        "group_url": _group_url(request, meeting.group) if meeting.group.live else "",
    }
    return private_link_headers(render(request, "facilitators/meetings/confirm.html", context))


def meeting_signup_manage(request, token: str):
    """The person's own page: what is stored, whether they have a place, and cancelling."""
    signup = signup_get_by_manage_token(token=token)
    if signup is None:
        return link_gone(request)
    if request.method == "POST":
        if not delete_confirmed(request):
            return delete_confirm_page(
                request,
                heading=_("Cancel your sign-up"),
                text=_("Your sign-up is then deleted at once. If the meeting is full, the next person on the waiting list gets your place."),
                button=_("Cancel my sign-up"),
            )
        signup_cancel(signup=signup)
        return private_link_headers(
            render(
                request,
                "facilitators/meetings/manage_cancelled.html",
                {"meeting": signup.meeting, "group_url": _group_url(request, signup.meeting.group)},
            )
        )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    meeting = signup.meeting
    context = {
        "signup": signup,
        "token": token,
        "meeting": meeting,
        "is_open": meeting_is_open(meeting),
        "show_link": meeting_is_open(meeting) and signup.status == signup.Status.CONFIRMED,
        "place_in_queue": signup_place_in_queue(signup),
        "group_url": _group_url(request, meeting.group) if meeting.group.live else "",
    }
    return private_link_headers(render(request, "facilitators/meetings/manage.html", context))


def meeting_ics(request, token: str):
    signup = signup_get_by_manage_token(token=token)
    if signup is None:
        return link_gone(request)
    ical = meeting_calendar(
        signup.meeting,
        url=absolute_url(request.path.rsplit("/kalender.ics", 1)[0] + "/"),
        with_link=signup.status == signup.Status.CONFIRMED,
    )
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="informasjonsmote.ics"'
    return private_link_headers(response)


# Min side --------------------------------------------------------------------------------

@login_required
def meeting_create(request, pk: int):
    """Schedule an information meeting for a group the person may edit fully."""
    group = group_get_for_meetings(user=request.user, pk=pk)
    if group is None:
        raise Http404
    form = MeetingForm()
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = meeting_schedule(group=group, actor=request.user, **form.meeting_values())
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The information meeting is scheduled and shown on the group's page."))
                return HttpResponseRedirect(reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}))
        else:
            status = 400
    context = {"group": group, "form": form}
    return render(request, "facilitators/meetings/create.html", context, status=status)


@login_required
def meeting_edit(request, pk: int):
    """Change a meeting still to come. People signed up are told of a new time or place; the
    number of places cannot go below the number of people who have one."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    if not meeting_is_open(meeting) and request.method == "GET":
        messages.info(request, _("The meeting is over or cancelled, so it cannot be changed."))
        return HttpResponseRedirect(reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}))
    form = MeetingForm(initial=MeetingForm.initial_for(meeting))
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                outcome = meeting_change(meeting=meeting, actor=request.user, **form.meeting_values())
            except PermissionDenied:
                raise Http404 from None
            except MeetingClosed:
                form.add_error(None, _("The meeting is over or cancelled, so it cannot be changed."))
                status = 409
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                text = _("The meeting is changed.")
                if outcome.told:
                    text += " " + ngettext(
                        "%(count)s person was told by e-mail.", "%(count)s people were told by e-mail.", outcome.told
                    ) % {"count": outcome.told}
                if outcome.promoted:
                    text += " " + ngettext(
                        "%(count)s person moved up from the waiting list.",
                        "%(count)s people moved up from the waiting list.",
                        outcome.promoted,
                    ) % {"count": outcome.promoted}
                messages.success(request, text)
                return HttpResponseRedirect(reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}))
        else:
            status = 400
    context = {"group": meeting.group, "form": form, "meeting": meeting}
    return render(request, "facilitators/meetings/create.html", context, status=status)


# The services name the model's fields; the form asks for a date and times.
_FORM_FIELD = {"starts_at": "date", "ends_at": "end_time", "__all__": None}


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form field it is about."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.message_dict.items():
        field = _FORM_FIELD.get(key, key)
        form.add_error(field if field in form.fields else None, errors)


def _detail(request, meeting, *, cancel_form=None, status=200):
    people = signup_list(meeting=meeting)
    if people["confirmed"] or people["waiting"] or people["to_call"]:
        record(
            actor=request.user,
            action=Action.PEOPLE_VIEWED,
            obj=meeting,
            label=str(meeting),
            detail=f"information meeting sign-ups: {len(people['confirmed'])} with a place, "
            f"{len(people['waiting'])} waiting, {len(people['to_call'])} to call",
        )
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "confirmed": people["confirmed"],
        "waiting": people["waiting"],
        "to_call": people["to_call"],
        "pending_count": people["pending_count"],
        "phone_only": [s for s in people["confirmed"] + people["waiting"] + people["to_call"] if not s.email],
        "is_open": meeting_is_open(meeting),
        "cancel_form": cancel_form or MeetingCancelForm(),
        "signup_url": reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk}),
    }
    return private_link_headers(render(request, "facilitators/meetings/detail.html", context, status=status))


@login_required
def meeting_detail(request, pk: int):
    """The meeting, who has a place and who waits. Seeing the people is recorded."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return _detail(request, meeting)


@login_required
def meeting_cancel(request, pk: int):
    """Cancel the meeting (POST); everyone signed up with an e-mail address is told."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    form = MeetingCancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, cancel_form=form, status=400)
    try:
        told = cancel_meeting(meeting=meeting, actor=request.user, note=form.cleaned_data["note"])
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        ngettext(
            "The meeting is cancelled. %(count)s person was told by e-mail.",
            "The meeting is cancelled. %(count)s people were told by e-mail.",
            told,
        )
        % {"count": told},
    )
    return HttpResponseRedirect(reverse("facilitators:meeting_detail", kwargs={"pk": meeting.pk}))


@login_required
@require_POST
def signup_phone_decision(request, pk: int, signup_pk: int):
    """The facilitator has called a phone-only sign-up: confirm it (a place or the waiting
    list) or remove it."""
    signup = signup_get_for_user(user=request.user, meeting_pk=pk, pk=signup_pk)
    if signup is None:
        raise Http404
    try:
        if request.POST.get("action") == "remove":
            signup_remove(signup=signup, actor=request.user)
            messages.success(request, _("The sign-up is removed."))
        else:
            signup = signup_confirm_by_phone(signup=signup, actor=request.user)
            if signup.status == signup.Status.CONFIRMED:
                messages.success(request, _("Confirmed: the person has a place."))
            else:
                messages.success(request, _("Confirmed: the meeting is full, so the person is on the waiting list."))
    except PermissionDenied:
        raise Http404 from None
    except MeetingClosed:
        messages.error(request, _("The meeting is over or cancelled, so nobody can get a place."))
    return HttpResponseRedirect(reverse("facilitators:meeting_detail", kwargs={"pk": pk}))
