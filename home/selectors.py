"""Reads for the public face's own pages."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from directory.selectors import MunicipalityRef, municipalities_near, municipality_by_number
from facilitators.selectors.meetings import meetings_upcoming
from facilitators.templatetags.meetings_tags import with_signup_urls

HOME_MEETINGS = 4


@dataclass
class HomeMeetings:
    """The next information meetings for the home page: near `place` when one was asked for and
    has any (meetings online count as near), else the next ones in the whole country."""

    meetings: list = field(default_factory=list)
    place: MunicipalityRef | None = None
    near: bool = False


def meetings_for_home(*, kommune: str = "", limit: int = HOME_MEETINGS) -> HomeMeetings:
    """At most `limit` open meetings, soonest first, each with `signup_url`, `places_left` and
    `is_full`. One query, two when nothing is near the place; `kommune` is a municipality
    number, as the search uses it (anything else is ignored)."""
    place = municipality_by_number(kommune.strip()[:10]) if kommune else None
    if place is not None:
        nearby = municipalities_near(place, settings.SAMHOLD_NEARBY_RADIUS_KM)
        near = list(meetings_upcoming().filter(Q(group__municipality_id__in=nearby) | ~Q(online_url=""))[:limit])
        if near:
            return HomeMeetings(with_signup_urls(near), place, near=True)
    return HomeMeetings(with_signup_urls(meetings_upcoming()[:limit]), place)
