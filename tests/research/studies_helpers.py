"""Helpers for the tests of researcher accounts, writing studies and their approval: a valid
form, a small real PDF, and studies made through the services at each step of their life."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from research.models import Study
from research.services.studies import VersionText, study_approve, study_create, study_submit

# The smallest file the check accepts: a PDF header, one object, a trailer and the end marker.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(content: bytes = PDF, name: str = "informasjonsskriv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(themes, **changes) -> dict:
    """What a researcher types into the study form, valid as it stands."""
    today = timezone.localdate()
    data = {
        "title": "Selvhjelp og mestring i Trøndelag",
        "summary": "Vi vil forstå hva det betyr å være med i en selvhjelpsgruppe over tid.",
        "summary_en": "",
        "what_it_means": "Du skriver dagbok i fire uker og blir intervjuet én gang.",
        "institution": "NTNU",
        "project_leader": "Professor Prøve",
        "contact_email": "Prosjekt@Example.org",
        "data_controller": "NTNU",
        "methods": ["diary", "interview"],
        "themes": [str(theme.pk) for theme in themes],
        "area": "national",
        "participants_sought": "16",
        "groups_sought": "2",
        "recruit_from": today.isoformat(),
        "recruit_until": (today + datetime.timedelta(days=60)).isoformat(),
        "rek_reference": "2026/123456",
        "sikt_reference": "",
        "ethics_not_required_reason": "",
        "inclusion_criteria": "Voksne som er med i en selvhjelpsgruppe.",
        "min_age": "18",
        "consent_text": "Jeg samtykker til at navn og e-post gis til prosjektet.",
        "question_1": "Er du med i en selvhjelpsgruppe nå?",
        "choices_1": "",
        "question_2": "Hvor lenge har du vært med?",
        "choices_2": "Under ett år\nEtt til tre år\nMer enn tre år",
    }
    for number in range(3, 6):
        data.setdefault(f"question_{number}", "")
        data.setdefault(f"choices_{number}", "")
    data.update(changes)
    return data


def draft_study(owner, themes, *, letter=True, title="Selvhjelp og mestring", days_left=60, **fields) -> Study:
    """A draft made through the service, as the form would make it."""
    today = timezone.localdate()
    study = Study(
        title=title,
        summary="Vi vil forstå hva det betyr å være med i en selvhjelpsgruppe.",
        what_it_means="En samtale på en time.",
        institution="NTNU",
        project_leader="Professor Prøve",
        contact_email="prosjekt@example.org",
        data_controller="NTNU",
        methods=["interview"],
        participants_sought=10,
        recruit_from=today,
        recruit_until=today + datetime.timedelta(days=days_left),
        rek_reference="2026/123456",
        **fields,
    )
    return study_create(
        researcher=owner,
        study=study,
        themes=themes,
        counties=[],
        municipalities=[],
        version=VersionText(
            inclusion_criteria="Voksne i en gruppe.",
            min_age=18,
            consent_text="Jeg samtykker til at navn og e-post gis til prosjektet.",
            screening_questions=(("Er du med i en gruppe nå?", ("Ja", "Nei")),),
        ),
        letter=pdf_upload() if letter else None,
    )


def submitted_study(owner, themes, **kwargs) -> Study:
    return study_submit(user=owner, study=draft_study(owner, themes, **kwargs))


def approved_study(owner, themes, administrator, **kwargs) -> Study:
    return study_approve(study=submitted_study(owner, themes, **kwargs), decided_by=administrator)


def as_it_stands(study) -> dict:
    """The study form's fields as the study has them now: a change on top of this changes only
    what it names."""
    return {
        "title": study.title, "summary": study.summary, "summary_en": study.summary_en,
        "what_it_means": study.what_it_means, "institution": study.institution,
        "project_leader": study.project_leader, "contact_email": study.contact_email,
        "data_controller": study.data_controller, "methods": list(study.methods), "area": study.area,
        "participants_sought": str(study.participants_sought), "groups_sought": str(study.groups_sought),
        "recruit_from": study.recruit_from.isoformat(), "recruit_until": study.recruit_until.isoformat(),
        "rek_reference": study.rek_reference, "sikt_reference": study.sikt_reference,
        "ethics_not_required_reason": study.ethics_not_required_reason,
    }
