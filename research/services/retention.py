"""Keeping research data no longer than needed (issue: recruit, never collect).

Recruitment ends on a study's last day of recruitment or when it is closed early, whichever is
first. From then on: volunteers' details are deleted after
SAMHOLD_RETENTION["research_volunteer_after_close"] days (the researcher is told
SAMHOLD_RESEARCH_WARNING_DAYS before, so what the approved project needs is moved into its own
system in time); the groups' answers after ["research_group_answer_after_close"] days;
researcher applications after ["researcher_application_decided"] days from the decision, or
["researcher_application_pending"] days from sending if nobody decided. Run by housekeeping."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.retention import kept_for

from ..models import GroupInvitation, ResearcherApplication, Study, Volunteer
from ..selectors.public import recruiting_index_invalidate


def _recruitment_ended_before(day: datetime.date):
    """Studies whose recruitment ended before `day` (by its period or by being closed)."""
    return Study.objects.filter(recruit_until__lt=day) | Study.objects.filter(closed_at__date__lt=day)


def studies_close_due() -> int:
    """A recruiting study whose period is over is closed: it leaves the public list, and the
    clock for its volunteers' details starts."""
    today = timezone.localdate()
    closed = Study.objects.filter(status=Study.Status.RECRUITING, recruit_until__lt=today).update(
        status=Study.Status.CLOSED, closed_at=timezone.now()
    )
    if closed:
        recruiting_index_invalidate()  # a bulk update sends no signals
    return closed


def research_volunteers_purge() -> int:
    """Delete the volunteers of studies whose recruitment ended long enough ago."""
    cutoff = timezone.localdate() - kept_for("research_volunteer_after_close")
    _, per_model = Volunteer.objects.filter(study__in=_recruitment_ended_before(cutoff)).delete()
    return per_model.get("research.Volunteer", 0)


def research_deletion_warnings_send_due() -> int:
    """Tell each researcher, once, that their study's volunteers will be deleted soon."""
    warn_from = (
        timezone.localdate()
        - kept_for("research_volunteer_after_close")
        + datetime.timedelta(days=settings.SAMHOLD_RESEARCH_WARNING_DAYS)
    )
    due = (
        _recruitment_ended_before(warn_from)
        .filter(warned_before_deletion_at__isnull=True, volunteers__isnull=False)
        .select_related("researcher")
        .distinct()
    )
    sent = 0
    for study in due:
        with transaction.atomic():
            claimed = Study.objects.filter(pk=study.pk, warned_before_deletion_at__isnull=True).update(
                warned_before_deletion_at=timezone.now()
            )
            if not claimed:
                continue
            ended = min(filter(None, [study.recruit_until, study.closed_at and timezone.localdate(study.closed_at)]))
            email_compose(
                to=[study.researcher.email],
                language=settings.LANGUAGE_CODE,
                subject=gettext_lazy("Your study's volunteers will soon be deleted"),
                template="research/email/retention_warning.txt",
                context=lambda study=study, ended=ended: {
                    "study": study,
                    "deleted_on": ended + kept_for("research_volunteer_after_close"),
                    "url": absolute_url(reverse("research:study_volunteers", args=[study.pk])),
                },
                purpose="research_retention_warning",
            )
            sent += 1
    return sent


def research_group_answers_purge() -> int:
    cutoff = timezone.localdate() - kept_for("research_group_answer_after_close")
    _, per_model = GroupInvitation.objects.filter(study__in=_recruitment_ended_before(cutoff)).delete()
    return per_model.get("research.GroupInvitation", 0)


def researcher_applications_purge() -> int:
    now = timezone.now()
    decided = ResearcherApplication.objects.filter(
        decided_at__lt=now - kept_for("researcher_application_decided")
    ).exclude(status=ResearcherApplication.Status.PENDING)
    pending = ResearcherApplication.objects.filter(
        status=ResearcherApplication.Status.PENDING, created_at__lt=now - kept_for("researcher_application_pending")
    )
    return decided.delete()[0] + pending.delete()[0]
