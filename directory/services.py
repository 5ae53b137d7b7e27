"""Writes to the directory's reference data."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Model
from django.utils import timezone

from .models import County, Municipality
from .models.geography import NAME_SEPARATOR, parallel_names_from
from .text import norwegian_slug


class GeographyDataError(ValueError):
    """The geography data does not have the shape of Kartverket's kommuneinfo format."""


@dataclass(frozen=True)
class EndedMunicipality:
    number: str
    name: str
    ended_on: date
    group_count: int


@dataclass
class GeographyReport:
    counties_created: list[str] = field(default_factory=list)
    counties_updated: list[str] = field(default_factory=list)
    counties_ended: list[str] = field(default_factory=list)
    municipalities_created: list[str] = field(default_factory=list)
    municipalities_updated: list[str] = field(default_factory=list)
    municipalities_ended: list[str] = field(default_factory=list)
    # Every ended municipality that still has groups, whenever it ended: they need moving.
    ended_with_groups: list[EndedMunicipality] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.counties_created,
                self.counties_updated,
                self.counties_ended,
                self.municipalities_created,
                self.municipalities_updated,
                self.municipalities_ended,
            )
        )

    @property
    def stranded_group_count(self) -> int:
        return sum(m.group_count for m in self.ended_with_groups)


@dataclass(frozen=True)
class _CountyRecord:
    number: str
    name: str
    name_plain: str


@dataclass(frozen=True)
class _MunicipalityRecord:
    number: str
    county_number: str
    name: str
    name_plain: str
    latitude: float
    longitude: float


def geography_load(*, data: list[dict], today: date | None = None) -> GeographyReport:
    """Bring counties and municipalities in line with an official list, keyed on their numbers.

    `data` is Kartverket's kommuneinfo list of counties, each with its `kommuner`. A county
    may carry `gyldigeNavn` like a municipality; without it `fylkesnavn` is its official name.
    Creates what is missing, updates what changed and saves nothing else, so a second run
    with the same data writes nothing. What is in the database but not in the data is never
    deleted: it gets `ended_on=today`, and the report lists the ended municipalities that
    still have groups. Something that comes back is active again.

    Slugs come from the Norwegian name and are unique within the county. When a current
    municipality takes the slug of an ended one (Ålesund 1508 after Ålesund 1507), the ended
    one yields and takes its number as a suffix.

    Raises GeographyDataError before writing anything if the data is malformed, and
    django.core.exceptions.ValidationError if a record does not fit the models.
    """
    today = today or timezone.localdate()
    county_records, municipality_records = _parse(data)
    report = GeographyReport()

    with transaction.atomic():
        counties = {c.number: c for c in County.objects.all()}
        wanted_counties = {
            number: {"name": r.name, "name_plain": r.name_plain, "slug": norwegian_slug(r.name_plain), "ended_on": None}
            for number, r in county_records.items()
        }
        (report.counties_created, report.counties_updated, report.counties_ended) = _sync(
            County, counties, wanted_counties, today=today, scope_field=None
        )

        wanted_municipalities = {
            number: {
                "county_id": counties[r.county_number].pk,
                "name": r.name,
                "name_plain": r.name_plain,
                "parallel_names": parallel_names_from(r.name, r.name_plain),
                "slug": norwegian_slug(r.name_plain),
                "latitude": r.latitude,
                "longitude": r.longitude,
                "ended_on": None,
            }
            for number, r in municipality_records.items()
        }
        municipalities = {m.number: m for m in Municipality.objects.all()}
        (report.municipalities_created, report.municipalities_updated, report.municipalities_ended) = _sync(
            Municipality, municipalities, wanted_municipalities, today=today, scope_field="county_id"
        )

        stranded = (
            Municipality.objects.filter(ended_on__isnull=False)
            .annotate(group_count=Count("groups"))
            .filter(group_count__gt=0)
            .order_by("number")
        )
        report.ended_with_groups = [EndedMunicipality(m.number, m.name, m.ended_on, m.group_count) for m in stranded]
    return report


def _sync(
    model: type[Model],
    existing: dict[str, Model],
    wanted: dict[str, dict[str, Any]],
    *,
    today: date,
    scope_field: str | None,
) -> tuple[list[str], list[str], list[str]]:
    """Create, update and end rows of `model` so they match `wanted` (attname -> value per number).

    `existing` maps number to row and gets the created rows added. `scope_field` is the
    field within which slugs are unique (None: unique overall). Returns the numbers
    created, updated and ended.
    """

    def row_scope(row: Model):
        return getattr(row, scope_field) if scope_field else None

    def wanted_scope(values: dict[str, Any]):
        return values[scope_field] if scope_field else None

    # Where every row ends up, as (scope, slug). Ended rows stay where they are unless a
    # row in the data wants the address; rows in the data that would share one both take
    # their number, so neither is favoured.
    targets = Counter((wanted_scope(v), v["slug"]) for v in wanted.values())
    for number, values in wanted.items():
        if targets[(wanted_scope(values), values["slug"])] > 1:
            values["slug"] = f"{values['slug']}-{number}"
    taken = {(wanted_scope(v), v["slug"]) for v in wanted.values()}
    leaving = {}
    for number, row in existing.items():
        if number not in wanted:
            slug = row.slug if (row_scope(row), row.slug) not in taken else f"{row.slug}-{number}"
            leaving[number] = {"slug": slug} if row.ended_on else {"slug": slug, "ended_on": today}

    # Uniqueness is checked at once, not at commit: a row still holding an address that
    # another row is about to take moves to a temporary slug first (a swap, or a current
    # municipality taking an ended one's name).
    final = {(wanted_scope(v), v["slug"]): n for n, v in wanted.items()}
    final |= {(row_scope(existing[n]), v["slug"]): n for n, v in leaving.items()}
    for number, row in existing.items():
        if final.get((row_scope(row), row.slug), number) != number:
            row.slug = f"moving-{number}"
            model.objects.filter(pk=row.pk).update(slug=row.slug)

    created, updated, ended = [], [], []
    for number, values in sorted(leaving.items()):
        if "ended_on" in values:
            ended.append(number)
        _apply(existing[number], values)
    for number, values in sorted(wanted.items()):
        row = existing.get(number)
        if row is None:
            row = model(number=number, **values)
            row.full_clean()
            row.save()
            existing[number] = row
            created.append(number)
        elif _apply(row, values):
            updated.append(number)
    return created, updated, ended


