"""Writes for information meetings: scheduling and cancelling them, signing up (confirmed from
the e-mail, or by the facilitator on the phone) with a waiting list, reminders the day before,
and deleting sign-ups when they are no longer needed.

A sign-up reveals an interest in a health theme: it is e-mailed only to the person, in their
own language; until the address is confirmed, nothing in the e-mail names the meeting or
repeats what was typed. The record names the meeting, never the person."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from groups.models import Status as GroupStatus
from outbox.services import email_compose, recipient_allow
from samhold.http import absolute_url, address_limits
from samhold.limits import rate_limit_allow
from samhold.retention import kept_for

from ..ics import meeting_calendar, meeting_location, meeting_when
from ..models import InfoMeeting, LinkPurpose, MeetingSignUp, SignUpLink, User
from ..scope import Access, group_access
from ..selectors.meetings import meeting_is_open
from .links import link_issue, links_spend
from .records import Action, record
from .startups import startup_meeting_scheduled

CONFIRMED = MeetingSignUp.Status.CONFIRMED
WAITING = MeetingSignUp.Status.WAITING



class MeetingClosed(Exception):
    """The meeting is cancelled, over, or its group is not (or no longer) public."""


class SignUpRateLimited(Exception):
    """Too many sign-ups from one address in a short time."""


def signup_manage_path(signup: MeetingSignUp) -> str:
    """A new private link to the person's own page (see the sign-up, add it to a calendar,
    cancel it), as a path in the person's language (English pages live under /en/)."""
    token = link_issue(SignUpLink, owner=signup, purpose=LinkPurpose.MANAGE)
    with override(signup.language or settings.LANGUAGE_CODE):
        return reverse("facilitators:meeting_signup_manage", kwargs={"token": token})


def signup_manage_url(signup: MeetingSignUp) -> str:
    """The same, absolute, for one e-mail."""
    return absolute_url(signup_manage_path(signup))


# Scheduling ------------------------------------------------------------------------------

def _time_and_place_errors(starts_at: datetime, ends_at: datetime, place: str, online_url: str) -> dict:
    """What is wrong with a meeting's time and place, by field (empty when nothing is)."""
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting must be in the future.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not place.strip() and not online_url.strip():
        errors["place"] = _("Write where the meeting is, or give a link to the online meeting.")
    return errors


def meeting_schedule(
    *,
    group,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    description: str = "",
) -> InfoMeeting:
    """Schedule an open information meeting for a group. Only someone with full access to the
    group (its facilitators, the coordinators for its county, administrators) may. A start-up
    still in planning moves to "information meeting scheduled".

    Raises PermissionDenied for anyone else and ValidationError for a meeting in the past,
    one without a place or link, or a group that has ended."""
    if group_access(actor, group) != Access.FULL:
        raise PermissionDenied
    errors = _time_and_place_errors(starts_at, ends_at, place, online_url)
    if group.status in (GroupStatus.ENDED,):
        errors["__all__"] = _("The group has ended, so it cannot hold an information meeting.")
    if errors:
        raise ValidationError(errors)
    meeting = InfoMeeting(
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        capacity=capacity,
        description=description.strip(),
        created_by=actor,
    )
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        record(actor=actor, action=Action.MEETING_SCHEDULED, obj=meeting, label=str(meeting))
        # Scheduling the meeting is the stage "information meeting scheduled": the start-up
        # follows, so the facilitator does not have to say it twice.
        with override(settings.LANGUAGE_CODE):
            note = _("Information meeting: %(when)s.") % {"when": meeting_when(meeting)}
        startup_meeting_scheduled(group=group, user=actor, note=note)
    return meeting


class MeetingChange:
    """What became of a change to a meeting: who was told, and who moved up from the waiting list."""

    def __init__(self, *, told: int = 0, promoted: int = 0):
        self.told, self.promoted = told, promoted


# What people who signed up are told about: when and where the meeting is.
TOLD_FIELDS = ["starts_at", "ends_at", "place", "online_url"]


