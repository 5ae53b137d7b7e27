"""Writes for groups deciding as groups: ask matching groups about a study (once), let a group's
facilitator or contact answer, and let the researcher write to the groups that said yes.

Every e-mail goes to a group's facilitators and contact person through the outbox; the
researcher never sees their addresses, and nobody learns which other groups were asked or what
they answered."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from facilitators.services.records import Action, record
from groups.models import SelfHelpGroup
from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.limits import rate_limit_allow

from ..models import GroupInvitation, Study
from ..scope import studies_of
from ..selectors.groups import (
    group_ids_of,
    groups_matching_study,
    invitations_said_yes,
    people_of_group,
    studies_seeking_groups,
    study_short_url,
)
from .recruitment import NoRecipients, NotAllowed, NotApproved, plain_line, plain_text

# How many messages a study may send the groups that said yes, in a day: to agree on a visit,
# not to keep writing.
GROUP_MESSAGES_PER_STUDY_PER_DAY = 3
ANSWERS = (GroupInvitation.Answer.YES, GroupInvitation.Answer.NO, GroupInvitation.Answer.NOT_NOW)


class AnswerClosed(Exception):
    """The study no longer recruits: the answer stands as it is."""


class GroupMessageRateLimited(Exception):
    """The study has written to its groups enough today."""


# Asking ------------------------------------------------------------------------------------------

def groups_invite(*, study: Study) -> int:
    """Ask every matching group that has not been asked about this study yet (an approved,
    recruiting study that seeks groups; otherwise nobody). Each group gets one invitation,
    which its facilitators and contact person see on Min side, and each of them one e-mail.

    Safe to run concurrently and often: each invitation is its own transaction, and the
    database's unique constraint (study, group) decides which run asks the group; the other's
    insert fails and it sends nothing. Returns how many groups were asked now."""
    if study.groups_sought <= 0 or not study.is_recruiting:
        return 0
    asked = GroupInvitation.objects.filter(study=study).values("group_id")
    invited = 0
    for group in groups_matching_study(study).exclude(pk__in=asked).select_related("municipality"):
        if _invite(study, group):
            invited += 1
    if invited:
        record(
            actor=None, action=Action.GROUPS_INVITED, obj=study, label=study.title, detail=f"groups={invited}"
        )
    return invited


def _invite(study: Study, group: SelfHelpGroup) -> bool:
    try:
        with transaction.atomic():
            invitation = GroupInvitation.objects.create(study=study, group=group)
            for person in people_of_group(group):
                email_compose(
                    to=[person.email],
                    language=settings.LANGUAGE_CODE,
                    # Never the group or the study: a subject shows on a locked phone.
                    subject=gettext_lazy("A research study asks about your group"),
                    template="research/email/group_invitation.txt",
                    context=lambda person=person, invitation=invitation: {
                        "person": person,
                        "study": study,
                        "group": group,
                        "answer_url": absolute_url(
                            reverse("research:group_invitation_answer", kwargs={"pk": invitation.pk})
                        ),
                        "handout_url": absolute_url(reverse("research:handout", kwargs={"pk": invitation.pk})),
                        "study_url": study_short_url(study),
                    },
                    purpose="research_group_invitation",
                )
    except IntegrityError:
        return False  # another run asked this group about this study
    return True


def groups_invite_due() -> int:
    """For housekeeping: ask the matching groups about every recruiting study that seeks groups.
    Idempotent; returns how many groups were asked now."""
    today = timezone.localdate()
    return sum(groups_invite(study=study) for study in studies_seeking_groups(today=today))


# Answering ------------------------------------------------------------------------------------------

def group_answer(
    *, user, invitation: GroupInvitation, answer: str, note: str = "", suitable_times: str = ""
) -> GroupInvitation:
    """A group's facilitator or contact answers for the group: yes to a visit, no, or not now,
    with an optional note and, for yes, times that would suit. It may be changed while the study
    recruits. Raises NotAllowed for anyone else, AnswerClosed once recruitment has ended, and
    ValueError for an answer that is none of the three."""
    if invitation.group_id not in group_ids_of(user):
        raise NotAllowed
    if answer not in ANSWERS:
        raise ValueError(answer)
    study = Study.objects.get(pk=invitation.study_id)
    if not study.is_recruiting:
        raise AnswerClosed
    invitation.answer = answer
    invitation.note = plain_text(note)
    # Times are for a visit: a "no" or "not now" keeps none.
    invitation.suitable_times = plain_text(suitable_times) if answer == GroupInvitation.Answer.YES else ""
    invitation.answered_by = user
    invitation.answered_at = timezone.now()
    invitation.full_clean()
    with transaction.atomic():
        invitation.save(update_fields=["answer", "note", "suitable_times", "answered_by", "answered_at"])
        record(
            actor=user, action=Action.GROUP_ANSWERED, obj=invitation,
            label=f"{study.title} – {invitation.group.name}", detail=answer,
        )
    return invitation


# Writing to the groups that said yes -------------------------------------------------------------

def groups_message(*, user, study: Study, subject: str, message: str) -> int:
    """The researcher writes to the groups that said yes, through the site: one e-mail to each
    of their facilitators and contact persons (each address once), replies going to the study's
    contact address. The researcher never sees the addresses; a group is not told which others
    were written to. The subject of the e-mail is neutral; the researcher's subject opens the
    body.

    Raises NotAllowed, NotApproved, NoRecipients when no group has said yes, and
    GroupMessageRateLimited after GROUP_MESSAGES_PER_STUDY_PER_DAY messages in a day. Returns
    how many groups were written to."""
    if not studies_of(user).filter(pk=study.pk).exists():
        raise NotAllowed
    if study.live_version_id is None:
        raise NotApproved
    subject, message = plain_line(subject), plain_text(message)
    with transaction.atomic():
        Study.objects.select_for_update().filter(pk=study.pk).first()
        invitations = list(invitations_said_yes(study=study))
        if not invitations:
            raise NoRecipients
        if not rate_limit_allow(
            scope="research_group_message",
            limits={f"study:{study.pk}": (GROUP_MESSAGES_PER_STUDY_PER_DAY, timedelta(days=1))},
        ):
            raise GroupMessageRateLimited
        # Each person once, naming the groups of theirs that said yes.
        people: dict[str, tuple] = {}
        for invitation in invitations:
            for person in people_of_group(invitation.group):
                people.setdefault(person.email.lower(), (person, []))[1].append(invitation.group.name)
        for person, group_names in people.values():
            email_compose(
                to=[person.email],
                language=settings.LANGUAGE_CODE,
                subject=gettext_lazy("A message from a researcher about a study"),
                template="research/email/group_message.txt",
                context={
                    "person": person,
                    "study": study,
                    "groups": ", ".join(group_names),
                    "subject": subject,
                    "message": message,
                },
                purpose="research_group_message",
                reply_to=study.contact_email,
            )
        record(
            actor=user, action=Action.GROUPS_MESSAGED, obj=study, label=study.title,
            detail=f"groups={len(invitations)}",
        )
    return len(invitations)
