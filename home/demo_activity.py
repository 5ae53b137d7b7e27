"""Life in the demo: what a coordinator, a facilitator and a visitor find on a fresh install.

Start-ups in Trøndelag at every stage with their history (one stale: not moved for longer than
the coordinator's overview allows), upcoming information meetings with sign-ups (one full, with
a waiting list), confirmed interest registrations, two facilitator applications waiting for the
coordinator, and the record of it all. The texts and numbers are data
(data/demo_activity.json); every person is made up and every address is @example.org.

Written straight into the models, backdated, the way it would look after months of use: the
services would stamp everything "now" and send e-mail for each step. Idempotent: each part is
keyed (a start-up by its group's slug, a registration, sign-up or application by its address).
"""

import datetime
import json
import random
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from directory.models import Municipality, Theme
from directory.text import norwegian_slug
from facilitators import consent, roles
from facilitators.models import (
    AuditEntry,
    FacilitatorApplication,
    InfoMeeting,
    InterestNotification,
    InterestRegistration,
    MeetingSignUp,
    StageChange,
    StartUp,
    User,
)
from facilitators.models.records import Action
from facilitators.models.startups import Stage
from facilitators.selectors.interest import interest_matching_group
from groups.models import Attendance, SelfHelpGroup, Status
from groups.selectors import groups_changed

from . import demo

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_activity.json"
INTEREST_EMAIL = "interessert.{n}@example.org"
SIGNUP_EMAIL = "deltaker.{n}@example.org"


def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _ago(now, days: float) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def _facilitators(specs: list[dict]) -> list[User]:
    """The demo facilitator, and fictional ones who cannot log in."""
    role = Group.objects.get_or_create(name=roles.FACILITATOR)[0]
    people = []
    for spec in specs:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User(email=spec["email"], first_name=spec["first_name"], last_name=spec["last_name"])
            user.set_unusable_password()
            user.full_clean()
            user.save()
            user.groups.add(role)
            user.facilitator_municipalities.set(Municipality.objects.filter(number__in=spec["municipalities"]))
        people.append(user)
    return people


def _record(entries: list, *, actor, action, group, at, detail: str = "") -> None:
    entries.append(
        AuditEntry(
            actor=actor, action=action, object_type=group._meta.label_lower, object_id=str(group.pk),
            object_label=group.name[:200], detail=detail, at=at,
        )
    )


def _new_group(spec: dict, *, gen, municipality, facilitator, now) -> SelfHelpGroup:
    """A group drawn like the other demo groups, with the spec's name, theme and status."""
    drawn = gen.group(
        municipality=municipality, attendance=Attendance.IN_PERSON, theme_slug=spec["theme"], status=spec["status"]
    )
    fields = dict(drawn.fields, name=spec["name"])
    if spec.get("summary"):
        fields["summary"] = spec["summary"]
    meeting = spec.get("meeting")
    if meeting and fields.get("weekday") is not None:
        # The group's first meeting comes a couple of weeks after the information meeting.
        after = timezone.localdate(now) + datetime.timedelta(days=meeting["days_ahead"] + 14)
        fields["first_meeting"] = demo._first_weekday_on_or_after(after, fields["weekday"])
    started = _ago(now, spec["stages"][0][1])
    fields.update(created_at=started, first_published_at=started, last_published_at=started)
    if spec["stages"][-1][0] not in (Stage.SELF_RUNNING, Stage.STOPPED):
        # While a group starts, enquiries reach its facilitator (as group_draft_create does).
        fields["contact"] = facilitator
    group = SelfHelpGroup(slug=norwegian_slug(spec["name"])[:120], **fields)
    group.themes = [gen.themes[slug] for slug in drawn.theme_slugs]
    group.full_clean()
    group.save()
    return group


