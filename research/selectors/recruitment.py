"""Reads for a researcher's own study: its volunteers, their counts and the rows of the export.

Everything starts from research.scope.studies_of, so another researcher's study (or a wrong
id) is never found, and a study shows volunteers only once an administrator has approved it and
only those who confirmed from the e-mail. Administrators see counts and the record, never these
details (the scope gives them no studies here)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from samhold.forms import MAX_KEY
from samhold.retention import kept_for

from ..models import Study, StudyCounter, Volunteer
from ..scope import studies_of

# The statuses a researcher gives a confirmed volunteer, in the order they are worked through.
WORK_STATUSES = [
    Volunteer.Status.NEW,
    Volunteer.Status.CONTACTED,
    Volunteer.Status.INCLUDED,
    Volunteer.Status.EXCLUDED,
]


def study_for_researcher(*, user, pk: int) -> Study:
    """One of the person's own studies; 404 for any other id, whoever asks."""
    if not 0 < pk <= MAX_KEY:
        raise Http404
    study = studies_of(user).select_related("live_version").filter(pk=pk).first()
    if study is None:
        raise Http404
    return study


def volunteers_visible(*, study: Study) -> QuerySet[Volunteer]:
    """The study's confirmed volunteers, oldest first; none before the study is approved."""
    if study.live_version_id is None:
        return Volunteer.objects.none()
    return (
        Volunteer.objects.filter(study=study, confirmed_at__isnull=False)
        .exclude(status=Volunteer.Status.PENDING)
        .select_related("version")
        .order_by("confirmed_at", "pk")
    )


def volunteer_for_researcher(*, study: Study, pk: int) -> Volunteer:
    """One confirmed volunteer of this (already scoped) study; 404 otherwise."""
    if not 0 < pk <= MAX_KEY:
        raise Http404
    volunteer = volunteers_visible(study=study).filter(pk=pk).first()
    if volunteer is None:
        raise Http404
    return volunteer


@dataclass(frozen=True)
class VolunteerCounts:
    new: int
    contacted: int
    included: int
    excluded: int
    withdrawn: int

    @property
    def confirmed(self) -> int:
        return self.new + self.contacted + self.included + self.excluded


def volunteer_counts(*, study: Study) -> VolunteerCounts:
    """How many confirmed volunteers have each status, and how many withdrew (an anonymous
    count: a withdrawn person's row is gone)."""
    rows = volunteers_visible(study=study).order_by().values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in rows}
    withdrawn = StudyCounter.objects.filter(study=study).values_list("withdrawn", flat=True).first() or 0
    return VolunteerCounts(
        new=by_status.get(Volunteer.Status.NEW, 0),
        contacted=by_status.get(Volunteer.Status.CONTACTED, 0),
        included=by_status.get(Volunteer.Status.INCLUDED, 0),
        excluded=by_status.get(Volunteer.Status.EXCLUDED, 0),
        withdrawn=withdrawn,
    )


def volunteers_included(*, study: Study) -> QuerySet[Volunteer]:
    """Those a message from the researcher goes to."""
    return volunteers_visible(study=study).filter(status=Volunteer.Status.INCLUDED)


def volunteers_wanting_findings(*, study: Study) -> QuerySet[Volunteer]:
    """Confirmed volunteers who asked for the summary of the findings when they signed up."""
    return volunteers_visible(study=study).filter(wants_findings=True)


def screening_questions_of(volunteers) -> list[str]:
    """The screening questions the volunteers answered, as columns: each version's questions
    in its order, then any answer a version no longer asks (a changed question)."""
    questions: list[str] = []
    versions = {}
    for volunteer in volunteers:
        versions.setdefault(volunteer.version_id, volunteer.version)
    for version in sorted(versions.values(), key=lambda v: v.number):
        for item in version.screening_questions or []:
            text = str(item.get("question", "")) if isinstance(item, dict) else str(item)
            if text and text not in questions:
                questions.append(text)
    for volunteer in volunteers:
        for text in (volunteer.screening_answers or {}):
            if text not in questions:
                questions.append(str(text))
    return questions


def recruitment_ended(study: Study, *, today: datetime.date | None = None) -> bool:
    """Whether the study has stopped recruiting: closed, or past its last day."""
    today = today or timezone.localdate()
    return study.status == Study.Status.CLOSED or (study.live_version_id is not None and study.recruit_until < today)


def volunteers_deleted_on(study: Study) -> datetime.date:
    """The day the volunteers' details go: SAMHOLD_RETENTION["research_volunteer_after_close"]
    days after recruitment ended (closed early, or its last day)."""
    ended = study.recruit_until
    if study.closed_at is not None:
        ended = min(ended, timezone.localdate(study.closed_at))
    return ended + kept_for("research_volunteer_after_close")
