"""Writes for new groups and their start-ups: a facilitator drafts a group, submits it, the
coordinator decides, and the facilitator takes the start-up through its stages."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.models import WorkflowState

from groups.models import SelfHelpGroup
from groups.models import Status as GroupStatus
from groups.selectors import groups_changed
from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.retention import kept_for

from .. import roles
from ..models import Decision, Stage, StageChange, StartUp, User
from ..models.startups import STAGE_ORDER
from ..scope import Access, can_create_group_in, can_publish_group, group_access
from .accounts import entry_url
from .records import Action, record

FOLLOW_UP_AFTER = timedelta(weeks=6)
MAX_FACILITATORS = 2
# What a group contact may change (the matrix: "schedule, status, open places").
CONTACT_FIELDS = [
    "weekday", "start_time", "end_time", "frequency", "week_of_month", "frequency_note", "first_meeting",
    "status", "open_places",
]




def _store(group: SelfHelpGroup, *, user, publish: bool):
    """Save a group the way Wagtail does: a draft is saved and gets a revision; a published
    group's change is kept as a revision and, with `publish`, goes live at once."""
    group.full_clean()
    if not group.live:
        group.save()
    revision = group.save_revision(user=user)
    if group.live and publish:
        # Our scope has decided already; Wagtail would ask for the admin publish permission.
        revision.publish(user=user, skip_permission_checks=True)
        group.refresh_from_db()
    return revision


def group_draft_create(*, user, group: SelfHelpGroup, themes, co_facilitator: User | None = None) -> SelfHelpGroup:
    """Save a new group as a draft with its start-up in planning. The creator facilitates it,
    with an optional second facilitator. Raises PermissionDenied outside the creator's area."""
    if not can_create_group_in(user, group.municipality):
        raise PermissionDenied
    if co_facilitator is not None and co_facilitator.pk == user.pk:
        co_facilitator = None
    with transaction.atomic():
        group.live = False
        group.has_unpublished_changes = True
        # While the group starts, enquiries reach the facilitator; a member takes over when
        # the group runs on its own (startup_stage_change).
        group.contact = user
        group.full_clean(exclude=["themes"])
        # Themes are a parental relation: set in memory, committed by save().
        group.themes.set(themes)
        group.save()
        group.save_revision(user=user)
        startup = StartUp(group=group)
        startup.full_clean()
        startup.save()
        startup.facilitators.set([person for person in (user, co_facilitator) if person is not None])
        StageChange.objects.create(startup=startup, to_stage=Stage.PLANNING, changed_by=user)
        record(actor=user, action=Action.GROUP_CREATED, obj=group)
    return group


def startup_ensure(*, group: SelfHelpGroup, user) -> StartUp:
    """Every new group has a start-up, also one a coordinator created in the admin."""
    startup, created = StartUp.objects.get_or_create(group=group)
    if created:
        StageChange.objects.create(startup=startup, to_stage=startup.stage, changed_by=user)
    return startup


class GroupInReview(Exception):
    """The group waits for the coordinator's decision; it cannot change until they decide."""


def group_in_review(group: SelfHelpGroup) -> bool:
    """Whether the group has been sent for approval and the coordinator has not decided yet."""
    state = group.current_workflow_state if group.pk else None
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


# What a group is and whom it reaches (its people are told about it and may write to it): a
# published group's change to any of these, by someone who may not publish the group, goes back
# to the coordinator instead of going live.
REVIEWED_FIELDS = ["name", "summary", "description", "attendance", "municipality"]


class Changed:
    """What became of a change on Min side."""

    PUBLISHED = "published"  # live at once
    SAVED = "saved"  # a draft stays a draft
    SENT_FOR_REVIEW = "review"  # the published version stays until the coordinator approves


def _reach_changed(group: SelfHelpGroup, themes) -> bool:
    stored = SelfHelpGroup.objects.get(pk=group.pk)
    if any(getattr(stored, field) != getattr(group, field) for field in REVIEWED_FIELDS):
        return True
    if themes is None:
        return False
    return set(stored.themes.values_list("pk", flat=True)) != {theme.pk for theme in themes}