def meeting_change(
    *,
    meeting: InfoMeeting,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    description: str = "",
) -> MeetingChange:
    """Change a meeting still to come: its time, place, link, number of places and text.

    Everyone signed up with an e-mail address (with a place or waiting) is told of a new time,
    place or link, each in their language, and those with a place get the new calendar file; a
    moved meeting is reminded of again. People who gave only a phone number are on the
    facilitator's list to call.

    Nobody who has a place loses it: the number of places cannot go below the number of people
    who have one (ValidationError). More places move the first on the waiting list up, and they
    are told as when someone cancels. Raises PermissionDenied, MeetingClosed for a meeting that
    is over or cancelled, and ValidationError for the same mistakes as meeting_schedule."""
    if group_access(actor, meeting.group) != Access.FULL:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock_meeting(meeting.pk)
        if locked.cancelled_at is not None or locked.starts_at <= timezone.now():
            raise MeetingClosed
        errors = _time_and_place_errors(starts_at, ends_at, place, online_url)
        holding = MeetingSignUp.objects.filter(meeting=locked, status=CONFIRMED).count()
        if capacity < holding:
            errors["capacity"] = _(
                "%(count)s people have a place, so there must be at least %(count)s places. Nobody loses a place "
                "they have been given."
            ) % {"count": holding}
        new = {"starts_at": starts_at, "ends_at": ends_at, "place": place.strip(), "online_url": online_url.strip()}
        tells = any(new[field] != getattr(locked, field) for field in TOLD_FIELDS)
        # Each change of time or place e-mails everyone signed up: a few a day at most, so a
        # meeting cannot be turned into a way to flood their inboxes.
        limit = (settings.SAMHOLD_MEETING_CHANGES_TOLD_PER_DAY, timedelta(days=1))
        if not errors and tells and not rate_limit_allow(scope="meeting-change", limits={f"meeting:{locked.pk}": limit}):
            errors["__all__"] = _(
                "The time or place of this meeting has been changed several times today, and everyone signed "
                "up was told each time. Wait until tomorrow to change it again, or ask your coordinator."
            )
        if errors:
            raise ValidationError(errors)
        before = {field: getattr(locked, field) for field in TOLD_FIELDS}
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.place, locked.online_url = place.strip(), online_url.strip()
        locked.capacity, locked.description = capacity, description.strip()
        locked.full_clean()
        locked.save()
        changed = [field for field in TOLD_FIELDS if getattr(locked, field) != before[field]]
        if before["starts_at"] != locked.starts_at:
            # The reminder goes out again the day before the new time.
            MeetingSignUp.objects.filter(meeting=locked).update(reminded_at=None)
        # More places first: whoever moves up hears it once, in the e-mail giving them the place,
        # which has the new time and place already.
        waiting_before = set(MeetingSignUp.objects.filter(meeting=locked, status=WAITING).values_list("pk", flat=True))
        if capacity > holding and meeting_is_open(locked):
            _promote_from_waiting_list(locked)
        moved_up = waiting_before - set(
            MeetingSignUp.objects.filter(meeting=locked, status=WAITING).values_list("pk", flat=True)
        )
        promoted = len(moved_up)
        told = _tell_of_change(locked, changed, skip=moved_up) if changed else 0
        record(
            actor=actor, action=Action.MEETING_CHANGED, obj=locked, label=str(locked),
            detail=f"{', '.join(changed) or 'capacity/text'}; {told} e-mailed",
        )
    for field in ("starts_at", "ends_at", "place", "online_url", "capacity", "description"):
        setattr(meeting, field, getattr(locked, field))
    return MeetingChange(told=told, promoted=promoted)


def _tell_of_change(meeting: InfoMeeting, changed: list[str], *, skip: set[int]) -> int:
    told = 0
    people = MeetingSignUp.objects.filter(meeting=meeting, status__in=[CONFIRMED, WAITING]).exclude(email="")
    for signup in people.exclude(pk__in=skip):
        manage_url = signup_manage_url(signup)
        has_place = signup.status == CONFIRMED
        email_compose(
            to=[signup.email],
            language=signup.language,
            subject=gettext_lazy("An information meeting has changed"),
            template="facilitators/email/meeting_changed.txt",
            context=lambda signup=signup, manage_url=manage_url: _email_context(
                signup, meeting, manage_url=manage_url,
                time_changed="starts_at" in changed or "ends_at" in changed,
                place_changed="place" in changed or "online_url" in changed,
            ),
            purpose="meeting_changed",
            attachment=(
                (lambda manage_url=manage_url: _calendar_attachment(meeting, manage_url)) if has_place else None
            ),
        )
        told += 1
    return told


