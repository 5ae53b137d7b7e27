"""Writes for studies: the researcher writes, sends and closes; a national administrator
approves, returns or declines.

Life of a study: draft → sent for approval → recruiting → closed (by the researcher, or by
housekeeping at the end of the period); or returned with a comment (the researcher changes it
and sends it again), or declined. Each service checks who may do it (research.scope and
facilitators.scope) again, whatever the view checked, and locks the study row while it decides.

What a change means (study_change):
- Draft or returned study (never recruited): everything is changed in place, also the draft
  version.
- Sent for approval, or a recruiting study with a changed version sent: nothing can be changed
  until the administrator has decided; they must approve what they read.
- Recruiting study:
  - the parts a volunteer agrees to (consent text, who may take part, lowest age, screening
    questions, information letter: VERSION_FIELDS) go into a NEW version (draft, then sent);
    the approved version stays live, and volunteers keep the version they agreed to
    (Volunteer.version) also after the new one is approved;
  - everything else the administrator approved (title, summaries, what taking part means,
    institution, project leader, contact address, methods, numbers of people and groups sought,
    themes, area, recruitment period, ethics references, data controller: APPROVAL_FIELDS) has
    no approved copy to keep showing, so changing any of it pauses recruitment at once: the
    study goes back to draft (with its approved version still attached) and recruits again when
    an administrator approves it. Nothing the public or a volunteer reads, and no address
    replies go to, changes without an administrator's approval.
- Closed or declined: nothing changes."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.text import norwegian_slug
from facilitators import roles
from facilitators.models import User
from facilitators.scope import scope_for
from facilitators.services.records import Action, record
from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.limits import rate_limit_allow

from ..models import Study, StudyVersion
from ..pdf import information_letter_name
from ..scope import is_researcher
from ..selectors.accounts import preferred_language
from ..selectors.studies import (
    PENDING_VERSION_STATUSES,
    study_awaiting_decision,
    study_closable,
    study_editable,
    study_submittable,
    study_working_version,
)
from .accounts import active_language, researcher_language_remember
from .groups import groups_invite

# The parts of a study an approval rests on besides the version: changing them on a recruiting
# study pauses it until it is approved again (study_change).
APPROVAL_FIELDS = (
    "title", "summary", "summary_en", "what_it_means", "institution", "project_leader", "contact_email",
    "methods", "participants_sought", "groups_sought",
    "themes", "area", "counties", "municipalities", "recruit_from", "recruit_until",
    "rek_reference", "sikt_reference", "ethics_not_required_reason", "data_controller",
)
VERSION_FIELDS = ("inclusion_criteria", "min_age", "consent_text", "screening_questions", "information_letter")

# Study fields the researcher writes on the form (the rest is set by the services).
STUDY_FIELDS = (
    "title", "summary", "summary_en", "what_it_means", "institution", "project_leader", "contact_email",
    "data_controller", "methods", "area", "participants_sought", "groups_sought", "recruit_from",
    "recruit_until", "rek_reference", "sikt_reference", "ethics_not_required_reason",
)
# A researcher sends at most this many studies or versions for approval a day: each one e-mails
# every national administrator.
SUBMITS_PER_DAY = 10


class StudyNotEditable(Exception):
    """Sent for approval, closed or declined: nothing can be changed now."""


class NothingToSubmit(Exception):
    """The study has nothing waiting to be sent (already sent, recruiting unchanged, or ended)."""


class SubmitRateLimited(Exception):
    """Too many studies sent for approval today."""


class StudyNotClosable(Exception):
    """Not recruiting (never approved, or already ended)."""


class StudyAlreadyDecided(Exception):
    """Nothing is waiting for a decision (perhaps another administrator decided it just now)."""


@dataclass(frozen=True)
class VersionText:
    """What a volunteer agrees to, apart from the information letter (a file, passed alone)."""

    inclusion_criteria: str
    min_age: int
    consent_text: str
    screening_questions: tuple

    @classmethod
    def of(cls, version: StudyVersion) -> "VersionText":
        return cls(
            inclusion_criteria=version.inclusion_criteria,
            min_age=version.min_age,
            consent_text=version.consent_text,
            screening_questions=tuple(
                (item["question"], tuple(item["choices"])) for item in version.screening_questions
            ),
        )

    @classmethod
    def from_form(cls, data: dict) -> "VersionText":
        return cls(
            inclusion_criteria=data["inclusion_criteria"],
            min_age=data["min_age"],
            consent_text=data["consent_text"],
            screening_questions=tuple(
                (item["question"], tuple(item["choices"])) for item in data["screening_questions"]
            ),
        )

    def apply_to(self, version: StudyVersion) -> None:
        version.inclusion_criteria = self.inclusion_criteria
        version.min_age = self.min_age
        version.consent_text = self.consent_text
        version.screening_questions = [
            {"question": question, "choices": list(choices)} for question, choices in self.screening_questions
        ]


@dataclass(frozen=True)
class StudyChange:
    """What a change did, for the message the researcher sees."""

    new_version: bool = False  # a new version was started beside the approved one
    paused: bool = False  # recruitment stopped until the change is approved


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = norwegian_slug(title)[:70].strip("-") or "studie"
    slug, number = base, 2
    others = Study.objects.exclude(pk=exclude_pk) if exclude_pk else Study.objects.all()
    while others.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _letter_store(version: StudyVersion, upload: UploadedFile) -> None:
    """Store the letter under a random name in the private storage, and delete the file it
    replaces if no other version uses it."""
    old = version.information_letter.name if version.information_letter else ""
    version.information_letter.save(
        information_letter_name(study_id=version.study_id, number=version.number), upload, save=False
    )
    if old and not StudyVersion.objects.filter(information_letter=old).exclude(pk=version.pk).exists():
        version.information_letter.storage.delete(old)


def _own_locked(study: Study, user: User) -> Study:
    if not is_researcher(user) or study.researcher_id != user.pk:
        raise PermissionDenied
    return Study.objects.select_for_update().get(pk=study.pk)


def study_create(
    *,
    researcher: User,
    study: Study,
    themes,
    counties,
    municipalities,
    version: VersionText,
    letter: UploadedFile | None = None,
) -> Study:
    """Save a new study as a draft with its first version (draft too). `study` is unsaved, with
    the form's fields set."""
    if not is_researcher(researcher):
        raise PermissionDenied
    with transaction.atomic():
        study.pk = None
        study.researcher = researcher
        study.status = Study.Status.DRAFT
        study.live_version = None
        study.slug = _unique_slug(study.title)
        study.full_clean()
        study.save()
        study.themes.set(themes)
        study.counties.set(counties)
        study.municipalities.set(municipalities)
        first = StudyVersion(study=study, number=1, status=StudyVersion.Status.DRAFT)
        version.apply_to(first)
        if letter is not None:
            _letter_store(first, letter)
        first.full_clean()
        first.save()
    return study