def group_change(*, user, group: SelfHelpGroup, themes=None) -> str:
    """Save changes a facilitator or group contact made on Min side; returns a Changed value.

    A published group's changes to its schedule, place, status and the like go live at once and
    are kept as a revision (the coordinator sees "changed since you approved it"). A change to
    what the group is or whom it reaches (REVIEWED_FIELDS, themes) by someone who may not publish
    it is kept as a draft revision and sent to the coordinator again: until they approve, the
    published version stays, and nobody is told about the new one. A draft stays a draft. A
    group contact may only change the schedule, status and open places: other fields are reset
    from the database.

    Raises GroupInReview while the coordinator is deciding: what they approve is what was sent."""
    access = group_access(user, group)
    if access is None:
        raise PermissionDenied
    if group_in_review(group):
        raise GroupInReview
    stored_municipality = SelfHelpGroup.objects.values_list("municipality_id", flat=True).get(pk=group.pk)
    if (
        access == Access.FULL
        and group.municipality_id != stored_municipality
        and not can_create_group_in(user, group.municipality)
    ):
        raise PermissionDenied
    with transaction.atomic():
        if access == Access.CONTACT:
            stored = SelfHelpGroup.objects.get(pk=group.pk)
            for field in CONTACT_FIELDS:
                setattr(stored, field, getattr(group, field))
            group, themes = stored, None
        needs_review = group.live and not can_publish_group(user, group) and _reach_changed(group, themes)
        if themes is not None:
            group.themes.set(themes)
        status_before = SelfHelpGroup.objects.values_list("status", flat=True).get(pk=group.pk)
        _store(group, user=user, publish=not needs_review)
        record(actor=user, action=Action.GROUP_CHANGED, obj=group)
        if group.live and not needs_review and group.status != status_before:
            startup_follow_group_status(group=group, user=user)
        if needs_review:
            workflow = group.get_workflow()
            if workflow is None:
                raise ValidationError(_("There is no approval step for groups. Ask an administrator."))
            workflow.start(group, user)
            record(actor=user, action=Action.GROUP_SUBMITTED, obj=group)
            return Changed.SENT_FOR_REVIEW
    return Changed.PUBLISHED if group.live else Changed.SAVED


class AlreadySubmitted(Exception):
    """The group is waiting for a coordinator already, or is published."""


def group_submit(*, user, group: SelfHelpGroup) -> WorkflowState:
    """Send a draft group to the coordinator for approval (again, after it was returned)."""
    if group_access(user, group) != Access.FULL:
        raise PermissionDenied
    if group.live:
        raise AlreadySubmitted
    with transaction.atomic():
        state = group.current_workflow_state
        if group_in_review(group):
            raise AlreadySubmitted
        if group.latest_revision_id is None:
            group.save_revision(user=user)
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        else:
            workflow = group.get_workflow()
            if workflow is None:
                raise ValidationError(_("There is no approval step for groups. Ask an administrator."))
            state = workflow.start(group, user)
        record(actor=user, action=Action.GROUP_SUBMITTED, obj=group)
    return state


