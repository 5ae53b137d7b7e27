"""Writes for interest registrations ("Meld interesse"): register with double opt-in, change,
renew and delete by the link in the e-mail, tell people once per group, let a facilitator write
to them, and the sweeps that remind, expire and delete.

Every e-mail goes through the outbox in the person's language and carries the link to the page
where they see, change or delete their registration."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from directory.models import Municipality
from groups.models import SelfHelpGroup, Status
from outbox.services import email_compose, recipient_allow
from samhold.http import absolute_url, address_limits
from samhold.limits import rate_limit_allow
from samhold.retention import kept_for
from samhold.site import group_url

from ..ics import meeting_when
from ..models import (
    InfoMeeting,
    InterestLink,
    InterestMessage,
    InterestNotification,
    InterestRegistration,
    LinkPurpose,
    MeetingSignUp,
    User,
)
from ..models.records import Action
from ..scope import Access, group_access
from ..selectors.interest import interest_active, interest_matching_group, interest_people_for_group
from .links import link_issue, links_spend
from .records import record

REMIND_BEFORE = timedelta(days=30)
LANGUAGES = ("nb", "en")


def _ended_municipality() -> str:
    return _("This municipality no longer exists. Choose the one you live in now.")


class RegistrationRateLimited(Exception):
    """Too many registrations from one address in a short time."""


class MessageRateLimited(Exception):
    """The group's interested people have been written to often enough today."""


class NotAllowed(Exception):
    """The person may not do this with this group."""


class GroupNotApproved(Exception):
    """The group is not published (approved by the coordinator) yet."""


# Links -----------------------------------------------------------------------------------

def _link(registration: InterestRegistration, *, purpose: str, view: str) -> str:
    """A new private link of `purpose` to the registration, absolute, in the active language."""
    token = link_issue(InterestLink, owner=registration, purpose=purpose)
    return absolute_url(reverse(view, kwargs={"token": token}))


def interest_manage_path(registration: InterestRegistration) -> str:
    """A new link to the person's own page (see, change, renew, delete), as a path on this site."""
    token = link_issue(InterestLink, owner=registration, purpose=LinkPurpose.MANAGE)
    return reverse("facilitators:interest_manage", kwargs={"token": token})


def interest_manage_url(registration: InterestRegistration) -> str:
    """The same, absolute, for one e-mail."""
    return absolute_url(interest_manage_path(registration))


def _group_url(group: SelfHelpGroup) -> str:
    """The group's public page in the active language, or "" if there is no directory page."""
    return group_url(group, absolute=True)


def _language(value: str) -> str:
    value = (value or "").split("-")[0].lower()
    return value if value in LANGUAGES else settings.LANGUAGE_CODE


def _send(
    registration: InterestRegistration,
    *,
    template: str,
    subject: str,
    purpose: str,
    reply_to="",
    link: str = LinkPurpose.MANAGE,
    **context,
):
    """Queue one e-mail to the person, rendered in their language. `subject` is an English
    msgid (marked with gettext_noop), translated here; `context` values may be callables,
    evaluated in that language. `link` is which private link the e-mail carries: a manage
    link (the default), only the confirm link, or none ("") when replies go to someone else."""

    def values():
        made = {key: value() if callable(value) else value for key, value in context.items()}
        if link == LinkPurpose.MANAGE:
            made["manage_url"] = interest_manage_url(registration)
        elif link == LinkPurpose.CONFIRM:
            made["confirm_url"] = _link(registration, purpose=LinkPurpose.CONFIRM, view="facilitators:interest_confirm")
        return {"registration": registration, **made}

    email_compose(
        to=[registration.email],
        language=registration.language,
        subject=gettext_lazy(subject),
        template=f"facilitators/email/{template}.txt",
        context=values,
        purpose=purpose,
        reply_to=reply_to,
    )


# The person's own registration -------------------------------------------------------------

