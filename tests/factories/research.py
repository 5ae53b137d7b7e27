"""Researchers and studies as an approved, recruiting study looks in the database."""

import datetime

from django.utils import timezone

from facilitators import roles
from research.models import Study, StudyVersion, Volunteer

from .roles import person_with_role


def researcher(**fields):
    return person_with_role(roles.RESEARCHER, **fields)


def recruiting_study(*, by=None, themes=(), slug="empowerment-trondelag", days_left=60, **fields):
    """A study approved and recruiting from today for `days_left` days, on `themes`, nationwide
    unless told otherwise, with one approved version."""
    today = timezone.localdate()
    study = Study.objects.create(
        researcher=by or researcher(),
        title=fields.pop("title", "Selvhjelpsgrupper og mestring"),
        slug=slug,
        summary="Vi vil forstå hva det betyr å være med i en selvhjelpsgruppe.",
        what_it_means="En samtale på en time.",
        institution="NTNU",
        project_leader="Professor Prøve",
        contact_email="prosjekt@example.org",
        data_controller="NTNU",
        methods=["interview"],
        recruit_from=today,
        recruit_until=today + datetime.timedelta(days=days_left),
        sikt_reference="123456",
        status=Study.Status.RECRUITING,
        **fields,
    )
    study.themes.set(themes)
    version = StudyVersion.objects.create(
        study=study, number=1, status=StudyVersion.Status.APPROVED, inclusion_criteria="Voksne i en gruppe.",
        consent_text="Jeg samtykker til at navn og e-post gis til prosjektet.", approved_at=timezone.now(),
    )
    study.live_version = version
    study.save(update_fields=["live_version"])
    return study


def volunteer(study, *, email="frivillig@example.net", confirmed=True, **fields):
    return Volunteer.objects.create(
        study=study, version=study.live_version, name=fields.pop("name", "Frida Frivillig"), email=email,
        consent_text=study.live_version.consent_text,
        status=Volunteer.Status.NEW if confirmed else Volunteer.Status.PENDING,
        confirmed_at=timezone.now() if confirmed else None, **fields,
    )