def group_decision_record(*, group: SelfHelpGroup, decided_by, decision: str, comment: str = "") -> None:
    """What follows a coordinator's decision on a new group: the record, the start-up, and an
    e-mail to its facilitators. Called by the approval task in the admin."""
    action = {
        Decision.APPROVED: Action.GROUP_APPROVED,
        Decision.RETURNED: Action.GROUP_RETURNED,
        Decision.REJECTED: Action.GROUP_REJECTED,
    }[decision]
    startup = StartUp.objects.filter(group=group).first()
    if startup is None:
        startup = startup_ensure(group=group, user=decided_by)
    if decision == Decision.APPROVED:
        startup.approved_revision_id = group.live_revision_id or group.latest_revision_id
        startup.approved_at = timezone.now()
        startup.save(update_fields=["approved_revision", "approved_at"])
    elif decision == Decision.REJECTED and startup.stage != Stage.STOPPED:
        _stage_set(
            startup, to_stage=Stage.STOPPED, user=decided_by, note=comment,
            stopped_reason=comment or _("The coordinator rejected the group."),
        )
    record(actor=decided_by, action=action, obj=group, detail="")
    # Subjects show on lock screens: they never name the group (its name tells its theme).
    subject = {
        Decision.APPROVED: gettext_lazy("Your group is approved and published"),
        Decision.RETURNED: gettext_lazy("The coordinator has a comment on your group"),
        Decision.REJECTED: gettext_lazy("Your group was not approved"),
    }[decision]
    for person in startup.facilitators.filter(is_active=True):
        email_compose(
            to=[person.email],
            language=settings.LANGUAGE_CODE,
            subject=subject,
            template="facilitators/email/group_decision.txt",
            context=lambda person=person: {
                "group": group, "person": person, "decision": decision, "comment": comment,
                "url": absolute_url(reverse("facilitators:group_detail", kwargs={"pk": group.pk})),
            },
            purpose="group_decision",
        )


class StageNotAllowed(Exception):
    """The stage cannot be reached from here, or needs more (a reason, a group contact)."""


def _stage_set(startup: StartUp, *, to_stage: str, user, note: str = "", stopped_reason: str = "") -> StageChange:
    change = StageChange(startup=startup, from_stage=startup.stage, to_stage=to_stage, note=note.strip(), changed_by=user)
    change.full_clean()
    change.save()
    startup.stage = to_stage
    startup.stage_changed_at = change.changed_at
    if to_stage == Stage.STOPPED:
        startup.stopped_reason = stopped_reason.strip()
    if to_stage == Stage.SELF_RUNNING:
        startup.follow_up_due_at = change.changed_at + FOLLOW_UP_AFTER
        startup.follow_up_sent_at = None
    startup.full_clean()
    startup.save()
    record(
        actor=user, action=Action.STAGE_CHANGED, obj=startup.group,
        detail=f"{change.from_stage or '-'} → {to_stage}",
    )
    return change


def _group_status_set(group: SelfHelpGroup, *, status: str, user) -> None:
    """Change a published group's public status to follow its start-up. A group whose changes
    wait for the coordinator keeps them waiting: only the live row's status changes, so the
    pending version is neither published nor lost."""
    group = SelfHelpGroup.objects.get(pk=group.pk)
    if group.status == status:
        return
    if group.has_unpublished_changes or group_in_review(group):
        SelfHelpGroup.objects.filter(pk=group.pk).update(status=status)
        groups_changed()
    else:
        group.status = status
        _store(group, user=user, publish=True)
    record(actor=user, action=Action.GROUP_CHANGED, obj=group, detail=f"status → {status}")


