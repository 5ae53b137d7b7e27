"""Reads for groups asked about a study: which groups match a study, whom of a group to ask,
the invitations a facilitator or group contact may answer, the answers a researcher sees, and the
handout's QR code.

A group's people are its facilitators (StartUp.facilitators, in the facilitator role) and its
contact person (SelfHelpGroup.contact), as facilitators.selectors and groups.selectors find
them for Min side; the same people are e-mailed and may answer, so nobody is asked who cannot
open the invitation."""

import segno
from django.db.models import Q, QuerySet
from django.urls import reverse

from facilitators import roles
from facilitators.models import User
from facilitators.selectors.startups import group_list_facilitated
from groups.models import SelfHelpGroup, Status
from groups.selectors import group_list_for_contact
from samhold.forms import MAX_KEY
from samhold.http import absolute_url

from ..models import GroupInvitation, Study
from ..scope import studies_of

# Groups that meet now, so a researcher can visit: not one still being planned, taking a break
# or ended. A paused group that starts again while the study recruits is asked then.
MEETING_STATUSES = [Status.RECRUITING, Status.OPEN, Status.CLOSED]


def groups_matching_study(study: Study) -> QuerySet[SelfHelpGroup]:
    """Published groups that meet, on one of the study's themes, in its area. An online group
    has no municipality: it belongs to the municipalities and counties its facilitators work in
    (as in facilitators.scope), and to every national study."""
    groups = SelfHelpGroup.objects.public().filter(
        status__in=MEETING_STATUSES, themes__in=study.themes.all()
    )
    if study.area == Study.Area.COUNTIES:
        counties = study.counties.all()
        groups = groups.filter(
            Q(municipality__county__in=counties)
            | Q(municipality__isnull=True, startup__facilitators__facilitator_municipalities__county__in=counties)
        )
    elif study.area == Study.Area.MUNICIPALITIES:
        municipalities = study.municipalities.all()
        groups = groups.filter(
            Q(municipality__in=municipalities)
            | Q(municipality__isnull=True, startup__facilitators__facilitator_municipalities__in=municipalities)
        )
    # Several themes or facilitators would repeat a group: keep each once, by id.
    return SelfHelpGroup.objects.filter(pk__in=groups.values("pk")).order_by("pk")


def studies_seeking_groups(*, today) -> QuerySet[Study]:
    """Approved studies recruiting today that seek whole groups."""
    return Study.objects.filter(
        status=Study.Status.RECRUITING,
        live_version__isnull=False,
        groups_sought__gt=0,
        recruit_from__lte=today,
        recruit_until__gte=today,
    ).order_by("pk")


def people_of_group(group: SelfHelpGroup) -> list[User]:
    """Whom to ask on behalf of a group: its facilitators and its contact, each once, only
    active accounts, by address."""
    facilitators = User.objects.filter(
        startups__group=group, groups__name=roles.FACILITATOR, is_active=True
    )
    contact = User.objects.filter(contact_for_groups=group, is_active=True)
    people = {user.email.lower(): user for user in [*facilitators, *contact]}
    return [people[address] for address in sorted(people)]


# Min side: a group's facilitators and contact -------------------------------------------------

def _groups_of(user) -> QuerySet[SelfHelpGroup]:
    """The groups this person may answer for: those they facilitate and those they are the
    contact person for (the same lists Min side's front page shows), as one subquery."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SelfHelpGroup.objects.none()
    facilitated = group_list_facilitated(user=user).values("pk")
    contact_for = group_list_for_contact(user=user).values("pk")
    return SelfHelpGroup.objects.filter(Q(pk__in=facilitated) | Q(pk__in=contact_for)).values("pk")


def group_ids_of(user) -> set[int]:
    """The same groups' ids, for a service checking again before it writes."""
    return set(_groups_of(user).values_list("pk", flat=True))


def invitations_for_user(*, user) -> QuerySet[GroupInvitation]:
    """Invitations to the person's groups, the newest first."""
    return (
        GroupInvitation.objects.filter(group__in=_groups_of(user))
        .select_related("study__live_version", "group__municipality")
        .order_by("-invited_at", "-pk")
    )


def invitation_for_user(*, user, pk: int) -> GroupInvitation | None:
    """One invitation to one of the person's groups, or None (the view answers 404)."""
    if not 0 < pk <= MAX_KEY:
        return None
    return invitations_for_user(user=user).filter(pk=pk).first()


def has_invitations(*, user) -> bool:
    return invitations_for_user(user=user).exists()


def invitation_for_handout(*, user, pk: int) -> GroupInvitation | None:
    """An invitation whose handout this person may print: one of their groups', or one of
    their own study's (the researcher); None for anyone else."""
    invitation = invitation_for_user(user=user, pk=pk)
    if invitation is not None:
        return invitation
    if not 0 < pk <= MAX_KEY:
        return None
    return (
        GroupInvitation.objects.filter(pk=pk, study__in=studies_of(user))
        .select_related("study__live_version", "group__municipality")
        .first()
    )


# The researcher ---------------------------------------------------------------------------------

def study_group_answers(*, study: Study) -> dict:
    """What the researcher sees of the groups asked about their (already scoped) study: the
    groups that have answered, by name and municipality with their note and times, and how
    many have not answered yet (by count only: a group that has decided nothing has shared
    nothing). Never who answered or anyone's address."""
    invitations = GroupInvitation.objects.filter(study=study).select_related("group__municipality")
    answered = [i for i in invitations if i.answer != GroupInvitation.Answer.WAITING]
    order = {GroupInvitation.Answer.YES: 0, GroupInvitation.Answer.NOT_NOW: 1, GroupInvitation.Answer.NO: 2}
    answered.sort(key=lambda i: (order.get(i.answer, 3), i.group.name.lower(), i.pk))
    counts = {answer: 0 for answer in GroupInvitation.Answer.values}
    for invitation in invitations:
        counts[invitation.answer] += 1
    return {
        "answered": answered,
        "invited": sum(counts.values()),
        "yes": counts[GroupInvitation.Answer.YES],
        "no": counts[GroupInvitation.Answer.NO],
        "not_now": counts[GroupInvitation.Answer.NOT_NOW],
        "waiting": counts[GroupInvitation.Answer.WAITING],
    }


def invitations_said_yes(*, study: Study) -> QuerySet[GroupInvitation]:
    return GroupInvitation.objects.filter(study=study, answer=GroupInvitation.Answer.YES).select_related("group")


# The handout -------------------------------------------------------------------------------------

def study_short_url(study: Study) -> str:
    """The study's public page, absolute, in the active language: what the handout prints."""
    return absolute_url(reverse("research:public_study", kwargs={"slug": study.slug}))


def qr_svg(url: str) -> str:
    """`url` as an inline SVG QR code, drawn on the server (nothing leaves the site). The quiet
    zone of four modules is the standard's, so a phone reads it from paper."""
    return segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True)
