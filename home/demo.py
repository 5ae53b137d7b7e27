"""Demo and benchmark groups: realistic, fictional and deterministic.

Every person and group here is made up. The texts are written per theme, and the schedule,
status and place are drawn from a seeded random generator, so two runs with the same seed and
the same reference data produce the same groups (planned groups' first meetings follow the date
of the run, so they stay in the future).

`demo_groups_ensure` creates the demo set one group at a time, through the model's own
validation and save. `bench_groups_create` creates many groups in bulk: `bulk_create` skips
`save()`, so it fills in the search document itself with `groups.search.build_document`.
"""

import datetime
import functools
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from directory.models import County, Municipality, Theme
from directory.text import norwegian_slug
from facilitators import roles
from facilitators.models import User
from groups.models import Attendance, Audience, Frequency, SelfHelpGroup, Status, WeekOfMonth
from groups.search import build_document, vector_of
from groups.selectors import groups_changed
from samhold.crypto import keyed_hash

DEFAULT_SEED = 2024
DEFAULT_DEMO_COUNT = 300
CONTACTS_PER_COUNTY = 4
CONTACT_EMAIL = "kontakt.{n}@example.org"
BENCH_SLUG = re.compile(r"-b(\d+)$")
BATCH_SIZE = 1000
ONLINE_SHARE = 0.09
HYBRID_SHARE = 0.08

# ---------------------------------------------------------------------------------------------
# Demo accounts: one person in each role, to try every journey. Not superusers.
# ---------------------------------------------------------------------------------------------

EDITOR_EMAIL = "redaktor@example.org"
COORDINATOR_EMAIL = "koordinator@example.org"
ADMINISTRATOR_EMAIL = "administrator@example.org"
FACILITATOR_EMAIL = "igangsetter@example.org"
RESEARCHER_EMAIL = "forsker@example.org"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role_names: tuple[str, ...]
    is_staff: bool
    counties: tuple[str, ...]  # county numbers a coordinator follows
    municipalities: tuple[str, ...]  # municipality numbers a facilitator works in
    does: str  # what to try with it, for the list `make run` prints
    entry: str  # where it works: "admin" or "Min side"


DEMO_ACCOUNTS = [
    DemoAccount(
        EDITOR_EMAIL, "Demo", "Redaktør", ("Editors", "Moderators"), True, (), (),
        "editor: pages and groups", "admin",
    ),
    DemoAccount(
        COORDINATOR_EMAIL, "Demo", "Koordinator", (roles.REGIONAL_COORDINATOR,), True, ("50",), (),
        "regional coordinator for Trøndelag", "admin",
    ),
    DemoAccount(
        ADMINISTRATOR_EMAIL, "Demo", "Administrator", (roles.NATIONAL_ADMINISTRATOR,), True, (), (),
        "national administrator, sees the record", "admin",
    ),
    DemoAccount(
        FACILITATOR_EMAIL, "Demo", "Igangsetter", (roles.FACILITATOR,), False, (), ("5037", "5038"),
        "facilitator in Levanger and Verdal", "Min side",
    ),
    DemoAccount(
        RESEARCHER_EMAIL, "Demo", "Forsker", (roles.RESEARCHER,), False, (), (),
        "researcher", "Min side",
    ),
]


def demo_password(email: str) -> str:
    """A demo account's first password, derived from SECRET_KEY: the same every time in one
    checkout (its SECRET_KEY is generated into var/), so `make run` can show it at every start
    without storing it anywhere, and unguessable without the key. It is what seed_demo sets;
    a password changed later is the owner's."""
    digest = keyed_hash("demo-password", email)[:20]
    return "-".join(digest[i : i + 5] for i in range(0, 20, 5))


# ---------------------------------------------------------------------------------------------
# Texts and names are data (data/demo_groups.json): per theme, name stems (the first one takes an
# audience, "Sorggruppe for seniorer"), one-sentence summaries and opening paragraphs; `related`
# gives a natural second theme, `audiences` who such groups are usually for, `daytime` how often
# they meet during the day. The weights that shape the whole set stay here, with the code.
# ---------------------------------------------------------------------------------------------

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_groups.json"