def _approval_parts(study: Study, *, themes=None, counties=None, municipalities=None) -> dict:
    """The approval fields' values, comparable: sets of ids for the relations."""
    relations = ("themes", "counties", "municipalities")
    parts = {name: getattr(study, name) for name in APPROVAL_FIELDS if name not in relations}
    parts["themes"] = {item.pk for item in (themes if themes is not None else study.themes.all())}
    parts["counties"] = {item.pk for item in (counties if counties is not None else study.counties.all())}
    parts["municipalities"] = {
        item.pk for item in (municipalities if municipalities is not None else study.municipalities.all())
    }
    return parts


def study_change(
    *,
    user: User,
    study: Study,
    themes,
    counties,
    municipalities,
    version: VersionText,
    letter: UploadedFile | None = None,
) -> StudyChange:
    """Save the researcher's changes to their study, by the rule in this module's docstring.

    `study` carries the form's values (unsaved); the stored row is locked and compared with it.
    Raises StudyNotEditable while it cannot be changed."""
    with transaction.atomic():
        current = _own_locked(study, user)
        working = study_working_version(current)
        if not study_editable(current, working):
            raise StudyNotEditable
        before = _approval_parts(current)
        for name in STUDY_FIELDS:
            setattr(current, name, getattr(study, name))
        after = _approval_parts(current, themes=themes, counties=counties, municipalities=municipalities)
        paused = current.status == Study.Status.RECRUITING and before != after
        if paused:
            current.status = Study.Status.DRAFT
        if current.live_version_id is None:
            # Never public: the address may follow the title until it is.
            current.slug = _unique_slug(current.title, exclude_pk=current.pk)
        current.full_clean()
        current.save()
        current.themes.set(themes)
        current.counties.set(counties)
        current.municipalities.set(municipalities)

        new_version = False
        if working is None or version != VersionText.of(working) or letter is not None:
            if working is not None and working.status in PENDING_VERSION_STATUSES:
                target = working
            else:
                # The working version was approved (it is live, or was): a change is a new one.
                target = StudyVersion(
                    study=current,
                    number=(working.number + 1) if working else 1,
                    status=StudyVersion.Status.DRAFT,
                    information_letter=working.information_letter.name if working else "",
                )
                new_version = working is not None
            version.apply_to(target)
            if letter is not None:
                _letter_store(target, letter)
            target.full_clean()
            target.save()
    return StudyChange(new_version=new_version, paused=paused)