def startup_stage_change(
    *,
    user,
    startup: StartUp,
    to_stage: str,
    note: str = "",
    stopped_reason: str = "",
    contact_name: str = "",
    contact_email: str = "",
    keep_status: bool = False,
) -> StageChange:
    """Move a start-up to another stage, with a note for its timeline.

    Stages may be skipped or stepped back (plans change). "Recruiting" and later need the group
    to be approved; "stopped" needs a reason and is final. "Recruiting" also shows the group as
    "Looking for members" on its public page, unless the facilitator keeps its status
    (`keep_status`), which needs a note saying why. "Running on its own" hands the
    enquiries over from the facilitator to a member: unless a member is the contact already,
    it takes the member's name and e-mail address and invites them (group_contact_invite),
    and it schedules the follow-up six weeks later."""
    if group_access(user, startup.group) != Access.FULL:
        raise PermissionDenied
    if to_stage not in Stage.values or to_stage == startup.stage:
        raise StageNotAllowed(_("Choose another stage than the one the start-up is in."))
    if startup.stage == Stage.STOPPED:
        raise StageNotAllowed(_("This start-up has stopped. Start a new group if you want to try again."))
    if to_stage == Stage.STOPPED and not stopped_reason.strip():
        raise StageNotAllowed(_("Write why the start-up stopped."))
    if (
        to_stage != Stage.STOPPED
        and not startup.group.live
        and STAGE_ORDER.index(to_stage) >= STAGE_ORDER.index(Stage.RECRUITING)
    ):
        raise StageNotAllowed(_("The group must be approved and published before it can recruit members."))
    if to_stage == Stage.RECRUITING and keep_status and not note.strip():
        raise StageNotAllowed(_("Write in the note why the group keeps its public status."))
    needs_contact = to_stage == Stage.SELF_RUNNING and not member_is_contact(startup)
    if needs_contact and not (contact_name.strip() and contact_email.strip()):
        raise StageNotAllowed(
            _("When the group runs on its own, a member becomes its contact person. Write their name and e-mail address.")
        )
    with transaction.atomic():
        startup = StartUp.objects.select_for_update().select_related("group").get(pk=startup.pk)
        if needs_contact:
            _contact_set(user=user, startup=startup, name=contact_name, email=contact_email)
        change = _stage_set(startup, to_stage=to_stage, user=user, note=note, stopped_reason=stopped_reason)
        if to_stage == Stage.RECRUITING and not keep_status:
            _group_status_set(startup.group, status=GroupStatus.RECRUITING, user=user)
        return change


def startup_meeting_scheduled(*, group: SelfHelpGroup, user, note: str) -> StageChange | None:
    """A start-up still in planning moves to "information meeting scheduled" when its first
    meeting is scheduled; one further on stays where it is (a second meeting changes nothing).
    Called inside the transaction that schedules the meeting."""
    startup = StartUp.objects.select_for_update().filter(group=group).first()
    if startup is None or startup.stage != Stage.PLANNING:
        return None
    return _stage_set(startup, to_stage=Stage.MEETING_SCHEDULED, user=user, note=note)


def startup_follow_group_status(*, group: SelfHelpGroup, user) -> StageChange | None:
    """A facilitator who sets a group's status to "looking for members" has begun recruiting:
    a start-up still before that stage moves to it (not back from a later one)."""
    if group.status != GroupStatus.RECRUITING:
        return None
    startup = StartUp.objects.select_for_update().filter(group=group).first()
    if startup is None or startup.stage not in (Stage.PLANNING, Stage.MEETING_SCHEDULED):
        return None
    return _stage_set(
        startup, to_stage=Stage.RECRUITING, user=user,
        note=_site_language_note(gettext_lazy("The group's status was set to looking for members.")),
    )


def _site_language_note(text) -> str:
    """A note the site writes into a timeline, in the site's language like the notes people write."""
    with override(settings.LANGUAGE_CODE):
        return str(text)


def member_is_contact(startup: StartUp) -> bool:
    """Whether the group's contact is a member, not (still) one of its facilitators."""
    contact_id = SelfHelpGroup.objects.filter(pk=startup.group_id).values_list("contact_id", flat=True).first()
    return contact_id is not None and not startup.facilitators.filter(pk=contact_id).exists()


def group_contact_invite(*, user, startup: StartUp, name: str, email: str) -> User:
    """Replace the contact person of a group that runs on its own with another member."""
    if group_access(user, startup.group) != Access.FULL:
        raise PermissionDenied
    if startup.stage != Stage.SELF_RUNNING:
        raise StageNotAllowed(_("The group contact takes over when the group runs on its own: choose that stage."))
    with transaction.atomic():
        return _contact_set(user=user, startup=startup, name=name, email=email)