def _startup(spec: dict, group: SelfHelpGroup, *, facilitator, coordinator, now, entries: list) -> StartUp:
    """The start-up with its timeline: each stage at its day, with its note; approved by the
    coordinator when it left planning."""
    stages = spec["stages"]
    startup = StartUp(group=group, created_at=_ago(now, stages[0][1]))
    previous = ""
    changes = []
    for stage, days, note in stages:
        # Not all at this minute of the day: people work at different hours.
        at = _ago(now, days) - datetime.timedelta(minutes=(days * 137) % 480)
        changes.append(StageChange(from_stage=previous, to_stage=stage, note=note, changed_by=facilitator, changed_at=at))
        if previous:
            _record(entries, actor=facilitator, action=Action.STAGE_CHANGED, group=group, at=at,
                    detail=f"{previous} → {stage}")
        else:
            _record(entries, actor=facilitator, action=Action.GROUP_CREATED, group=group, at=at)
        if previous == Stage.PLANNING:
            approved = at - datetime.timedelta(days=2)
            startup.approved_at = approved
            _record(entries, actor=facilitator, action=Action.GROUP_SUBMITTED, group=group, at=approved - datetime.timedelta(days=1))
            _record(entries, actor=coordinator, action=Action.GROUP_APPROVED, group=group, at=approved)
        previous = stage
    startup.stage = previous
    startup.stage_changed_at = changes[-1].changed_at
    if previous == Stage.STOPPED:
        startup.stopped_reason = spec["stopped_reason"]
    if previous == Stage.SELF_RUNNING:
        startup.follow_up_due_at = startup.stage_changed_at + datetime.timedelta(days=90)
    startup.full_clean()
    startup.save()
    startup.facilitators.set([facilitator])
    for change in changes:
        change.startup = startup
    StageChange.objects.bulk_create(changes)
    return startup


def _meeting(
    spec: dict, group: SelfHelpGroup, *, scheduled, facilitator, rng, now, entries: list, first_person: int
) -> int:
    """An upcoming information meeting with its sign-ups: confirmed ones, and a waiting list when
    it is full. Returns how many people signed up."""
    today = timezone.localdate(now)
    day = today + datetime.timedelta(days=spec["days_ahead"])
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(spec["hour"], 0)))
    meeting = InfoMeeting(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=spec["minutes"]),
        place=spec["place"], capacity=spec["capacity"], description=spec["description"],
        created_by=facilitator, created_at=scheduled,
    )
    meeting.full_clean()
    meeting.save()
    _record(entries, actor=facilitator, action=Action.MEETING_SCHEDULED, group=group, at=scheduled,
            detail=f"{timezone.localtime(starts):%Y-%m-%d %H:%M}")
    texts = demo.demo_texts()
    signups = []
    wanted = [MeetingSignUp.Status.CONFIRMED] * spec["confirmed"] + [MeetingSignUp.Status.WAITING] * spec["waiting"]
    for i, status in enumerate(wanted):
        signed_up = scheduled + (now - scheduled) * (i + 1) / (len(wanted) + 1)
        signups.append(
            MeetingSignUp(
                meeting=meeting,
                name=f"{rng.choice(texts.first_names)} {rng.choice(texts.last_names)}",
                email=SIGNUP_EMAIL.format(n=first_person + i),
                status=status,
                consent_text_version=consent.MEETING_SIGNUP_CONSENT_VERSION,
                created_at=signed_up,
                confirmed_at=signed_up + datetime.timedelta(minutes=rng.randint(2, 90)),
            )
        )
    MeetingSignUp.objects.bulk_create(signups)
    return len(signups)


def _meeting_wanted_again(group: SelfHelpGroup, *, now) -> bool:
    """Whether a demo start-up that had an information meeting has none to come, while its
    group still looks for people."""
    return (
        group.live
        and group.status in (Status.PLANNED, Status.RECRUITING)
        and not InfoMeeting.objects.filter(group=group, cancelled_at__isnull=True, starts_at__gt=now).exists()
    )


def _startups_ensure(data: dict, *, now, rng, contacts_by_county) -> tuple[int, int]:
    """The start-ups that are missing, and a new meeting for those whose meeting has passed."""
    coordinator = User.objects.filter(email=demo.COORDINATOR_EMAIL).first()
    facilitators = _facilitators(data["facilitators"])
    municipalities, themes = demo.reference_data()
    by_number = {m.number: m for m in municipalities}
    gen = demo._Generator(
        rng=rng, municipalities=municipalities, themes=themes, contacts_by_county=contacts_by_county,
        today=timezone.localdate(now),
    )
    gen.used_names.update(SelfHelpGroup.objects.values_list("name", flat=True))
    entries: list[AuditEntry] = []
    created = created_meetings = 0
    people = 0
    for spec in data["startups"]:
        slug = norwegian_slug(spec["name"])[:120]
        group = SelfHelpGroup.objects.filter(slug=slug).first()
        if spec.get("existing"):
            if group is None:
                continue  # a smaller demo (tests) may not have it
        elif group is None:
            municipality = by_number.get(spec["municipality"])
            if municipality is None or spec["theme"] not in gen.themes:
                continue
            group = _new_group(spec, gen=gen, municipality=municipality, facilitator=facilitators[spec["facilitator"]], now=now)
        facilitator = facilitators[spec["facilitator"]]
        if StartUp.objects.filter(group=group).exists():
            if spec.get("meeting") and _meeting_wanted_again(group, now=now):
                # An older demo's meeting has passed: the next run of seed_demo (every `make run`)
                # holds a new one, so the meetings page is never empty for long.
                people += _meeting(
                    spec["meeting"], group, scheduled=now, facilitator=facilitator, rng=rng, now=now,
                    entries=entries, first_person=MeetingSignUp.objects.count() + people + 1,
                )
                created_meetings += 1
            continue
        _startup(spec, group, facilitator=facilitator, coordinator=coordinator, now=now, entries=entries)
        if spec.get("meeting"):
            # Scheduled when the start-up reached that stage.
            scheduled = _ago(now, next(days for stage, days, _ in spec["stages"] if stage == Stage.MEETING_SCHEDULED))
            people += _meeting(
                spec["meeting"], group, scheduled=scheduled, facilitator=facilitator, rng=rng, now=now,
                entries=entries, first_person=MeetingSignUp.objects.count() + people + 1,
            )
        created += 1
    AuditEntry.objects.bulk_create(entries)
    return created, created_meetings


