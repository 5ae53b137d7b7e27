"""Writes for a researcher's work with the volunteers of their own study: a status per
volunteer, the export, a message to those included, and the summary of the findings.

Each service checks again that the study is the person's own (research.scope.studies_of) and
approved, whatever the view did: a service is the last door before a write or an e-mail. Every
view of the list, export and message is recorded (who, when, which study), never what it showed."""

import datetime
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facilitators.models import LinkPurpose
from facilitators.services.links import link_issue
from facilitators.services.records import Action, record
from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.limits import rate_limit_allow

from ..csv import csv_bytes
from ..models import Study, Volunteer, VolunteerLink
from ..scope import studies_of
from ..selectors.recruitment import (
    WORK_STATUSES,
    recruitment_ended,
    screening_questions_of,
    volunteers_included,
    volunteers_visible,
    volunteers_wanting_findings,
)

# How many messages a study may send its included volunteers in a day. A researcher arranges
# interviews and sends reminders; more than a few a day would be a mailing list, not recruitment.
VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY = 3
# And one researcher over all their studies, so many small studies are no way around it.
VOLUNTEER_MESSAGES_PER_RESEARCHER_PER_DAY = 10
LANGUAGES = ("nb", "en")


class NotAllowed(Exception):
    """Not this person's study, or not a volunteer of it."""


class NotApproved(Exception):
    """The study has no approved version, so it has no volunteers to see or write to."""


class NoRecipients(Exception):
    """Nobody to send to (no volunteer is included yet)."""


class MessageRateLimited(Exception):
    """The study (or the researcher) has sent enough messages today."""


class FindingsTooEarly(Exception):
    """The study still recruits: findings come after it."""


def _own_approved(user, study: Study) -> None:
    if not studies_of(user).filter(pk=study.pk).exists():
        raise NotAllowed
    if study.live_version_id is None:
        raise NotApproved


def _language(value: str) -> str:
    value = (value or "").split("-")[0].lower()
    return value if value in LANGUAGES else settings.LANGUAGE_CODE


def plain_line(value: str) -> str:
    """A subject as one plain line: no line breaks, no invisible formatting characters (a
    right-to-left override could make a subject read differently from what it is)."""
    return " ".join("".join(c for c in value if unicodedata.category(c) != "Cf").split())


def plain_text(value: str) -> str:
    """A message body without invisible formatting characters; its line breaks stay."""
    lines = ("".join(c for c in line if unicodedata.category(c) != "Cf").rstrip() for line in value.splitlines())
    return "\n".join(lines).strip()


# The list and its statuses ------------------------------------------------------------------

def volunteers_viewed(*, user, study: Study) -> None:
    """Record that the person opened the study's list of volunteers (the study, not the people)."""
    record(actor=user, action=Action.VOLUNTEERS_VIEWED, obj=study, label=study.title)


def volunteer_status_set(*, user, study: Study, volunteer: Volunteer, status: str) -> Volunteer:
    """The researcher's own note of where a volunteer is: new, contacted, included or excluded.
    Only "included" has a consequence here: messages from the researcher go to those."""
    _own_approved(user, study)
    if status not in WORK_STATUSES:
        raise ValueError(status)
    with transaction.atomic():
        updated = volunteers_visible(study=study).filter(pk=volunteer.pk).update(status=status)
        if not updated:
            raise NotAllowed
    volunteer.status = status
    return volunteer


# The export ----------------------------------------------------------------------------------

def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def volunteers_export(*, user, study: Study) -> bytes:
    """The confirmed volunteers as CSV (research.csv), in the reader's language, recorded."""
    _own_approved(user, study)
    volunteers = list(volunteers_visible(study=study))
    questions = screening_questions_of(volunteers)
    header = [
        _("Name"),
        _("E-mail address"),
        _("Phone"),
        _("Group"),
        _("Status"),
        _("Version agreed to"),
        _("Consented at"),
        _("Confirmed at"),
        _("Wants the findings"),
        *questions,
    ]
    rows = []
    for volunteer in volunteers:
        answers = volunteer.screening_answers or {}
        rows.append(
            [
                volunteer.name,
                volunteer.email,
                volunteer.phone,
                volunteer.group_name,
                volunteer.get_status_display(),
                volunteer.version.number,
                _when(volunteer.consented_at),
                _when(volunteer.confirmed_at),
                _("Yes") if volunteer.wants_findings else _("No"),
                *[answers.get(question, "") for question in questions],
            ]
        )
    content = csv_bytes(header, rows)
    record(
        actor=user, action=Action.VOLUNTEERS_EXPORTED, obj=study, label=study.title, detail=f"rows={len(rows)}"
    )
    return content