def interest_register(
    *,
    themes,
    municipality: Municipality,
    email: str,
    consent_text_version: str,
    ip_address: str,
    language: str = "nb",
    radius_km: int = 0,
    phone: str = "",
    message: str = "",
) -> InterestRegistration:
    """Store a registration, unconfirmed, and send the e-mail with the link that confirms it.

    It counts and is told about groups only once confirmed; unconfirmed, it is deleted after
    7 days. Raises RegistrationRateLimited after SAMHOLD_INTEREST_LIMIT_PER_IP_PER_HOUR
    registrations from one IP address in an hour (counted by the outbox's send limit under a
    keyed hash of the address, never stored with the registration), and ValidationError
    for an ended municipality or no theme."""
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if municipality.ended_on is not None:
        raise ValidationError({"municipality": _ended_municipality()})
    registration = InterestRegistration(
        email=email.strip().lower(),
        phone=phone.strip(),
        municipality=municipality,
        radius_km=radius_km,
        message=message.strip(),
        consent_text_version=consent_text_version,
        language=_language(language),
    )
    registration.full_clean()
    with transaction.atomic():
        # The same registration sent again (a double click, the browser sending the form once
        # more) is answered the same and saves and sends nothing: the municipality's row is
        # locked so that two at once are seen one after the other.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        same = _same_registration(registration, themes)
        if same is not None:
            return same
        # Only a registration that is stored counts towards the limit.
        if not rate_limit_allow(
            scope="interest_register",
            limits=address_limits(ip_address, settings.SAMHOLD_INTEREST_LIMIT_PER_IP_PER_HOUR),
        ):
            raise RegistrationRateLimited
        if not recipient_allow(email=registration.email):
            # Someone keeps sending this address our e-mails: keep nothing, send nothing, and
            # answer as if all went well, so the form never tells anything about the address.
            return registration
        registration.save()
        registration.themes.set(themes)
        # The address is not confirmed yet: the e-mail says nothing from the form and no
        # theme, only what to do if this was you (the themes are on the page behind the link).
        _send(
            registration,
            template="interest_confirm",
            subject=gettext_noop("Confirm your e-mail address for Samhold"),
            purpose="interest_confirm",
            link=LinkPurpose.CONFIRM,
        )
    return registration


def _same_registration(registration: InterestRegistration, themes) -> InterestRegistration | None:
    """A registration already stored with everything the same (address, place, distance, phone,
    message and themes) and not expired, if there is one."""
    wanted = sorted(theme.pk for theme in themes)
    candidates = InterestRegistration.objects.exclude(expires_at__lte=timezone.now()).filter(
        email=registration.email,
        municipality=registration.municipality,
        radius_km=registration.radius_km,
        phone=registration.phone,
        message=registration.message,
    ).prefetch_related("themes")
    for candidate in candidates:
        if sorted(theme.pk for theme in candidate.themes.all()) == wanted:
            return candidate
    return None


def _theme_names(themes) -> str:
    return ", ".join(theme.display_name for theme in themes)


def interest_confirm(*, registration: InterestRegistration) -> bool:
    """Confirm by the link in the e-mail: from now on it counts and is told, for 12 months.
    The confirm link is spent, and a confirmation with the link to the person's own page is
    sent. Confirming again changes nothing. Returns whether it was confirmed now."""
    now = timezone.now()
    with transaction.atomic():
        updated = InterestRegistration.objects.filter(pk=registration.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, expires_at=now + kept_for("interest_confirmed"), renewal_reminded_at=None
        )
        if updated:
            registration.confirmed_at, registration.expires_at = now, now + kept_for("interest_confirmed")
            registration.renewal_reminded_at = None
            links_spend(InterestLink, owner=registration, purpose=LinkPurpose.CONFIRM)
            _send(
                registration,
                template="interest_confirmed",
                subject=gettext_noop("Your registration of interest is confirmed"),
                purpose="interest_confirmed",
                themes=lambda: _theme_names(registration.themes.all()),
            )
    return bool(updated)


def interest_change(
    *,
    registration: InterestRegistration,
    themes,
    municipality: Municipality,
    radius_km: int,
    phone: str = "",
    message: str = "",
) -> InterestRegistration:
    """The person changes their registration. Groups they were told about are not told again;
    groups that match now are told by the next sweep."""
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if municipality.ended_on is not None and municipality.pk != registration.municipality_id:
        raise ValidationError({"municipality": _ended_municipality()})
    registration.municipality = municipality
    registration.radius_km = radius_km
    registration.phone = phone.strip()
    registration.message = message.strip()
    registration.full_clean()
    with transaction.atomic():
        registration.save(update_fields=["municipality", "radius_km", "phone", "message"])
        registration.themes.set(themes)
    return registration


def interest_renew(*, registration: InterestRegistration) -> InterestRegistration:
    """Keep a confirmed registration for 12 more months from now (also after a reminder)."""
    if not registration.is_confirmed:
        raise ValidationError(_("Confirm your registration first."))
    now = timezone.now()
    registration.expires_at = now + kept_for("interest_confirmed")
    registration.renewal_reminded_at = None
    with transaction.atomic():
        registration.save(update_fields=["expires_at", "renewal_reminded_at"])
    return registration


def interest_delete(*, registration: InterestRegistration) -> None:
    """Delete the registration at once, with the record of which groups the person was told about."""
    with transaction.atomic():
        InterestRegistration.objects.filter(pk=registration.pk).delete()


