"""Reads of reference data. Lists that every directory request needs are cached and
invalidated when the data changes (directory.signals)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from .models import County, Municipality, Theme
from .models.geography import haversine_km
from .text import norwegian_sort_key


@dataclass(frozen=True)
class MunicipalityRef:
    id: int
    number: str
    name: str
    name_plain: str
    slug: str
    county_id: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CountyRef:
    id: int
    number: str
    name: str
    name_plain: str
    slug: str


def _load_reference() -> dict:
    counties = sorted(
        (CountyRef(c.id, c.number, c.name, c.name_plain, c.slug) for c in County.objects.active()),
        key=lambda c: norwegian_sort_key(c.name_plain),
    )
    municipalities = sorted(
        (
            MunicipalityRef(m.id, m.number, m.name, m.name_plain, m.slug, m.county_id, m.latitude, m.longitude)
            for m in Municipality.objects.active()
        ),
        key=lambda m: (norwegian_sort_key(m.name_plain), m.number),
    )
    return {"counties": counties, "municipalities": municipalities}


REFERENCE_VERSION_KEY = "directory:reference:version"
# Per process: the shared cache holds only a version number, so a request does not unpickle
# 357 municipalities each time it asks for them; a change anywhere bumps the version.
_memo: dict = {}


def reference_version() -> int:
    return cache.get_or_set(REFERENCE_VERSION_KEY, 1, None)


def memoised(name: str, load):
    version = reference_version()
    entry = _memo.get(name)
    if entry is None or entry[0] != version:
        entry = (version, load())
        _memo[name] = entry
    return entry[1]


def reference() -> dict:
    return memoised("reference", _load_reference)


def reference_invalidate() -> None:
    try:
        cache.incr(REFERENCE_VERSION_KEY)
    except ValueError:
        cache.set(REFERENCE_VERSION_KEY, 1, None)
    _memo.clear()


def county_list() -> list[CountyRef]:
    return reference()["counties"]


def municipality_list() -> list[MunicipalityRef]:
    return reference()["municipalities"]


def municipality_by_number(number: str) -> MunicipalityRef | None:
    return next((m for m in municipality_list() if m.number == number), None)


def county_by_number(number: str) -> CountyRef | None:
    return next((c for c in county_list() if c.number == number), None)


def county_by_slug(slug: str) -> CountyRef | None:
    return next((c for c in county_list() if c.slug == slug), None)


def municipality_by_slugs(county_slug: str, municipality_slug: str) -> MunicipalityRef | None:
    county = county_by_slug(county_slug)
    if county is None:
        return None
    return next(
        (m for m in municipality_list() if m.county_id == county.id and m.slug == municipality_slug), None
    )


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _municipality_names() -> dict[str, list[MunicipalityRef]]:
    names: dict[str, list[MunicipalityRef]] = {}
    for m in municipality_list():
        plain = m.name_plain.lower()
        for key in {plain, plain.translate(_FOLD)}:
            names.setdefault(key, []).append(m)
    return names


def municipality_in_text(text: str) -> tuple[MunicipalityRef | None, str]:
    """A municipality named in free text ("sorg levanger"), if exactly one has that name, and
    the text without it. Longer names are tried first ("nord-aurdal" before "aurdal")."""
    words = text.lower().split()
    names = memoised("municipality-names", _municipality_names)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            candidates = names.get(" ".join(words[start : start + size]), [])
            if len(candidates) == 1:
                return candidates[0], " ".join(words[:start] + words[start + size :])
    return None, text


def municipalities_in_county(county_id: int) -> list[MunicipalityRef]:
    return [m for m in municipality_list() if m.county_id == county_id]


def municipalities_near(municipality: MunicipalityRef, radius_km: float) -> dict[int, float]:
    """Municipality id → distance in km, for every active municipality within the radius
    (the municipality itself included at 0 km)."""
    result = {}
    for other in municipality_list():
        km = haversine_km(municipality.latitude, municipality.longitude, other.latitude, other.longitude)
        if km <= radius_km:
            result[other.id] = 0.0 if other.id == municipality.id else km
    return result


def county_centre(county: CountyRef) -> MunicipalityRef | None:
    """A stand-in point for a county: the mean of its municipalities' points."""
    members = municipalities_in_county(county.id)
    if not members:
        return None
    return MunicipalityRef(
        id=0, number="", name=county.name, name_plain=county.name_plain, slug="", county_id=county.id,
        latitude=sum(m.latitude for m in members) / len(members),
        longitude=sum(m.longitude for m in members) / len(members),
    )


def theme_list() -> list[Theme]:
    """All themes, sorted by the name in the active language."""
    themes = memoised("themes", lambda: list(Theme.objects.all()))
    english = (get_language() or "nb").startswith("en")
    return sorted(themes, key=lambda t: norwegian_sort_key((t.name_en or t.name) if english else t.name))


def themes_by_slug(slugs: list[str]) -> list[Theme]:
    wanted = set(slugs)
    return [t for t in theme_list() if t.slug in wanted]