def _administrators() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=roles.NATIONAL_ADMINISTRATOR).distinct().order_by("pk")
    )


def study_submit(*, user: User, study: Study) -> Study:
    """Send a study (or a recruiting study's changed version) for approval, and tell every
    national administrator by e-mail, with a link to the study in the admin and nothing about
    any person.

    Raises NothingToSubmit, ValidationError (what is missing: a recruitment end in the past, no
    information letter) and SubmitRateLimited (SUBMITS_PER_DAY a day per researcher)."""
    with transaction.atomic():
        current = _own_locked(study, user)
        working = study_working_version(current)
        if working is None or not study_submittable(current, working):
            raise NothingToSubmit
        problems = []
        if current.recruit_until < timezone.localdate():
            problems.append(_("Recruitment ends in the past. Change the recruitment period first."))
        if not working.information_letter:
            problems.append(_("Upload the information letter (PDF) first."))
        if not current.themes.exists():
            problems.append(_("Choose at least one theme first."))
        if problems:
            raise ValidationError(problems)
        if not rate_limit_allow(
            scope="study_submit", limits={f"user:{user.pk}": (SUBMITS_PER_DAY, datetime.timedelta(days=1))}
        ):
            raise SubmitRateLimited
        if working.status in PENDING_VERSION_STATUSES:
            working.status = StudyVersion.Status.SUBMITTED
            working.save(update_fields=["status"])
        if current.status in (Study.Status.DRAFT, Study.Status.RETURNED):
            current.status = Study.Status.SUBMITTED
        current.save()
        researcher_language_remember(user=user, language=active_language())
        record(actor=user, action=Action.STUDY_SUBMITTED, obj=current, label=current.title,
               detail=f"v{working.number}")
        admin_path = reverse("research_study:inspect", args=[current.pk])
        for administrator in _administrators():
            email_compose(
                to=[administrator.email],
                language=preferred_language(administrator),
                subject=gettext_lazy("A study is waiting for approval"),
                template="research/email/study_submitted.txt",
                context=lambda: {
                    "study": current,
                    "version": working,
                    "url": absolute_url(admin_path),
                    "changed": current.live_version_id is not None,
                },
                purpose="study_submitted",
            )
    return current


def study_close(*, user: User, study: Study) -> Study:
    """End recruitment now: the study leaves the public list, and the clock for its volunteers'
    details starts today (recruit_until becomes today)."""
    with transaction.atomic():
        current = _own_locked(study, user)
        if not study_closable(current):
            raise StudyNotClosable
        today = timezone.localdate()
        current.status = Study.Status.CLOSED
        current.closed_at = timezone.now()
        current.recruit_until = min(current.recruit_until, today)
        current.recruit_from = min(current.recruit_from, current.recruit_until)
        current.save()
        record(actor=user, action=Action.STUDY_CLOSED, obj=current, label=current.title)
    return current


# The administrators' decisions ----------------------------------------------------------

def _decide_locked(study: Study, decided_by: User) -> tuple[Study, StudyVersion]:
    if not scope_for(decided_by).is_administrator:
        raise PermissionDenied
    current = Study.objects.select_for_update().get(pk=study.pk)
    working = study_working_version(current)
    if working is None or not study_awaiting_decision(current, working):
        raise StudyAlreadyDecided
    return current, working