# Telling people about groups ----------------------------------------------------------------

def _groups_to_tell(now) -> list[tuple[SelfHelpGroup, str, InfoMeeting | None]]:
    """Published groups people should hear about, with the reason and the next information
    meeting (with `confirmed_count`, so the notice can say when it is full)."""
    upcoming = InfoMeeting.objects.filter(starts_at__gt=now, cancelled_at__isnull=True)
    groups = (
        SelfHelpGroup.objects.public()
        .filter(
            Q(status__in=[Status.RECRUITING, Status.OPEN])
            | Q(status=Status.PLANNED, pk__in=upcoming.values("group_id"))
        )
        .select_related("municipality__county")
        .prefetch_related("themes")
        .order_by("pk")
    )
    meetings = {}
    counted = upcoming.filter(group__in=groups).annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=MeetingSignUp.Status.CONFIRMED))
    )
    for meeting in counted.order_by("-starts_at", "-pk"):
        meetings[meeting.group_id] = meeting  # the earliest wins
    result = []
    for group in groups:
        meeting = meetings.get(group.pk)
        if meeting is not None:
            reason = InterestNotification.Reason.MEETING
        elif group.status == Status.OPEN:
            reason = InterestNotification.Reason.OPEN
        else:
            reason = InterestNotification.Reason.RECRUITING
        result.append((group, reason, meeting))
    return result


def interest_notify_due() -> int:
    """Tell each confirmed, unexpired registration about every matching group that is
    recruiting, takes members, or has an upcoming information meeting, exactly once per
    (registration, group). A person with several new groups gets them all in one e-mail.
    Returns how many people were told.

    Safe to run concurrently and often: each person's e-mail is its own transaction, and the
    database's unique constraint decides which sweep tells them; the other one's insert fails
    and it sends nothing (a group it alone had found is told on its next run). A group that
    goes back and forth between statuses is not told again."""
    now = timezone.now()
    due: dict[int, list] = {}
    registrations = {}
    for group, reason, meeting in _groups_to_tell(now):
        pending = (
            interest_matching_group(group, now=now)
            .exclude(pk__in=InterestNotification.objects.filter(group=group).values("registration_id"))
            .order_by("pk")
        )
        for registration in pending:
            registrations.setdefault(registration.pk, registration)
            due.setdefault(registration.pk, []).append(_News(group=group, reason=reason, meeting=meeting))
    return sum(1 for pk, news in due.items() if _tell(registrations[pk], news))


class _News:
    """One group in a person's e-mail: why we tell them, and its next information meeting."""

    def __init__(self, *, group: SelfHelpGroup, reason: str, meeting: InfoMeeting | None):
        self.group, self.reason, self.meeting = group, reason, meeting

    def context(self) -> dict:
        """What the e-mail shows, made in the reader's language."""
        meeting = self.meeting
        return {
            "name": self.group.name,
            "group_obj": self.group,
            "reason": self.reason,
            "themes": _theme_names(self.group.themes.all()),
            "group_url": _group_url(self.group),
            "meeting": meeting,
            "meeting_when": meeting_when(meeting) if meeting else "",
            "meeting_full": bool(meeting and getattr(meeting, "confirmed_count", 0) >= meeting.capacity),
            "signup_url": (
                absolute_url(reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk})) if meeting else ""
            ),
        }


def _tell(registration, news: list[_News]) -> bool:
    """One e-mail about every group in `news`, each recorded as told. False, and nothing sent,
    if another sweep told the person about one of them first."""
    try:
        with transaction.atomic():
            for item in news:
                InterestNotification.objects.create(registration=registration, group=item.group, reason=item.reason)
            _send(
                registration,
                template="interest_notify",
                subject=(
                    gettext_noop("News about a self-help group for you")
                    if len(news) == 1
                    else gettext_noop("News about self-help groups for you")
                ),
                purpose="interest_notify",
                groups=lambda: [item.context() for item in news],
            )
    except IntegrityError:
        return False  # another sweep told this person about one of these groups
    return True