@dataclass(frozen=True)
class ThemeText:
    names: list[str]
    summaries: list[str]
    intros: list[str]
    weight: float = 3
    related: list[str] = field(default_factory=list)
    audiences: dict[str, float] = field(default_factory=lambda: {Audience.EVERYONE: 1})
    daytime: float = 0.1


@dataclass(frozen=True)
class DemoTexts:
    themes: dict[str, ThemeText]
    audience_suffix: dict[str, str]
    how_we_work: list[str]
    status_texts: dict[str, list[str]]
    online_texts: list[str]
    hybrid_text: str
    wheelchair_texts: dict[bool, str]
    places: dict[str, float]
    other_schedules: list[str]
    pa_places: frozenset[str]  # municipalities named with "på" rather than "i": "Sorggruppe på Hitra"
    town_weights: dict[str, float]  # more people, more groups (by Norwegian name)
    default_town_weight: float
    first_names: list[str]
    last_names: list[str]
    fixed_groups: list[dict]


@functools.cache
def demo_texts() -> DemoTexts:
    """The demo's texts, read once. JSON keeps the order of lists and keys, so the seeded
    generator draws the same groups from them every time."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return DemoTexts(
        themes={slug: ThemeText(**theme) for slug, theme in data["themes"].items()},
        audience_suffix=data["audience_suffix"],
        how_we_work=data["how_we_work"],
        status_texts=data["status_texts"],
        online_texts=data["online_texts"],
        hybrid_text=data["hybrid_text"],
        wheelchair_texts={True: data["wheelchair_texts"]["yes"], False: data["wheelchair_texts"]["no"]},
        places=dict(data["places"]),
        other_schedules=data["other_schedules"],
        pa_places=frozenset(data["pa_places"]),
        town_weights=data["town_weights"],
        default_town_weight=data["default_town_weight"],
        first_names=data["first_names"],
        last_names=data["last_names"],
        fixed_groups=data["fixed_groups"],
    )


STATUS_WEIGHTS = {
    Status.OPEN: 40, Status.RECRUITING: 18, Status.CLOSED: 20, Status.PLANNED: 10, Status.PAUSED: 6, Status.ENDED: 6,
}


# ---------------------------------------------------------------------------------------------
# Specifications: plain data, so the one-by-one path and the bulk path build the same groups.
# ---------------------------------------------------------------------------------------------


@dataclass
class GroupSpec:
    fields: dict
    theme_slugs: list[str]

    @property
    def name(self) -> str:
        return self.fields["name"]


def _place_phrase(municipality: Municipality) -> str:
    name = municipality.name_plain
    return f"på {name}" if name in demo_texts().pa_places else f"i {name}"


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _paragraphs(paragraphs: list[str]) -> str:
    # A line break between paragraphs keeps words apart once the search document strips the tags.
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def _first_weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


class _Generator:
    """Draws one group at a time. Keeps the per-theme tables and the names already used."""

    def __init__(self, *, rng, municipalities, themes, contacts_by_county, today):
        self.rng = rng
        self.today = today
        self.themes = {t.slug: t for t in themes}
        self.texts = texts = demo_texts()
        self.theme_weights = {s: t.weight for s, t in texts.themes.items() if s in self.themes}
        if not self.theme_weights:
            raise ValueError("None of the demo themes exist: run load_themes first.")
        self.municipalities = municipalities
        self.town_weights = [self._town_weight(m) for m in municipalities]
        self.cum_weights = []
        total = 0.0
        for weight in self.town_weights:
            total += weight
            self.cum_weights.append(total)
        self.contacts_by_county = contacts_by_county
        self.all_contacts = [user for users in contacts_by_county.values() for user in users]
        self.used_names: set[str] = set()

    def _town_weight(self, municipality) -> float:
        return self.texts.town_weights.get(municipality.name_plain, self.texts.default_town_weight)

    # -- choices --------------------------------------------------------------------------------

    def municipality(self, candidates=None) -> Municipality:
        if candidates is None:
            return self.rng.choices(self.municipalities, cum_weights=self.cum_weights)[0]
        weights = [self._town_weight(m) for m in candidates]
        return self.rng.choices(candidates, weights=weights)[0]

    def contact(self, municipality):
        users = self.contacts_by_county.get(municipality.county_id) if municipality else None
        users = users or self.all_contacts
        return self.rng.choice(users) if users else None

    # -- one group ------------------------------------------------------------------------------

    def group(self, *, municipality, attendance, theme_slug=None, status=None, unique_names=True) -> GroupSpec:
        rng = self.rng
        theme_slug = theme_slug or _weighted(rng, self.theme_weights)
        text = self.texts.themes[theme_slug]
        theme_slugs = [theme_slug]
        related = [s for s in text.related if s in self.themes]
        if related and rng.random() < 0.35:
            theme_slugs.append(rng.choice(related))
        audience = _weighted(rng, text.audiences)
        status = status or _weighted(rng, STATUS_WEIGHTS)
        name = self._name(text, audience, municipality, attendance, unique=unique_names)

        fields = {
            "name": name,
            "summary": rng.choice(text.summaries),
            "municipality": municipality,
            "attendance": attendance,
            "audience": audience,
            "status": status,
            "address": "",
            "show_address": False,
            "languages": "norsk",
            "min_age": 60 if audience == Audience.SENIORS else 18,
            "contact": self.contact(municipality),
            "live": True,
        }
        fields.update(self._schedule(text, audience, status))
        fields.update(self._capacity(status))
        fields.update(self._place(attendance, theme_slug))
        if attendance == Attendance.ONLINE and rng.random() < 0.15:
            fields["languages"] = "norsk, svensk og dansk"
        elif rng.random() < 0.05:
            fields["languages"] = "norsk og engelsk"
        fields["description"] = self._description(text, status, attendance, fields["wheelchair_accessible"])
        age_days = rng.randint(20, 120) if status == Status.PLANNED else rng.randint(60, 1100)
        created_at = timezone.make_aware(
            datetime.datetime.combine(
                self.today - datetime.timedelta(days=age_days),
                datetime.time(rng.randint(8, 20), rng.choice([0, 15, 30, 45])),
            )
        )
        fields.update({"created_at": created_at, "first_published_at": created_at, "last_published_at": created_at})
        return GroupSpec(fields=fields, theme_slugs=theme_slugs)

    def _name(self, text, audience, municipality, attendance, *, unique) -> str:
        rng = self.rng
        suffix = self.texts.audience_suffix.get(audience, "")
        stems = [text.names[0]] if suffix else text.names
        for _attempt in range(6):
            stem = rng.choice(stems) + suffix
            if municipality is None:
                options = [f"{stem} på nett"]
                if stem.split()[0].endswith("gruppe"):
                    options.append("Digital " + (stem[0].lower() + stem[1:] if stem[1:2].islower() else stem))
            else:
                options = []
                # "… for deg som skader deg selv i Oslo" reads wrongly: such stems take the dash.
                if " som " not in stem:
                    options.append(f"{stem} {_place_phrase(municipality)}")
                if " – " not in stem or not options:
                    options.append(f"{stem} – {municipality.name_plain}")
            name = rng.choice(options)[:120]
            if not unique or name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def _schedule(self, text, audience, status) -> dict:
        rng = self.rng
        daytime = rng.random() < (max(text.daytime, 0.5) if audience == Audience.SENIORS else text.daytime)
        frequency = _weighted(
            rng, {Frequency.WEEKLY: 34, Frequency.BIWEEKLY: 36, Frequency.MONTHLY: 22, Frequency.OTHER: 8}
        )
        result = {"frequency": frequency, "week_of_month": None, "frequency_note": "", "first_meeting": None}
        if frequency == Frequency.OTHER:
            result.update(weekday=None, start_time=None, end_time=None, frequency_note=rng.choice(self.texts.other_schedules))
            return result
        weekday = _weighted(rng, {0: 20, 1: 26, 2: 24, 3: 22, 4: 3, 5: 2, 6: 3})
        if daytime:
            start = datetime.time(rng.choice([10, 10, 11, 11, 12, 13]), rng.choice([0, 0, 30]))
        else:
            start = _weighted(
                rng,
                {
                    datetime.time(17, 0): 10, datetime.time(17, 30): 12, datetime.time(18, 0): 30,
                    datetime.time(18, 30): 16, datetime.time(19, 0): 18, datetime.time(19, 30): 8,
                    datetime.time(20, 0): 4,
                },
            )
        minutes = _weighted(rng, {90: 6, 120: 4, 105: 1})
        end = (datetime.datetime.combine(self.today, start) + datetime.timedelta(minutes=minutes)).time()
        result.update(weekday=weekday, start_time=start, end_time=end)
        if frequency == Frequency.MONTHLY:
            result["week_of_month"] = _weighted(
                rng,
                {
                    WeekOfMonth.FIRST: 5, WeekOfMonth.SECOND: 3, WeekOfMonth.THIRD: 2,
                    WeekOfMonth.FOURTH: 1, WeekOfMonth.LAST: 2,
                },
            )
        if status == Status.PLANNED or (status == Status.RECRUITING and rng.random() < 0.5):
            # Starts soon: the first meeting is a few weeks ahead, on the group's weekday.
            ahead = self.today + datetime.timedelta(days=rng.randint(14, 70))
            result["first_meeting"] = _first_weekday_on_or_after(ahead, weekday)
        elif frequency == Frequency.BIWEEKLY:
            # A past meeting to count the fortnights from.
            back = self.today - datetime.timedelta(days=rng.randint(20, 400))
            result["first_meeting"] = _first_weekday_on_or_after(back, weekday)
        return result

    def _capacity(self, status) -> dict:
        rng = self.rng
        max_members = rng.choice([6, 7, 8, 8, 8, 10, 10, 12])
        if status == Status.OPEN:
            open_places = rng.choice([None, 1, 2, 2, 3, 3, 4])
        elif status == Status.RECRUITING:
            open_places = rng.randint(max_members // 2, max_members)
        elif status == Status.CLOSED:
            open_places = 0
        elif status == Status.PLANNED:
            open_places = rng.choice([None, max_members])
        else:
            open_places = None
        if open_places is not None:
            open_places = min(open_places, max_members)
        return {"max_members": max_members, "open_places": open_places}

    def _place(self, attendance, theme_slug) -> dict:
        rng = self.rng
        if attendance == Attendance.ONLINE:
            return {"place": "", "wheelchair_accessible": None}
        place = _weighted(rng, self.texts.places)
        if rng.random() < 0.15:
            place += " i sentrum"
        if theme_slug == "funksjonsnedsettelse":
            wheelchair = True
        else:
            wheelchair = _weighted(rng, {True: 55, None: 30, False: 15})
        return {"place": place, "wheelchair_accessible": wheelchair}

    def _description(self, text, status, attendance, wheelchair) -> str:
        rng = self.rng
        paragraphs = [rng.choice(text.intros)]
        if rng.random() < 0.7:
            paragraphs.append(rng.choice(self.texts.how_we_work))
        practical = []
        if status == Status.ENDED:
            # An ended group's page says so and points onwards; the rest no longer matters.
            return _paragraphs(paragraphs + [rng.choice(self.texts.status_texts[status])])
        if rng.random() < 0.75 or status in (Status.PAUSED, Status.PLANNED):
            practical.append(rng.choice(self.texts.status_texts[status]))
        if attendance == Attendance.ONLINE:
            practical.append(rng.choice(self.texts.online_texts))
        elif attendance == Attendance.HYBRID:
            practical.append(self.texts.hybrid_text)
        if wheelchair is not None and rng.random() < 0.5:
            practical.append(self.texts.wheelchair_texts[wheelchair])
        if practical:
            paragraphs.append(" ".join(practical))
        return _paragraphs(paragraphs)


def _fixed_groups(gen: _Generator, by_number: dict) -> list[GroupSpec]:
    """Groups the demo always has (the data's fixed_groups): grief groups around Levanger, and a
    relatives' group in Bodø. One is written out in full, on a fixed schedule, for the tests and
    screenshots to find."""
    specs = []
    for wanted in gen.texts.fixed_groups:
        municipality = by_number.get(wanted["municipality"])
        theme_slug, audience = wanted["theme"], wanted["audience"]
        if municipality is None or theme_slug not in gen.themes:
            continue
        spec = gen.group(
            municipality=municipality, attendance=Attendance.IN_PERSON, theme_slug=theme_slug, status=wanted["status"]
        )
        spec.fields.update(
            name=wanted["name"], audience=audience, min_age=60 if audience == Audience.SENIORS else 18
        )
        if wanted.get("also") in gen.themes:
            spec.theme_slugs = [theme_slug, wanted["also"]]
        written = wanted.get("written")
        if written:
            spec.theme_slugs = [theme_slug]
            spec.fields.update(
                summary=written["summary"],
                description=_paragraphs(written["paragraphs"]),
                place=written["place"],
                wheelchair_accessible=True,
                frequency=Frequency.BIWEEKLY,
                weekday=1,
                week_of_month=None,
                frequency_note="",
                start_time=datetime.time(18, 0),
                end_time=datetime.time(19, 30),
                first_meeting=_first_weekday_on_or_after(gen.today - datetime.timedelta(days=200), 1),
                max_members=8,
                open_places=3,
            )
        gen.used_names.add(wanted["name"])
        specs.append(spec)
    return specs


def demo_specs(*, count: int, seed: int, municipalities, themes, contacts_by_county, today=None) -> list[GroupSpec]:
    """About `count` demo groups: the fixed ones, at least two per county, the rest weighted by size."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    gen = _Generator(
        rng=rng, municipalities=municipalities, themes=themes, contacts_by_county=contacts_by_county, today=today
    )
    specs = _fixed_groups(gen, {m.number: m for m in municipalities})
    online = max(2, round(count * ONLINE_SHARE))
    for _ in range(online):
        specs.append(gen.group(municipality=None, attendance=Attendance.ONLINE))
    by_county: dict[int, list] = {}
    for municipality in municipalities:
        by_county.setdefault(municipality.county_id, []).append(municipality)
    placed = []
    for county_id in sorted(by_county):
        placed += [gen.municipality(by_county[county_id]) for _ in range(2)]
    while len(specs) + len(placed) < count:
        placed.append(gen.municipality())
    for municipality in placed[: max(count - len(specs), 0)]:
        attendance = Attendance.HYBRID if rng.random() < HYBRID_SHARE else Attendance.IN_PERSON
        specs.append(gen.group(municipality=municipality, attendance=attendance))
    return specs