def _tell_researcher(study: Study, *, subject, template: str, purpose: str, **extra) -> None:
    language = preferred_language(study.researcher)

    email_compose(
        to=[study.researcher.email],
        language=language,
        subject=subject,
        template=template,
        # Made in the researcher's language: the link's path is translated.
        context=lambda: {"study": study, "url": absolute_url(reverse("research:study_detail", args=[study.pk])), **extra},
        purpose=purpose,
    )


def study_approve(*, study: Study, decided_by: User) -> Study:
    """Approve what was sent: the sent version becomes the live one (the one before it is
    superseded; volunteers keep the version they agreed to) and the study recruits. A study
    paused by a change to its themes, area, period or ethics basis recruits again with its live
    version. Raises ValidationError if the recruitment period has already ended."""
    with transaction.atomic():
        current, working = _decide_locked(study, decided_by)
        if current.recruit_until < timezone.localdate():
            raise ValidationError(
                _("The recruitment period has ended. Return the study so the researcher can change it.")
            )
        now = timezone.now()
        if working.status == StudyVersion.Status.SUBMITTED:
            previous = current.live_version
            if previous is not None and previous.pk != working.pk:
                previous.status = StudyVersion.Status.SUPERSEDED
                previous.save(update_fields=["status"])
            working.status = StudyVersion.Status.APPROVED
            working.approved_by = decided_by
            working.approved_at = now
            working.save(update_fields=["status", "approved_by", "approved_at"])
            current.live_version = working
        if current.live_version_id is None:
            raise StudyAlreadyDecided  # nothing approvable: never happens with the statuses above
        current.status = Study.Status.RECRUITING
        current.decided_by = decided_by
        current.decided_at = now
        current.review_comment = ""
        current.save()
        record(actor=decided_by, action=Action.STUDY_APPROVED, obj=current, label=current.title,
               detail=f"v{current.live_version.number}")
        # The matching groups are asked at once (housekeeping catches any that start later).
        transaction.on_commit(lambda: groups_invite(study=current))
        _tell_researcher(
            current, subject=gettext_lazy("Your study is approved"), template="research/email/study_approved.txt",
            purpose="study_approved", version=current.live_version,
            public_url=absolute_url(reverse("research:public_study", kwargs={"slug": current.slug})),
        )
    return current


def study_return(*, study: Study, decided_by: User, comment: str) -> Study:
    """Send it back with a comment the researcher reads. A recruiting study keeps recruiting
    with its approved version; only the changed version is returned."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Write what the researcher should change."))
    with transaction.atomic():
        current, working = _decide_locked(study, decided_by)
        if working.status == StudyVersion.Status.SUBMITTED:
            working.status = StudyVersion.Status.RETURNED
            working.save(update_fields=["status"])
        if current.status == Study.Status.SUBMITTED:
            current.status = Study.Status.RETURNED
        current.review_comment = comment[:2000]
        current.decided_by = decided_by
        current.decided_at = timezone.now()
        current.full_clean()
        current.save()
        record(actor=decided_by, action=Action.STUDY_RETURNED, obj=current, label=current.title,
               detail=f"v{working.number}")
        _tell_researcher(
            current, subject=gettext_lazy("Your study was returned with a comment"),
            template="research/email/study_returned.txt", purpose="study_returned", comment=current.review_comment,
        )
    return current


def study_decline(*, study: Study, decided_by: User, comment: str = "") -> Study:
    """Decline a study that has never been approved. A recruiting study's change is returned,
    not declined (it would end a study people have already volunteered for)."""
    with transaction.atomic():
        current, working = _decide_locked(study, decided_by)
        if current.live_version_id is not None:
            raise StudyAlreadyDecided
        working.status = StudyVersion.Status.RETURNED
        working.save(update_fields=["status"])
        current.status = Study.Status.DECLINED
        current.review_comment = (comment or "").strip()[:2000]
        current.decided_by = decided_by
        current.decided_at = timezone.now()
        current.save()
        record(actor=decided_by, action=Action.STUDY_DECLINED, obj=current, label=current.title,
               detail=f"v{working.number}")
        _tell_researcher(
            current, subject=gettext_lazy("Your study was not approved"),
            template="research/email/study_declined.txt", purpose="study_declined", comment=current.review_comment,
        )
    return current