def meeting_cancel(*, meeting: InfoMeeting, actor: User, note: str = "") -> int:
    """Cancel a meeting and tell everyone signed up who gave an e-mail address, each in their
    language. People who gave only a phone number are on the facilitator's list to call.
    Returns how many were e-mailed. Cancelling twice does nothing the second time."""
    if group_access(actor, meeting.group) != Access.FULL:
        raise PermissionDenied
    with transaction.atomic():
        locked = InfoMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.cancelled_at is not None:
            return 0
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at"])
        meeting.cancelled_at = locked.cancelled_at
        told = 0
        for signup in MeetingSignUp.objects.filter(meeting=meeting, status__in=[CONFIRMED, WAITING]).exclude(email=""):
            email_compose(
                to=[signup.email],
                language=signup.language,
                subject=gettext_lazy("An information meeting is cancelled"),
                template="facilitators/email/meeting_cancelled.txt",
                context=lambda signup=signup: _email_context(
                    signup, meeting, note=note.strip(), manage_url=signup_manage_url(signup)
                ),
                purpose="meeting_cancelled",
            )
            told += 1
        record(
            actor=actor,
            action=Action.MEETING_CANCELLED,
            obj=meeting,
            label=str(meeting),
            detail=f"{told} e-mailed",
        )
    return told


# Signing up -----------------------------------------------------------------------------

def _rate_limit(ip_address: str) -> None:
    """At most SAMHOLD_MEETING_SIGNUP_LIMIT_PER_IP_PER_HOUR sign-ups per IP address per hour,
    counted by the outbox's send limit (keyed hashes only, kept apart from the sign-ups)."""
    if not rate_limit_allow(
        scope="meeting_signup",
        limits=address_limits(ip_address, settings.SAMHOLD_MEETING_SIGNUP_LIMIT_PER_IP_PER_HOUR),
    ):
        raise SignUpRateLimited


def _email_context(signup: MeetingSignUp, meeting: InfoMeeting, *, manage_url: str, **extra) -> dict:
    return {
        "signup": signup,
        "meeting": meeting,
        "group": meeting.group,
        "location": meeting_location(meeting),
        "when": meeting_when(meeting),
        "manage_url": manage_url,
        **extra,
    }


def _send_confirmation(signup: MeetingSignUp, meeting: InfoMeeting, *, promoted: bool = False) -> None:
    """The e-mail saying whether the person has a place or is on the waiting list; with a place
    it carries the meeting as an .ics file. Only to a confirmed address."""
    if not signup.email:
        return
    manage_url = signup_manage_url(signup)  # one link, in the body and in the calendar file
    if signup.status == CONFIRMED:
        subject = (
            gettext_lazy("A place is free for you at an information meeting")
            if promoted
            else gettext_lazy("You have a place at an information meeting")
        )
        template = "facilitators/email/meeting_signup_confirmed.txt"
        attachment = lambda: _calendar_attachment(meeting, manage_url)  # noqa: E731 - made in the reader's language
    else:
        subject = gettext_lazy("You are on the waiting list for an information meeting")
        template = "facilitators/email/meeting_signup_waiting.txt"
        attachment = None
    email_compose(
        to=[signup.email],
        language=signup.language,
        subject=subject,
        template=template,
        context=lambda: _email_context(signup, meeting, promoted=promoted, manage_url=manage_url),
        purpose="meeting_signup_promoted" if promoted else "meeting_signup",
        attachment=attachment,
    )


def _calendar_attachment(meeting: InfoMeeting, manage_url: str) -> tuple[str, str, str]:
    """The meeting as an .ics file for an e-mail (call in the reader's language)."""
    return ("informasjonsmote.ics", meeting_calendar(meeting, url=manage_url).decode(), "text/calendar")