# Writing to the included volunteers ------------------------------------------------------------

def volunteers_message(*, user, study: Study, subject: str, message: str) -> int:
    """Write to every included volunteer through the site: one e-mail each, in their language,
    with replies going to the study's contact address. The volunteers' addresses are never
    shown to each other.

    Replies go to the study, so the e-mail carries no private link (a quoted reply would hand
    the link to whoever reads it); it tells the person where their own links are. Its subject
    is always the same neutral sentence, since a subject shows on a locked phone; what the
    researcher called it is the first line of the body.

    Raises NotAllowed, NotApproved, NoRecipients when nobody is included, and
    MessageRateLimited after VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY messages for the study (or
    VOLUNTEER_MESSAGES_PER_RESEARCHER_PER_DAY by the researcher) in a day. Returns how many
    people were written to."""
    _own_approved(user, study)
    subject, message = plain_line(subject), plain_text(message)
    with transaction.atomic():
        # One message at a time per study, so two clicks cannot both pass the limit.
        Study.objects.select_for_update().filter(pk=study.pk).first()
        recipients = list(volunteers_included(study=study))
        if not recipients:
            raise NoRecipients
        day = timedelta(days=1)
        if not rate_limit_allow(
            scope="research_volunteer_message",
            limits={
                f"study:{study.pk}": (VOLUNTEER_MESSAGES_PER_STUDY_PER_DAY, day),
                f"researcher:{user.pk}": (VOLUNTEER_MESSAGES_PER_RESEARCHER_PER_DAY, day),
            },
        ):
            raise MessageRateLimited
        for volunteer in recipients:
            email_compose(
                to=[volunteer.email],
                language=_language(volunteer.language),
                subject=gettext_lazy("A message about a study you volunteered for"),
                template="research/email/recruitment_message.txt",
                context={
                    "volunteer": volunteer,
                    "study": study,
                    "subject": subject,
                    "message": message,
                },
                purpose="research_volunteer_message",
                reply_to=study.contact_email,
            )
        record(
            actor=user, action=Action.VOLUNTEERS_MESSAGED, obj=study, label=study.title,
            detail=f"recipients={len(recipients)}",
        )
    return len(recipients)


# The findings ------------------------------------------------------------------------------------

def findings_publish(*, user, study: Study, findings: str) -> int:
    """Publish (or correct) the plain-language summary of the findings, once the study has
    stopped recruiting. The first publication e-mails it to every volunteer who asked for it
    and is still stored; a correction changes the text on the study page and e-mails nobody
    again. Volunteers are deleted SAMHOLD_RETENTION["research_volunteer_after_close"] days
    after recruitment ended, so a summary published later reaches no one by e-mail.

    Each e-mail comes from Samhold (no Reply-To) and carries the person's own private link, as
    every e-mail to a volunteer does; questions go to the study's contact address, which the
    e-mail names. Raises NotAllowed, NotApproved and FindingsTooEarly. Returns how many were
    e-mailed now."""
    _own_approved(user, study)
    if not recruitment_ended(study):
        raise FindingsTooEarly
    findings = plain_text(findings)
    now = timezone.now()
    with transaction.atomic():
        first = Study.objects.filter(pk=study.pk, findings_published_at__isnull=True).update(
            findings=findings, findings_published_at=now
        )
        if not first:
            Study.objects.filter(pk=study.pk).update(findings=findings)
            study.findings = findings
            return 0
        study.findings, study.findings_published_at = findings, now
        recipients = list(volunteers_wanting_findings(study=study))
        for volunteer in recipients:
            email_compose(
                to=[volunteer.email],
                language=_language(volunteer.language),
                subject=gettext_lazy("The findings of a study you volunteered for"),
                template="research/email/recruitment_findings.txt",
                context=lambda volunteer=volunteer: {
                    "volunteer": volunteer,
                    "study": study,
                    "findings": findings,
                    "published": date_format(timezone.localtime(now), "DATE_FORMAT"),
                    "manage_url": absolute_url(
                        reverse(
                            "research:volunteer_manage",
                            kwargs={
                                "token": link_issue(VolunteerLink, owner=volunteer, purpose=LinkPurpose.MANAGE)
                            },
                        )
                    ),
                },
                purpose="research_findings",
            )
        record(
            actor=user, action=Action.FINDINGS_PUBLISHED, obj=study, label=study.title,
            detail=f"recipients={len(recipients)}",
        )
    return len(recipients)
