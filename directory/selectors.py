"""Reads of reference data. Lists that every directory request needs are cached and
invalidated when the data changes (directory.signals)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from .models import County, Municipality, Theme
from .models.geography import haversine_km

REFERENCE_CACHE_KEY = "directory:reference:v1"


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
    counties = [
        CountyRef(c.id, c.number, c.name, c.name_plain, c.slug) for c in County.objects.active().order_by("name_plain")
    ]
    municipalities = [
        MunicipalityRef(m.id, m.number, m.name, m.name_plain, m.slug, m.county_id, m.latitude, m.longitude)
        for m in Municipality.objects.active().order_by("name_plain", "number")
    ]
    return {"counties": counties, "municipalities": municipalities}


def reference() -> dict:
    data = cache.get(REFERENCE_CACHE_KEY)
    if data is None:
        data = _load_reference()
        cache.set(REFERENCE_CACHE_KEY, data, 60 * 60)
    return data


def reference_invalidate() -> None:
    cache.delete(REFERENCE_CACHE_KEY)
    cache.delete(THEMES_CACHE_KEY)


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


def municipality_distances(municipality: MunicipalityRef) -> dict[int, float]:
    return municipalities_near(municipality, radius_km=float("inf"))


THEMES_CACHE_KEY = "directory:themes:v1"


def theme_list() -> list[Theme]:
    """All themes, sorted by the name in the active language."""
    themes = cache.get(THEMES_CACHE_KEY)
    if themes is None:
        themes = list(Theme.objects.all())
        cache.set(THEMES_CACHE_KEY, themes, 60 * 60)
    english = (get_language() or "nb").startswith("en")
    return sorted(themes, key=lambda t: (t.name_en or t.name) if english else t.name)


def themes_by_slug(slugs: list[str]) -> list[Theme]:
    wanted = set(slugs)
    return [t for t in theme_list() if t.slug in wanted]


def directory_page_for_locale():
    """The directory page in the active language, or the Norwegian one."""
    from .models import DirectoryPage

    pages = list(DirectoryPage.objects.live().select_related("locale"))
    language = (get_language() or "nb").split("-")[0]
    for page in pages:
        if page.locale.language_code == language:
            return page
    return pages[0] if pages else None