def _apply(row: Model, values: dict[str, Any]) -> bool:
    """Set the values that differ, then validate and save only those. True if it saved."""
    changed = [attname for attname, value in values.items() if getattr(row, attname) != value]
    if not changed:
        return False
    for attname in changed:
        setattr(row, attname, values[attname])
    row.full_clean()
    row.save(update_fields=changed)
    return True


def _parse(data: Any) -> tuple[dict[str, _CountyRecord], dict[str, _MunicipalityRecord]]:
    if not isinstance(data, list) or not data:
        raise GeographyDataError("Expected a non-empty JSON list of counties (Kartverket's kommuneinfo format).")
    counties: dict[str, _CountyRecord] = {}
    municipalities: dict[str, _MunicipalityRecord] = {}
    for index, item in enumerate(data):
        where = f"county #{index + 1}"
        if not isinstance(item, dict):
            raise GeographyDataError(f"{where}: expected an object, got {type(item).__name__}.")
        number = _number(item.get("fylkesnummer"), 2, f"{where}: fylkesnummer")
        where = f"county {number}"
        if number in counties:
            raise GeographyDataError(f"{where} appears twice.")
        plain = _text(item.get("fylkesnavn"), f"{where}: fylkesnavn")
        names = _valid_names(item.get("gyldigeNavn"), where)
        if names:
            name = NAME_SEPARATOR.join(n for n, _ in names)
            plain = next((n for n, language in names if language == "Norwegian"), plain)
        else:
            name = plain
        # An official name in fylkesnavn must not bring the parallel names into the slug.
        plain = plain.split(NAME_SEPARATOR)[0]
        if not norwegian_slug(plain):
            raise GeographyDataError(f"{where}: the name {plain!r} gives no address (slug).")
        counties[number] = _CountyRecord(number=number, name=name, name_plain=plain)

        kommuner = item.get("kommuner")
        if not isinstance(kommuner, list) or not kommuner:
            raise GeographyDataError(f"{where}: 'kommuner' must be a non-empty list.")
        for position, entry in enumerate(kommuner):
            record = _parse_municipality(entry, county_number=number, where=f"{where}, municipality #{position + 1}")
            if record.number in municipalities:
                raise GeographyDataError(f"Municipality {record.number} appears twice.")
            municipalities[record.number] = record
    return counties, municipalities


def _parse_municipality(entry: Any, *, county_number: str, where: str) -> _MunicipalityRecord:
    if not isinstance(entry, dict):
        raise GeographyDataError(f"{where}: expected an object, got {type(entry).__name__}.")
    number = _number(entry.get("kommunenummer"), 4, f"{where}: kommunenummer")
    where = f"municipality {number}"
    if number[:2] != county_number:
        raise GeographyDataError(f"{where} is listed under county {county_number}; its number says {number[:2]}.")
    names = _valid_names(entry.get("gyldigeNavn"), where)
    fallback = entry.get("kommunenavn")
    name = NAME_SEPARATOR.join(n for n, _ in names) if names else _text(fallback, f"{where}: kommunenavn")
    plain = entry.get("kommunenavnNorsk") or next((n for n, language in names if language == "Norwegian"), fallback)
    plain = _text(plain, f"{where}: kommunenavnNorsk")
    if not norwegian_slug(plain):
        raise GeographyDataError(f"{where}: the name {plain!r} gives no address (slug).")

    point = entry.get("punktIOmrade")
    coordinates = point.get("coordinates") if isinstance(point, dict) else None
    if (
        not isinstance(coordinates, list)
        or len(coordinates) != 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        raise GeographyDataError(f"{where}: punktIOmrade.coordinates must be [longitude, latitude].")
    longitude, latitude = (float(c) for c in coordinates)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise GeographyDataError(f"{where}: punktIOmrade.coordinates {coordinates} are not longitude, latitude.")
    return _MunicipalityRecord(
        number=number,
        county_number=county_number,
        name=name,
        name_plain=plain,
        latitude=latitude,
        longitude=longitude,
    )


def _valid_names(value: Any, where: str) -> list[tuple[str, str | None]]:
    """The non-empty official names in priority order, with their language."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise GeographyDataError(f"{where}: gyldigeNavn must be a list of objects.")
    names = [v for v in value if isinstance(v.get("navn"), str) and v["navn"].strip()]
    if not all(isinstance(v.get("prioritet"), int) for v in names):
        raise GeographyDataError(f"{where}: every name in gyldigeNavn needs a whole-number prioritet.")
    return [(v["navn"].strip(), v.get("sprak")) for v in sorted(names, key=lambda v: v["prioritet"])]


def _number(value: Any, digits: int, where: str) -> str:
    if not isinstance(value, str) or len(value) != digits or not value.isdigit():
        raise GeographyDataError(f"{where} must be a string of {digits} digits, got {value!r}.")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GeographyDataError(f"{where} must be a non-empty text, got {value!r}.")
    return value.strip()
