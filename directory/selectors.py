"""Reads of reference data. Lists that every directory request needs are cached and
invalidated when the data changes (directory.signals)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BigIntegerField, CharField, FloatField, IntegerField, Value
from django.db.models.functions import Cast
from django.utils.translation import get_language

from .models import County, Municipality, Theme
from .models.geography import haversine_km
from .text import fold_name, norwegian_sort_key


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
    parallel_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountyRef:
    id: int
    number: str
    name: str
    name_plain: str
    slug: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


_COUNTY, _MUNICIPALITY = 0, 1


def _load_reference() -> dict:
    """The active counties and the active municipalities (whatever their county's state), in
    one query: a union of the two tables' rows, so a county without municipalities is there
    too. Ordered as each table orders itself, before the Norwegian sort below."""
    blank = Value("", output_field=CharField())
    no_number = Cast(Value(None), BigIntegerField())  # typed: PostgreSQL reads a bare NULL as text
    no_degrees = Cast(Value(None), FloatField())
    counties = County.objects.active().order_by().values_list(
        Value(_COUNTY, output_field=IntegerField()), "id", "number", "name", "name_plain", "slug",
        no_number, no_degrees, no_degrees, blank, "contact_name", "contact_email", "contact_phone",
    )
    municipalities = Municipality.objects.active().order_by().values_list(
        Value(_MUNICIPALITY, output_field=IntegerField()), "id", "number", "name", "name_plain", "slug",
        "county_id", "latitude", "longitude", "parallel_names", blank, blank, blank,
    )
    county_rows, municipality_rows = [], []
    for (kind, id_, number, name, name_plain, slug, county_id, latitude, longitude, parallel_names,
         contact_name, contact_email, contact_phone) in counties.union(municipalities, all=True).order_by(
        "name_plain", "number"
    ):
        if kind == _COUNTY:
            county_rows.append(
                CountyRef(id_, number, name, name_plain, slug, contact_name, contact_email, contact_phone)
            )
        else:
            municipality_rows.append(
                MunicipalityRef(
                    id_, number, name, name_plain, slug, county_id, latitude, longitude,
                    tuple(Municipality(parallel_names=parallel_names).parallel_name_list),
                )
            )
    counties = sorted(county_rows, key=lambda c: norwegian_sort_key(c.name_plain))
    municipalities = sorted(municipality_rows, key=lambda m: (norwegian_sort_key(m.name_plain), m.number))
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


def county_contact(county_id: int | None) -> dict | None:
    """The regional office for a county, as {"name", "email", "phone"}, if staff entered one."""
    county = next((c for c in county_list() if c.id == county_id), None)
    if county is None or not county.contact_email:
        return None
    return {"name": county.contact_name or county.name_plain, "email": county.contact_email, "phone": county.contact_phone}


def _municipality_names() -> dict[str, list[MunicipalityRef]]:
    """Every way a municipality's name may be typed → the municipalities it names: the Norwegian
    name and the Sami and Kven ones, each also without æ, ø, å and accents ("karasjohka")."""
    names: dict[str, list[MunicipalityRef]] = {}
    for m in municipality_list():
        for key in {fold_name(name) for name in (m.name_plain, *m.parallel_names)}:
            names.setdefault(key, []).append(m)
    return names


# Words that tie a place to the rest of a query and mean nothing once the place is taken out:
# "sorg i Levanger", "angst nær Tromsø", "Levanger kommune".
_BEFORE_PLACE = frozenset("i på nær ved rundt fra omkring utenfor in near around at".split())
_AFTER_PLACE = frozenset("kommune kommunen municipality".split())
_PUNCTUATION = ".,;:!?\"'«»()[]"


def municipality_in_text(text: str) -> tuple[MunicipalityRef | None, str]:
    """A municipality named in free text ("sorg levanger", "sorg i Levangke"), if exactly one
    has that name (Norwegian, Sami or Kven), and the text without it and without the little
    word that tied it in ("i", "nær", "kommune"). Longer names are tried first ("nord-aurdal"
    before "aurdal")."""
    words = [w.strip(_PUNCTUATION) for w in text.lower().split()]
    words = [w for w in words if w]
    names = memoised("municipality-names", _municipality_names)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            candidates = names.get(fold_name(" ".join(words[start : start + size])), [])
            if len(candidates) == 1:
                end = start + size
                if start > 0 and words[start - 1] in _BEFORE_PLACE:
                    start -= 1
                if end < len(words) and words[end] in _AFTER_PLACE:
                    end += 1
                return candidates[0], " ".join(words[:start] + words[end:])
    return None, text


def municipalities_in_county(county_id: int) -> list[MunicipalityRef]:
    return [m for m in municipality_list() if m.county_id == county_id]


def municipalities_near(municipality: MunicipalityRef, radius_km: float) -> dict[int, float]:
    """Municipality id → distance in km, for every active municipality within the radius
    (the municipality itself included at 0 km). Memoised with the reference lists: a search
    asks two or three times, and each is 357 great-circle distances (profiled)."""

    def load():
        result = {}
        for other in municipality_list():
            km = haversine_km(municipality.latitude, municipality.longitude, other.latitude, other.longitude)
            if km <= radius_km:
                result[other.id] = 0.0 if other.id == municipality.id else km
        return result

    key = f"near:{municipality.id}:{municipality.latitude}:{municipality.longitude}:{radius_km}"
    return dict(memoised(key, load))


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