def interest_message_send(*, group: SelfHelpGroup, sender, message: str) -> int:
    """A facilitator (or coordinator) writes to the interested people of a group through the
    site: one e-mail per person in their language, replies to the sender's address.

    Only a published group (approved by the coordinator for its county) may write, and only to
    the people the sender may see (the same area rule as the list on Min side): a draft with
    every theme ticked must never reach everyone in Norway. Each message is kept for the
    county's coordinator to read (InterestMessage).

    Raises NotAllowed unless the sender may edit the group fully, GroupNotApproved for a group
    that is not published, ValidationError for an ended group, and MessageRateLimited after
    SAMHOLD_INTEREST_MESSAGES_PER_GROUP_PER_DAY messages to the group or
    SAMHOLD_INTEREST_MESSAGES_PER_SENDER_PER_DAY messages by the sender in a day. Returns how
    many people were written to."""
    if group_access(sender, group) != Access.FULL:
        raise NotAllowed
    if group.status == Status.ENDED:
        raise ValidationError(_("This group has ended."))
    message = message.strip()
    now = timezone.now()
    with transaction.atomic():
        # One message at a time per group and per sender, so two clicks cannot both pass a limit.
        locked = SelfHelpGroup.objects.select_for_update().filter(pk=group.pk).values_list("live", flat=True).first()
        if not locked:
            raise GroupNotApproved
        User.objects.select_for_update().filter(pk=sender.pk).first()
        day = timedelta(days=1)
        if not rate_limit_allow(
            scope="interest_message",
            limits={
                f"group:{group.pk}": (settings.SAMHOLD_INTEREST_MESSAGES_PER_GROUP_PER_DAY, day),
                f"sender:{sender.pk}": (settings.SAMHOLD_INTEREST_MESSAGES_PER_SENDER_PER_DAY, day),
            },
        ):
            raise MessageRateLimited
        recipients = list(interest_people_for_group(user=sender, group=group, now=now))
        already = set(
            InterestNotification.objects.filter(group=group, registration__in=recipients).values_list(
                "registration_id", flat=True
            )
        )
        sender_name = sender.get_full_name() or _("A facilitator")
        for registration in recipients:
            # Replies go to the sender, so this e-mail never carries the person's private link:
            # a quoted reply would hand the sender the power to change or delete the registration.
            _send(
                registration,
                template="interest_message",
                subject=gettext_noop("A message about a self-help group"),
                purpose="interest_message",
                reply_to=sender.email,
                link="",
                group=group.name,
                group_obj=group,
                sender_name=sender_name,
                message=message,
                themes=lambda: _theme_names(group.themes.all()),
                group_url=lambda: _group_url(group),
                my_links_url=lambda: absolute_url(reverse("facilitators:my_links")),
            )
        # Being written to counts as being told: the sweep will not tell them about it again.
        InterestNotification.objects.bulk_create(
            [
                InterestNotification(registration=r, group=group, reason=InterestNotification.Reason.MESSAGE)
                for r in recipients
                if r.pk not in already
            ],
            ignore_conflicts=True,
        )
        kept = InterestMessage(group=group, sender=sender, body=message, recipient_count=len(recipients), sent_at=now)
        kept.full_clean()
        kept.save()
        record(
            actor=sender,
            action=Action.PEOPLE_MESSAGED,
            obj=group,
            label=group.name,
            detail=f"{len(recipients)} recipients",
        )
    return len(recipients)


def interest_messages_purge() -> int:
    """Delete the kept copies of messages to interested people after their retention period.
    Returns how many were deleted."""
    cutoff = timezone.now() - kept_for("interest_message")
    deleted, _count = InterestMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


# Sweeps ----------------------------------------------------------------------------------

def interest_renewal_reminders_send_due() -> int:
    """30 days before a registration expires, offer once to keep it for 12 more months.
    Returns how many reminders were queued. Each is claimed by an update first, so two
    sweeps never remind the same person twice."""
    now = timezone.now()
    due = interest_active(now=now).filter(expires_at__lte=now + REMIND_BEFORE, renewal_reminded_at__isnull=True)
    sent = 0
    for registration in due.select_related("municipality").order_by("pk"):
        with transaction.atomic():
            claimed = InterestRegistration.objects.filter(pk=registration.pk, renewal_reminded_at__isnull=True).update(
                renewal_reminded_at=now
            )
            if not claimed:
                continue
            _send(
                registration,
                template="interest_renewal",
                subject=gettext_noop("Do you want to keep your registration of interest?"),
                purpose="interest_renewal",
                themes=lambda r=registration: _theme_names(r.themes.all()),
            )
        sent += 1
    return sent


def interest_expired_purge() -> int:
    """Delete registrations that expired, and ones never confirmed within 7 days. Returns how
    many registrations were deleted."""
    now = timezone.now()
    _total, per_model = InterestRegistration.objects.filter(
        Q(confirmed_at__isnull=False, expires_at__lte=now)
        | Q(confirmed_at__isnull=True, created_at__lt=now - kept_for("interest_unconfirmed"))
    ).delete()
    return per_model.get(InterestRegistration._meta.label, 0)