def meeting_sign_up(
    *,
    meeting: InfoMeeting,
    name: str,
    email: str = "",
    phone: str = "",
    language: str,
    consent_text_version: str,
    ip_address: str,
) -> None:
    """Take a sign-up. With an e-mail address it waits for the person to confirm it from the
    e-mail we send (a neutral one: no meeting, no name, nothing typed); with only a phone
    number it waits for the facilitator to call and confirm. Neither holds a place until then.

    An address (or, without one, a phone number) already signed up for the meeting changes
    nothing and gets no second e-mail, and so does an address that has had its day's share of
    e-mail from our forms: the caller answers the same in every case, so the answer never tells
    whether someone is signed up. Returns nothing for that reason.

    Raises MeetingClosed, SignUpRateLimited or ValidationError."""
    _rate_limit(ip_address)
    email = email.strip().lower()
    phone = phone.strip()
    if not email and not phone:
        raise ValidationError({"email": _("Give an e-mail address or a phone number, so the facilitator can reach you.")})
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with transaction.atomic():
        locked = _lock_meeting(meeting.pk)
        if not meeting_is_open(locked):
            raise MeetingClosed
        same = MeetingSignUp.objects.filter(meeting=locked)
        if email:
            known = same.filter(email=email).exists()
        else:
            # "912 34 567" and "91234567" are one phone.
            known = any(_digits(other) == _digits(phone) for other in same.filter(email="").values_list("phone", flat=True))
        if known:
            return
        if email and not recipient_allow(email=email):
            return
        signup = MeetingSignUp(
            meeting=locked,
            name=" ".join(name.split()),
            email=email,
            phone=phone,
            status=MeetingSignUp.Status.PENDING if email else MeetingSignUp.Status.CALL,
            consent_text_version=consent_text_version,
            language=language,
        )
        signup.full_clean()
        signup.save()
        if email:
            token = link_issue(SignUpLink, owner=signup, purpose=LinkPurpose.CONFIRM)
            email_compose(
                to=[email],
                language=language,
                subject=gettext_lazy("Confirm your sign-up on Samhold"),
                template="facilitators/email/meeting_signup_confirm.txt",
                context=lambda: {
                    "confirm_url": absolute_url(reverse("facilitators:meeting_signup_confirm", kwargs={"token": token})),
                    "hours": int(kept_for("meeting_signup_unconfirmed").total_seconds() // 3600),
                },
                purpose="meeting_signup_confirm",
            )


def _lock_meeting(meeting_id: int) -> InfoMeeting:
    """The meeting row, locked for the rest of the transaction: every change to its places
    (signing up, confirming, cancelling, removing) goes one after the other."""
    return (
        InfoMeeting.objects.select_for_update(of=("self",))
        .select_related("group__municipality__county")
        .get(pk=meeting_id)
    )


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+").removeprefix("+47").removeprefix("0047")


def _give_place(signup: MeetingSignUp, meeting: InfoMeeting) -> None:
    """A place if there is one, else the waiting list; the meeting row is locked by the caller."""
    confirmed = MeetingSignUp.objects.filter(meeting=meeting, status=CONFIRMED).count()
    signup.status = CONFIRMED if confirmed < meeting.capacity else WAITING
    signup.confirmed_at = timezone.now()
    signup.save(update_fields=["status", "confirmed_at"])


def signup_confirm(*, signup: MeetingSignUp) -> MeetingSignUp:
    """The person confirmed their address from the e-mail: they get a place (or the waiting
    list), the confirm link is spent, and the confirmation with the calendar file goes out.
    Confirming twice changes nothing. Raises MeetingClosed if the meeting is over or cancelled.

    The meeting row is locked while the places are counted, so two people can never both take
    the last place."""
    with transaction.atomic():
        meeting = _lock_meeting(signup.meeting_id)
        signup = MeetingSignUp.objects.get(pk=signup.pk)
        if signup.status != MeetingSignUp.Status.PENDING:
            return signup
        if not meeting_is_open(meeting):
            raise MeetingClosed
        _give_place(signup, meeting)
        links_spend(SignUpLink, owner=signup, purpose=LinkPurpose.CONFIRM)
        _send_confirmation(signup, meeting)
    return signup


def signup_confirm_by_phone(*, signup: MeetingSignUp, actor: User) -> MeetingSignUp:
    """The facilitator called a phone-only sign-up and the person said yes: a place, or the
    waiting list. Only for someone with full access to the group."""
    with transaction.atomic():
        meeting = _lock_meeting(signup.meeting_id)
        if group_access(actor, meeting.group) != Access.FULL:
            raise PermissionDenied
        signup = MeetingSignUp.objects.get(pk=signup.pk)
        if signup.status != MeetingSignUp.Status.CALL:
            return signup
        if not meeting_is_open(meeting):
            raise MeetingClosed
        _give_place(signup, meeting)
        record(actor=actor, action=Action.SIGNUP_CONFIRMED_BY_PHONE, obj=meeting, label=str(meeting))
    return signup


def signup_remove(*, signup: MeetingSignUp, actor: User) -> None:
    """The facilitator removes a sign-up that did not hold up (nobody answered the number, or
    the person did not sign up). If it held a place, the first on the waiting list moves up."""
    with transaction.atomic():
        meeting = _lock_meeting(signup.meeting_id)
        if group_access(actor, meeting.group) != Access.FULL:
            raise PermissionDenied
        _delete_and_promote(signup, meeting)
        record(actor=actor, action=Action.SIGNUP_REMOVED, obj=meeting, label=str(meeting))


def signup_cancel(*, signup: MeetingSignUp) -> MeetingSignUp | None:
    """The person cancels by their private link: the sign-up is deleted at once. If it held a
    place in a meeting still to come, the first on the waiting list moves up and is told by
    e-mail. Returns the deleted sign-up (unsaved), or None if it was gone already."""
    with transaction.atomic():
        meeting = _lock_meeting(signup.meeting_id)
        return _delete_and_promote(signup, meeting)


def _delete_and_promote(signup: MeetingSignUp, meeting: InfoMeeting) -> MeetingSignUp | None:
    signup = MeetingSignUp.objects.filter(pk=signup.pk).first()
    if signup is None:  # cancelled twice at the same moment
        return None
    freed = signup.status == CONFIRMED
    signup.delete()
    signup.meeting = meeting
    if freed and meeting_is_open(meeting):
        _promote_from_waiting_list(meeting)
    return signup


def _promote_from_waiting_list(meeting: InfoMeeting) -> MeetingSignUp | None:
    """Give free places to the first on the waiting list, in the order they signed up."""
    confirmed = MeetingSignUp.objects.filter(meeting=meeting, status=CONFIRMED).count()
    free = meeting.capacity - confirmed
    promoted = None
    if free <= 0:
        return None
    for signup in MeetingSignUp.objects.filter(meeting=meeting, status=WAITING).order_by("created_at", "pk")[:free]:
        signup.status = CONFIRMED
        signup.save(update_fields=["status"])
        _send_confirmation(signup, meeting, promoted=True)
        promoted = promoted or signup
    return promoted


# Background sweeps -----------------------------------------------------------------------

def meeting_reminders_send_due() -> int:
    """Remind people with a place, the day before the meeting (from midnight of the day before
    until it starts), once. Someone who signed up after that midnight has just had the
    confirmation and gets no reminder. Returns how many reminders were queued."""
    now = timezone.now()
    today = timezone.localdate(now)
    # Meetings starting before the end of tomorrow, local time.
    horizon = timezone.make_aware(datetime.combine(today + timedelta(days=2), time.min))
    due = (
        MeetingSignUp.objects.filter(
            status=CONFIRMED,
            reminded_at__isnull=True,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gt=now,
            meeting__starts_at__lt=horizon,
        )
        .exclude(email="")
        .select_related("meeting__group__municipality__county")
    )
    sent = 0
    for signup in due:
        meeting = signup.meeting
        day_before = timezone.make_aware(
            datetime.combine(timezone.localdate(meeting.starts_at) - timedelta(days=1), time.min)
        )
        if now < day_before or signup.created_at >= day_before:
            continue
        with transaction.atomic():
            # Claim it first: two sweeps at the same time never remind twice.
            claimed = MeetingSignUp.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            manage_url = signup_manage_url(signup)
            email_compose(
                to=[signup.email],
                language=signup.language,
                subject=gettext_lazy("Reminder: information meeting tomorrow"),
                template="facilitators/email/meeting_reminder.txt",
                context=lambda signup=signup, meeting=meeting, manage_url=manage_url: _email_context(
                    signup, meeting, manage_url=manage_url
                ),
                purpose="meeting_reminder",
                attachment=lambda meeting=meeting, manage_url=manage_url: _calendar_attachment(meeting, manage_url),
            )
            sent += 1
    return sent


def meeting_signups_purge() -> int:
    """Delete sign-ups 30 days after their meeting, a week after a meeting was cancelled, and
    e-mail sign-ups nobody confirmed within two days. The meeting itself stays (it holds no
    personal data). Returns how many were deleted."""
    now = timezone.now()
    _total, per_model = MeetingSignUp.objects.filter(
        Q(meeting__starts_at__lt=now - kept_for("meeting_signup_after_meeting"))
        | Q(meeting__cancelled_at__lt=now - kept_for("meeting_signup_after_cancellation"))
        | Q(status=MeetingSignUp.Status.PENDING, created_at__lt=now - kept_for("meeting_signup_unconfirmed"))
    ).delete()
    return per_model.get(MeetingSignUp._meta.label, 0)