def _contact_set(*, user, startup: StartUp, name: str, email: str) -> User:
    """Make a member the group's contact person: an account in the group-contact role
    (created without a usable password, or an existing one) and an e-mail to choose a password.

    The facilitator confirms the member has agreed to receive enquiries; the e-mail says what
    it means and how to step down."""
    email = email.strip().lower()
    contact = User.objects.filter(email__iexact=email).first()
    created = contact is None
    if created:
        first_name, _space, last_name = name.strip().rpartition(" ")
        if not first_name:
            first_name, last_name = last_name, ""
        contact = User(email=email, first_name=first_name[:150], last_name=last_name[:150])
        contact.set_unusable_password()
        contact.full_clean()
        contact.save()
    contact.groups.add(Group.objects.get(name=roles.GROUP_CONTACT))
    group = SelfHelpGroup.objects.get(pk=startup.group_id)
    group.contact = contact
    _store(group, user=user, publish=True)
    StartUp.objects.filter(pk=startup.pk).update(contact_invited_at=timezone.now())
    record(actor=user, action=Action.CONTACT_INVITED, obj=group)
    email_compose(
        to=[contact.email],
        language=settings.LANGUAGE_CODE,
        subject=gettext_lazy("You are now a group's contact person on Samhold"),
        template="facilitators/email/contact_invitation.txt",
        context=lambda: {
            "group": group, "contact": contact, "facilitator": user, "new_account": created,
            "url": entry_url(contact),
        },
        purpose="contact_invitation",
    )
    return contact


def startup_follow_ups_send_due() -> int:
    """Six weeks after a group began to run on its own, ask its facilitators how it is doing.
    Each start-up is asked once. Returns how many start-ups were asked."""
    now = timezone.now()
    sent = 0
    due = StartUp.objects.filter(
        stage=Stage.SELF_RUNNING, follow_up_due_at__lte=now, follow_up_sent_at__isnull=True
    ).select_related("group")
    for startup in due:
        with transaction.atomic():
            claimed = StartUp.objects.filter(pk=startup.pk, follow_up_sent_at__isnull=True).update(follow_up_sent_at=now)
            if not claimed:
                continue
            for person in startup.facilitators.filter(is_active=True):
                email_compose(
                    to=[person.email],
                    language=settings.LANGUAGE_CODE,
                    subject=gettext_lazy("How is the group doing?"),
                    template="facilitators/email/follow_up.txt",
                    context=lambda person=person, startup=startup: {
                        "group": startup.group, "person": person,
                        "url": absolute_url(reverse("facilitators:follow_up", kwargs={"pk": startup.group_id})),
                    },
                    purpose="startup_follow_up",
                )
            sent += 1
    return sent


def startup_follow_up_answer(*, user, startup: StartUp, answer: str) -> StartUp:
    """Record a facilitator's answer to "how is the group doing?"."""
    if group_access(user, startup.group) != Access.FULL:
        raise PermissionDenied
    with transaction.atomic():
        startup = StartUp.objects.select_for_update().get(pk=startup.pk)
        startup.follow_up_answer = answer.strip()
        startup.follow_up_answered_at = timezone.now()
        startup.follow_up_answered_by = user
        startup.full_clean()
        startup.save()
        record(actor=user, action=Action.FOLLOW_UP_ANSWERED, obj=startup.group)
    return startup


def startup_notes_blank() -> int:
    """Blank the free text facilitators wrote about start-ups (timeline notes and follow-up
    answers) SAMHOLD_RETENTION["startup_note"] days after it was written: it may name people,
    and a start-up needs it while it runs, not for ever. The stages, who changed them and when,
    and that the follow-up was answered, stay. Returns how many texts were blanked."""
    cutoff = timezone.now() - kept_for("startup_note")
    notes = StageChange.objects.filter(changed_at__lt=cutoff).exclude(note="").update(note="")
    # An answer is dated by its last change; one without a date (set outside Min side) by the start-up.
    answers = (
        StartUp.objects.filter(
            Q(follow_up_answered_at__lt=cutoff) | Q(follow_up_answered_at__isnull=True, created_at__lt=cutoff)
        )
        .exclude(follow_up_answer="")
        .update(follow_up_answer="")
    )
    return notes + answers
