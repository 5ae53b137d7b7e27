"""Demo research: one approved, recruiting study about self-help groups and health in Trøndelag
and one draft, both by the demo researcher. The texts are data (data/demo_studies.json);
idempotent by slug."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from directory.models import County, Theme
from facilitators.models import User
from research.models import Study, StudyVersion

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_studies.json"


def demo_studies_ensure(*, researcher_email: str) -> int:
    """Create the demo studies that are missing; returns how many were created."""
    researcher = User.objects.filter(email=researcher_email).first()
    if researcher is None:
        return 0
    created = 0
    today = timezone.localdate()
    for spec in json.loads(DATA_FILE.read_text(encoding="utf-8"))["studies"]:
        if Study.objects.filter(slug=spec["slug"]).exists():
            continue
        recruiting = spec["status"] == "recruiting"
        starts = today + datetime.timedelta(days=spec["days_from_start"])
        with transaction.atomic():
            study = Study.objects.create(
                researcher=researcher,
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                summary_en=spec["summary_en"],
                what_it_means=spec["what_it_means"],
                institution=spec["institution"],
                project_leader=spec["project_leader"],
                contact_email=spec["contact_email"],
                data_controller=spec["data_controller"],
                methods=spec["methods"],
                area=Study.Area.COUNTIES if spec["counties"] else Study.Area.NATIONAL,
                participants_sought=spec["participants_sought"],
                groups_sought=spec["groups_sought"],
                recruit_from=starts,
                recruit_until=starts + datetime.timedelta(days=spec["days_long"]),
                sikt_reference=spec["sikt_reference"],
                status=Study.Status.RECRUITING if recruiting else Study.Status.DRAFT,
                decided_at=timezone.now() if recruiting else None,
            )
            study.themes.set(Theme.objects.filter(slug__in=spec["themes"]))
            study.counties.set(County.objects.filter(number__in=spec["counties"]))
            version = StudyVersion.objects.create(
                study=study,
                number=1,
                status=StudyVersion.Status.APPROVED if recruiting else StudyVersion.Status.DRAFT,
                inclusion_criteria=spec["inclusion_criteria"],
                consent_text=spec["consent_text"],
                screening_questions=spec["screening_questions"],
                approved_at=timezone.now() if recruiting else None,
            )
            if recruiting:
                study.live_version = version
                study.save(update_fields=["live_version"])
        created += 1
    return created