def _interest_ensure(data: dict, *, now, rng) -> int:
    """Confirmed registrations, each told already about the groups that match it today, so the
    first housekeeping tells them only about what is new (the start-ups' meetings)."""
    themes = {t.slug: t for t in Theme.objects.all()}
    municipalities = {m.number: m for m in Municipality.objects.filter(number__in=[s["municipality"] for s in data["interest"]])}
    created = []
    n = 0
    for spec in data["interest"]:
        municipality = municipalities.get(spec["municipality"])
        chosen = [themes[slug] for slug in spec["themes"] if slug in themes]
        for _ in range(spec["count"]):
            n += 1
            email = INTEREST_EMAIL.format(n=n)
            if municipality is None or not chosen or InterestRegistration.objects.filter(email=email).exists():
                continue
            registered = _ago(now, rng.randint(5, 200))
            confirmed = registered + datetime.timedelta(minutes=rng.randint(3, 300))
            registration = InterestRegistration(
                email=email, municipality=municipality, radius_km=rng.choice([0, 0, 20, 50]),
                consent_text_version=consent.INTEREST_CONSENT_VERSION, created_at=registered,
                confirmed_at=confirmed, expires_at=confirmed + datetime.timedelta(days=365),
            )
            registration.full_clean(exclude=["themes"])
            registration.save()
            registration.themes.set(chosen)
            created.append(registration)
    if created:
        new_ids = [r.pk for r in created]
        started = set(StartUp.objects.values_list("group_id", flat=True))
        told = []
        candidates = SelfHelpGroup.objects.public().filter(status__in=[Status.RECRUITING, Status.OPEN]).exclude(pk__in=started)
        for group in candidates:
            for registration_id in interest_matching_group(group, now=now).filter(pk__in=new_ids).values_list("pk", flat=True):
                told.append(
                    InterestNotification(
                        registration_id=registration_id, group=group,
                        reason=InterestNotification.Reason.OPEN if group.status == Status.OPEN else InterestNotification.Reason.RECRUITING,
                        sent_at=now,
                    )
                )
        InterestNotification.objects.bulk_create(told, ignore_conflicts=True)
    return len(created)


def _applications_ensure(data: dict, *, now) -> int:
    created = 0
    for spec in data["applications"]:
        email = norwegian_slug(spec["name"]).replace("-", ".") + "@example.org"
        if FacilitatorApplication.objects.filter(email=email).exists():
            continue
        municipality = Municipality.objects.filter(number=spec["municipality"]).first()
        if municipality is None:
            continue
        application = FacilitatorApplication(
            name=spec["name"], email=email, municipality=municipality, organisation=spec["organisation"],
            background=spec["background"], consent_text_version=consent.APPLICATION_CONSENT_VERSION,
            created_at=_ago(now, spec["days_ago"]),
        )
        application.full_clean()
        application.save()
        created += 1
    return created


def demo_activity_ensure(*, seed: int = demo.DEFAULT_SEED, contacts_by_county=None, now=None) -> dict[str, int]:
    """Add what is missing of the demo's activity; returns how many of each were created."""
    now = now or timezone.now()
    rng = random.Random(seed + 10)
    data = _data()
    if contacts_by_county is None:
        contacts_by_county = demo.demo_contacts_ensure(seed=seed)
    with transaction.atomic():
        startups, meetings = _startups_ensure(data, now=now, rng=rng, contacts_by_county=contacts_by_county)
        counts = {
            "start-ups": startups,
            "new information meetings": meetings,
            "interest registrations": _interest_ensure(data, now=now, rng=rng),
            "facilitator applications": _applications_ensure(data, now=now),
        }
    if startups or meetings:
        groups_changed()
    return counts

