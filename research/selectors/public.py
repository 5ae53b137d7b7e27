"""Reads for what the public sees of research: recruiting studies, the one calm notice on a
group page or under directory results, and a volunteer's own record behind a private link.

Only approved studies within their recruitment period reach the public (studies_recruiting);
the public sees the approved (live) version, never a draft waiting for approval."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BigIntegerField, CharField, DateField, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from directory.selectors import theme_list
from directory.text import in_sentence
from facilitators.models import LinkPurpose
from facilitators.selectors.links import link_owner
from groups.models import Attendance, SelfHelpGroup
from samhold.cache import cache_version_bump, versioned_key

from ..models import Study, Volunteer, VolunteerLink


def studies_recruiting(*, today=None) -> QuerySet[Study]:
    """Study.is_recruiting as a query: recruiting, approved (a live version), and today within
    the recruitment period. A study whose period is over leaves the public the next day, even
    before housekeeping closes it."""
    today = today or timezone.localdate()
    return Study.objects.filter(
        status=Study.Status.RECRUITING,
        live_version__isnull=False,
        recruit_from__lte=today,
        recruit_until__gte=today,
    )


def _in_county(county_id: int) -> Q:
    """Studies someone in the county may take part in: national ones, ones naming the county,
    and ones naming a municipality in it."""
    return (
        Q(area=Study.Area.NATIONAL)
        | Q(area=Study.Area.COUNTIES, pk__in=Study.counties.through.objects.filter(county_id=county_id).values("study_id"))
        | Q(
            area=Study.Area.MUNICIPALITIES,
            pk__in=Study.municipalities.through.objects.filter(municipality__county_id=county_id).values("study_id"),
        )
    )


def study_list_public(*, theme_id: int | None = None, county_id: int | None = None) -> list[Study]:
    """Recruiting studies for "Take part in research", those ending soonest first, optionally
    on one theme and open to people in one county (national studies included). Four queries
    however many studies there are."""
    studies = studies_recruiting()
    if theme_id is not None:
        studies = studies.filter(pk__in=Study.themes.through.objects.filter(theme_id=theme_id).values("study_id"))
    if county_id is not None:
        studies = studies.filter(_in_county(county_id))
    return list(
        studies.order_by("recruit_until", "title", "pk").prefetch_related("themes", "counties", "municipalities")
    )


def study_get_public(*, slug: str) -> Study | None:
    """A recruiting study by its address, with its live version; None for any other study."""
    if not slug or len(slug) > 80:
        return None
    return (
        studies_recruiting()
        .select_related("live_version")
        .prefetch_related("themes", "counties", "municipalities")
        .filter(slug=slug)
        .first()
    )


def study_get_findings(*, slug: str) -> Study | None:
    """A study that recruited through Samhold, no longer recruits, and has published a summary
    of its findings: its page shows that summary only. None otherwise."""
    if not slug or len(slug) > 80:
        return None
    return (
        Study.objects.filter(
            slug=slug,
            live_version__isnull=False,
            status__in=[Study.Status.RECRUITING, Study.Status.CLOSED],
            findings_published_at__isnull=False,
        )
        .exclude(findings="")
        .first()
    )


# The one notice on a group page or under directory results -------------------------------
#
# Every group page and every search asks, so the recruiting studies' themes and areas are
# cached as a small index (a handful of studies at any time): a page costs no query when the
# index is warm, and one to build it. The index lives for NOTICE_INDEX_SECONDS and is dated,
# so it follows the recruitment periods by itself; whatever makes a study start or stop
# recruiting, or changes its themes or area, calls recruiting_index_invalidate().

NOTICE_INDEX = "research:recruiting-index"
NOTICE_INDEX_SECONDS = 5 * 60


@dataclass(frozen=True)
class StudyNotice:
    """What the notice says: which study, and the theme it shares with the group or search."""

    slug: str
    title: str
    theme_name: str


@dataclass(frozen=True)
class _Indexed:
    slug: str
    title: str
    area: str
    theme_ids: tuple[int, ...]
    county_ids: frozenset[int]
    municipality_ids: frozenset[int]
    municipality_county_ids: frozenset[int]


def recruiting_index_invalidate() -> None:
    """The recruiting studies changed (approved, closed, their themes or area edited): the
    notices follow at once instead of within NOTICE_INDEX_SECONDS."""
    cache_version_bump(NOTICE_INDEX)


_STUDY, _THEME, _COUNTY, _MUNICIPALITY = 0, 1, 2, 3


def _recruiting_index() -> list[_Indexed]:
    """Recruiting studies, those ending soonest first, with the ids the notice matches on."""
    today = timezone.localdate()
    key = versioned_key(NOTICE_INDEX, today.isoformat())
    index = cache.get(key)
    if index is not None:
        return index
    recruiting = studies_recruiting(today=today)
    ids = recruiting.values("pk")
    # The studies and their themes, counties and municipalities in one query (a union): a row
    # per study (with what the notice shows) and a row per theme, county and municipality.
    number = Cast(Value(None), BigIntegerField())  # typed: PostgreSQL reads a bare NULL as text
    text = Cast(Value(None), CharField())
    day = Cast(Value(None), DateField())
    rows = (
        recruiting.order_by()
        .values_list("pk", Value(_STUDY, output_field=IntegerField()), number, number, "slug", "title", "area",
                     "recruit_until")
        .union(
            Study.themes.through.objects.filter(study_id__in=ids).values_list(
                "study_id", Value(_THEME, output_field=IntegerField()), "theme_id", number, text, text, text, day
            ),
            Study.counties.through.objects.filter(study_id__in=ids).values_list(
                "study_id", Value(_COUNTY, output_field=IntegerField()), "county_id", number, text, text, text, day
            ),
            Study.municipalities.through.objects.filter(study_id__in=ids).values_list(
                "study_id", Value(_MUNICIPALITY, output_field=IntegerField()), "municipality_id",
                "municipality__county_id", text, text, text, day,
            ),
            all=True,
        )
    )
    studies, themes, counties, municipalities, municipality_counties = [], {}, {}, {}, {}
    for study_id, kind, area_id, county_id, slug, title, area, recruit_until in rows:
        if kind == _STUDY:
            studies.append((recruit_until, study_id, slug, title, area))
        elif kind == _THEME:
            themes.setdefault(study_id, []).append(area_id)
        elif kind == _COUNTY:
            counties.setdefault(study_id, set()).add(area_id)
        else:
            municipalities.setdefault(study_id, set()).add(area_id)
            municipality_counties.setdefault(study_id, set()).add(county_id)
    index = [
        _Indexed(
            slug=slug,
            title=title,
            area=area,
            theme_ids=tuple(sorted(themes.get(pk, []))),
            county_ids=frozenset(counties.get(pk, ())),
            municipality_ids=frozenset(municipalities.get(pk, ())),
            municipality_county_ids=frozenset(municipality_counties.get(pk, ())),
        )
        # Ending soonest first, then by id: as the studies were ordered when read alone.
        for _recruit_until, pk, slug, title, area in sorted(studies)
    ]
    cache.set(key, index, NOTICE_INDEX_SECONDS)
    return index


def _open_to(study: _Indexed, *, municipality_id: int | None, county_id: int | None) -> bool:
    """Whether someone in the municipality (or, without one, anywhere in the county; without
    either, anywhere at all) may take part in the study."""
    if study.area == Study.Area.NATIONAL:
        return True
    if study.area == Study.Area.COUNTIES:
        return county_id is not None and county_id in study.county_ids
    if study.area == Study.Area.MUNICIPALITIES:
        if municipality_id is not None:
            return municipality_id in study.municipality_ids
        return county_id is not None and county_id in study.municipality_county_ids
    return False


def _notice(theme_ids, *, municipality_id: int | None = None, county_id: int | None = None) -> StudyNotice | None:
    """The recruiting study on one of the themes, open to people in the place, that ends its
    recruitment soonest; the theme named is the first they share."""
    wanted = set(theme_ids)
    if not wanted:
        return None
    for study in _recruiting_index():
        shared = [theme_id for theme_id in study.theme_ids if theme_id in wanted]
        if shared and _open_to(study, municipality_id=municipality_id, county_id=county_id):
            theme = next((theme for theme in theme_list() if theme.pk == shared[0]), None)
            return StudyNotice(
                slug=study.slug, title=study.title, theme_name=in_sentence(theme.display_name) if theme else ""
            )
    return None


def study_for_group(group) -> StudyNotice | None:
    """A recruiting study on the group's themes that people in the group could take part in:
    a national one anywhere; one for counties if the group meets in one of them; one for
    municipalities if it meets in one of them. A group that meets only online could be anywhere,
    so it matches national studies only. No query when the index is warm and the page has
    attached the group's themes (group.theme_list), as the group page does."""
    if getattr(group, "theme_list", None) is not None:
        theme_ids = [theme.pk for theme in group.theme_list]
    else:
        theme_ids = list(
            SelfHelpGroup.themes.through.objects.filter(selfhelpgroup_id=group.pk).values_list("theme_id", flat=True)
        )
    if group.attendance == Attendance.ONLINE or not group.municipality_id:
        return _notice(theme_ids)
    return _notice(theme_ids, municipality_id=group.municipality_id, county_id=group.municipality.county_id)


def study_for_search(*, theme_ids, municipality=None, county=None) -> StudyNotice | None:
    """The same for a directory search: its themes, and its municipality or county (a
    municipality wins; a county search matches studies anywhere in the county). Without a theme
    there is nothing to match; without a place, only national studies."""
    theme_ids = [theme_id for theme_id in theme_ids or [] if theme_id is not None]
    if municipality is not None:
        return _notice(theme_ids, municipality_id=municipality.id, county_id=municipality.county_id)
    if county is not None:
        return _notice(theme_ids, county_id=county.id)
    return _notice(theme_ids)


# A volunteer's own record, by the private link in their e-mail ----------------------------

def volunteer_get_by_confirm_token(*, token: str) -> Volunteer | None:
    """The unconfirmed volunteer a confirm link points to, with the study and the version."""
    return link_owner(
        VolunteerLink, token=token, purpose=LinkPurpose.CONFIRM, select_related=("study", "version")
    )


def volunteer_get_by_manage_token(*, token: str) -> Volunteer | None:
    """The volunteer a manage link points to, with the study and the version they agreed to."""
    return link_owner(
        VolunteerLink, token=token, purpose=LinkPurpose.MANAGE, select_related=("study", "version")
    )
