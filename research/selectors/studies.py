"""Reads of studies for their researcher and for the administrators who decide on them.

Every study a view shows is fetched through research.scope (studies_of, studies_to_decide), so
another researcher's study is a 404. What a study could reach before it is approved is told
only as counts (study_reach): never a person, never a group's contact."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from directory.models import Municipality
from facilitators.selectors.interest import (
    FEWEST_MUNICIPALITIES_IN_A_RANGE,
    DemandBand,
    demand_band,
    interest_active,
)

from ..models import Study, StudyVersion
from ..scope import studies_of, studies_to_decide
from .groups import groups_matching_study

# Statuses in which the researcher may change a study (study_editable says the rest).
EDITABLE_STATUSES = (Study.Status.DRAFT, Study.Status.RETURNED, Study.Status.RECRUITING)
PENDING_VERSION_STATUSES = (StudyVersion.Status.DRAFT, StudyVersion.Status.RETURNED)


def _latest_version_status() -> Subquery:
    return Subquery(StudyVersion.objects.filter(study=OuterRef("pk")).order_by("-number").values("status")[:1])


def study_list_for_researcher(*, user) -> QuerySet[Study]:
    """The researcher's own studies, newest first, each with `working_status` (its newest
    version's status: a change waiting to be sent or approved shows there)."""
    return studies_of(user).annotate(working_status=_latest_version_status()).order_by("-created_at", "-pk")


def study_working_version(study: Study) -> StudyVersion | None:
    """The newest version: the one being written, sent or last approved."""
    return study.versions.order_by("-number").first()


def awaiting_decision_filter() -> Q:
    """Studies an administrator has to decide on: sent for approval, or recruiting with a
    changed version sent for approval (the approved one stays live meanwhile)."""
    return Q(status=Study.Status.SUBMITTED) | Q(
        status=Study.Status.RECRUITING, working_status=StudyVersion.Status.SUBMITTED
    )


def study_awaiting_decision(study: Study, working: StudyVersion | None) -> bool:
    return study.status == Study.Status.SUBMITTED or (
        study.status == Study.Status.RECRUITING
        and working is not None
        and working.status == StudyVersion.Status.SUBMITTED
    )


def study_editable(study: Study, working: StudyVersion | None) -> bool:
    """Whether the researcher may change the study now: drafts, returned studies and recruiting
    ones, but nothing while an administrator is deciding on it."""
    return study.status in EDITABLE_STATUSES and not study_awaiting_decision(study, working)


def study_submittable(study: Study, working: StudyVersion | None) -> bool:
    """Whether there is something to send: a draft or returned study, or a recruiting study's
    changed version."""
    if study.status in (Study.Status.DRAFT, Study.Status.RETURNED):
        return True
    return (
        study.status == Study.Status.RECRUITING
        and working is not None
        and working.status in PENDING_VERSION_STATUSES
    )


def study_closable(study: Study) -> bool:
    """A study that has been approved and has not ended (recruiting, or paused by a change)."""
    return study.live_version_id is not None and study.status not in (Study.Status.CLOSED, Study.Status.DECLINED)


def studies_for_admin(*, user) -> QuerySet[Study]:
    """Every study, for national administrators (none for anyone else), with `working_status`
    and `awaiting` (whether it waits for a decision) for the list."""
    return (
        studies_to_decide(user)
        .select_related("researcher", "live_version")
        .annotate(working_status=_latest_version_status())
    )


def studies_awaiting_decision(*, user) -> QuerySet[Study]:
    return studies_for_admin(user=user).filter(awaiting_decision_filter())


# What a study could reach -------------------------------------------------------------------

@dataclass(frozen=True)
class Reach:
    """What a study's themes and area could reach, as a researcher may see it before approval.

    `groups` is exact: published groups are public, anyone can count them in the directory.
    People who registered interest are told only as a demand range (facilitators' DEMAND_BANDS,
    the rule every reader outside their own area gets), and not at all for an area of fewer
    than FEWEST_MUNICIPALITIES_IN_A_RANGE municipalities, where the range would be one
    municipality's own count."""

    groups: int
    interest: DemandBand | None
    interest_area_too_small: bool


def _area_municipalities(study: Study) -> QuerySet[Municipality]:
    """Every municipality of the counties the study's area touches. Whole counties, never the
    municipalities a researcher picks: a draft's area can be changed at will, and ranges over
    chosen sets could be differenced down to one municipality's exact count (Levanger and
    Verdal, then Verdal and Trondheim, …). Counties are the units everyone outside an area sees
    interest in (facilitators' demand page), so nothing finer can be learnt here."""
    municipalities = Municipality.objects.active()
    if study.area == Study.Area.COUNTIES:
        return municipalities.filter(county__in=study.counties.all())
    if study.area == Study.Area.MUNICIPALITIES:
        return municipalities.filter(county__in=study.municipalities.values("county"))
    return municipalities


def study_reach(study: Study) -> Reach:
    """The groups the study would ask (the same selector that asks them once it recruits), and
    confirmed, unexpired interest registrations sharing a theme with it by people living in its
    area (as a range)."""
    theme_ids = list(study.themes.values_list("pk", flat=True))
    area = _area_municipalities(study)
    registrations = interest_active().filter(themes__in=theme_ids)
    if study.area != Study.Area.NATIONAL:
        registrations = registrations.filter(municipality__in=area)
    group_count = groups_matching_study(study).count() if theme_ids else 0
    too_small = area.count() < FEWEST_MUNICIPALITIES_IN_A_RANGE
    band = None
    if theme_ids and not too_small:
        band = demand_band(registrations.values("pk").distinct().count())
    return Reach(groups=group_count, interest=band, interest_area_too_small=too_small)


def study_letter_version(study: Study, *, number: int | None = None) -> StudyVersion | None:
    """The version whose information letter is asked for: version `number`, or the newest
    version that has a letter. None if there is none."""
    versions = study.versions.exclude(information_letter="")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()