def unique_slugs(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Slugs for the names, in order, with -2, -3 … where a name repeats."""
    taken = set(taken or ())
    slugs = []
    for name in names:
        base = norwegian_slug(name)[:120] or "gruppe"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def reference_data():
    """Active municipalities (with county) and themes, in a stable order."""
    municipalities = list(Municipality.objects.active().select_related("county").order_by("number"))
    themes = list(Theme.objects.order_by("slug"))
    return municipalities, themes


def demo_contacts_ensure(*, seed: int = DEFAULT_SEED, per_county: int = CONTACTS_PER_COUNTY) -> dict[int, list[User]]:
    """A few fictional contact persons per county, who can never log in. County id → users."""
    rng = random.Random(seed)
    texts = demo_texts()
    result: dict[int, list[User]] = {}
    n = 0
    with transaction.atomic():
        for county in County.objects.active().order_by("number"):
            users = []
            for _ in range(per_county):
                n += 1
                first, last = rng.choice(texts.first_names), rng.choice(texts.last_names)
                email = CONTACT_EMAIL.format(n=n)
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User(email=email, first_name=first, last_name=last)
                    user.set_unusable_password()
                    user.full_clean()
                    user.save()
                users.append(user)
            result[county.pk] = users
    return result


def demo_groups_ensure(
    *, count: int = DEFAULT_DEMO_COUNT, seed: int = DEFAULT_SEED, contacts_by_county=None
) -> list[SelfHelpGroup]:
    """Create the demo groups that do not exist yet (keyed on slug); returns the ones created.

    Each group is validated with `full_clean()` and saved through the model, so it gets its
    search document the ordinary way.
    """
    if count <= 0:
        return []
    municipalities, themes = reference_data()
    if contacts_by_county is None:
        contacts_by_county = demo_contacts_ensure(seed=seed)
    specs = demo_specs(
        count=count, seed=seed, municipalities=municipalities, themes=themes, contacts_by_county=contacts_by_county
    )
    slugs = unique_slugs([s.name for s in specs])
    existing = set(SelfHelpGroup.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    theme_by_slug = {t.slug: t for t in themes}
    created = []
    with transaction.atomic():
        for spec, slug in zip(specs, slugs, strict=True):
            if slug in existing:
                continue
            group = SelfHelpGroup(slug=slug, **spec.fields)
            group.themes = [theme_by_slug[s] for s in spec.theme_slugs]
            group.full_clean()
            group.save()
            created.append(group)
    return created


def bench_groups_create(
    *, count: int, seed: int = DEFAULT_SEED, contacts_by_county=None, batch_size: int = BATCH_SIZE
) -> int:
    """Create `count` more groups in bulk for benchmarks, with slugs ending in -b<number>.

    `bulk_create` skips `save()`, so the search document is built here, from the same in-memory
    themes and municipality the rows are written with.
    """
    municipalities, themes = reference_data()
    if contacts_by_county is None:
        contacts_by_county = demo_contacts_ensure(seed=seed)
    numbers = [
        int(match.group(1))
        for slug in SelfHelpGroup.objects.filter(slug__contains="-b").values_list("slug", flat=True).iterator()
        if (match := BENCH_SLUG.search(slug))
    ]
    start = max(numbers, default=0) + 1
    rng = random.Random(seed * 1_000_003 + start)
    gen = _Generator(
        rng=rng,
        municipalities=municipalities,
        themes=themes,
        contacts_by_county=contacts_by_county,
        today=timezone.localdate(),
    )
    theme_by_slug = {t.slug: t for t in themes}
    groups, theme_rows = [], []
    for i in range(count):
        roll = rng.random()
        if roll < ONLINE_SHARE:
            municipality, attendance = None, Attendance.ONLINE
        else:
            municipality = gen.municipality()
            attendance = Attendance.HYBRID if roll < ONLINE_SHARE + HYBRID_SHARE else Attendance.IN_PERSON
        spec = gen.group(municipality=municipality, attendance=attendance, unique_names=False)
        group = SelfHelpGroup(slug=f"{norwegian_slug(spec.name)[:120]}-b{start + i}", **spec.fields)
        group.themes = [theme_by_slug[s] for s in spec.theme_slugs]
        # The foreign keys point at rows just read, and slugs are unique by construction: skip
        # the per-row queries that validating them would cost.
        group.full_clean(exclude=["municipality", "contact"], validate_unique=False, validate_constraints=False)
        group.search_document = build_document(group)
        group.search_vector = vector_of(group.search_document)
        groups.append(group)
        theme_rows.append(spec.theme_slugs)
    Through = SelfHelpGroup.themes.through
    with transaction.atomic():
        SelfHelpGroup.objects.bulk_create(groups, batch_size=batch_size)
        Through.objects.bulk_create(
            [
                Through(selfhelpgroup_id=group.pk, theme_id=theme_by_slug[slug].pk)
                for group, slugs in zip(groups, theme_rows, strict=True)
                for slug in slugs
            ],
            batch_size=batch_size * 2,
        )
    if connection.vendor == "postgresql":
        # Fresh statistics, so the benchmark that follows sees the plans production would.
        with connection.cursor() as cursor:
            # VACUUM also sets the visibility map, so counts can use index-only scans; it cannot
            # run inside a transaction (as in tests), where ANALYZE alone has to do.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {SelfHelpGroup._meta.db_table}, {Through._meta.db_table}")
    groups_changed()
    return len(groups)
