"""SQL queries per request, whatever the number of groups: at most 12 for a directory page and
10 for a group page, warm, cold (the first request after a change: a group saved, a page
published, a study changed), and with every cache empty at once (a new cache server, all
processes restarted), as on a site where everything changes now and then.

The figures are deterministic (unlike times, which `make bench` measures)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.selectors import reference_invalidate
from facilitators.models import InfoMeeting
from groups.models import Attendance, Status
from home.models import DirectoryPage
from home.services import site_pages_ensure
from tests.factories import SelfHelpGroupFactory
from tests.factories.research import recruiting_study

DIRECTORY_BUDGET = 12
GROUP_PAGE_BUDGET = 10

DIRECTORY_REQUESTS = {
    "everything": ("/finn-gruppe/", {}),
    "text only": ("/finn-gruppe/", {"q": "sorg"}),
    "municipality only": ("/finn-gruppe/", {"kommune": "5037"}),
    "theme + municipality": ("/finn-gruppe/", {"kommune": "5037", "tema": "angst"}),
    "all filters": (
        "/finn-gruppe/",
        {"q": "sorg", "kommune": "5037", "tema": ["sorg", "angst"], "dag": "1", "tid": "kveld",
         "oppmote": "in_person", "malgruppe": "everyone", "vis": "alle"},
    ),
    "page 2": ("/finn-gruppe/", {"side": "2", "vis": "alle"}),
    "empty result": ("/finn-gruppe/", {"q": "xylofonundervisning", "kommune": "5037"}),
    "landing page": ("/finn-gruppe/trondelag/levanger/", {}),
    "county": ("/finn-gruppe/trondelag/", {}),
    "english": ("/en/find-a-group/", {"q": "grief"}),
}


@pytest.fixture
def directory(db, places, themes):
    site_pages_ensure()
    groups = []
    for index in range(30):
        place = [places["levanger"], places["verdal"], places["bodo"]][index % 3]
        groups.append(
            SelfHelpGroupFactory(
                municipality=place,
                themes=[[themes["sorg"]], [themes["angst"]], [themes["sorg"], themes["depresjon"]]][index % 3],
                attendance=Attendance.HYBRID if index % 5 == 0 else Attendance.IN_PERSON,
                weekday=index % 7,
                start_time=datetime.time(18 if index % 2 else 10, 0),
            )
        )
    online = SelfHelpGroupFactory(municipality=None, attendance=Attendance.ONLINE, themes=[themes["sorg"]])
    planned = SelfHelpGroupFactory(municipality=places["levanger"], status=Status.PLANNED, themes=[themes["sorg"]])
    starts = timezone.now() + datetime.timedelta(days=10)
    InfoMeeting.objects.create(
        group=planned, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), place="Biblioteket", capacity=20
    )
    study = recruiting_study(themes=[themes["sorg"]])
    page = DirectoryPage.objects.live().get(locale__language_code="nb")
    return {"page": page, "open": groups[0], "online": online, "planned": planned, "groups": groups, "study": study}


def count(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(ctx)


def group_pages(directory) -> dict[str, str]:
    page = directory["page"]
    return {name: page.group_url(directory[name]) for name in ("open", "online", "planned")}


def everything_cold():
    cache.clear()
    reference_invalidate()


def a_group_changed(directory):
    group = directory["groups"][1]
    group.summary = "En ny tekst om gruppa."
    group.save()


def a_page_published(directory):
    page = DirectoryPage.objects.get(pk=directory["page"].pk)
    page.intro = "Ny innledning."
    page.save_revision().publish()


def a_study_changed(directory):
    study = directory["study"]
    study.title = "En ny tittel"
    study.save()


CHANGES = {
    "warm": lambda directory: None,
    "a group changed": a_group_changed,
    "a page published": a_page_published,
    "a study changed": a_study_changed,
    "every cache empty": lambda directory: everything_cold(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", list(CHANGES))
def test_directory_requests_stay_within_the_budget(client, directory, change):
    over = {}
    for name, (path, params) in DIRECTORY_REQUESTS.items():
        client.get(path, params)
        CHANGES[change](directory)
        queries = count(client, path, params)
        if queries > DIRECTORY_BUDGET:
            over[name] = queries
    assert over == {}


@pytest.mark.django_db
@pytest.mark.parametrize("change", list(CHANGES))
def test_group_pages_stay_within_the_budget(client, directory, change):
    over = {}
    for name, path in group_pages(directory).items():
        client.get(path)
        CHANGES[change](directory)
        queries = count(client, path)
        if queries > GROUP_PAGE_BUDGET:
            over[name] = queries
    assert over == {}


@pytest.mark.django_db
def test_the_count_does_not_grow_with_the_groups(client, directory, places, themes):
    path, params = DIRECTORY_REQUESTS["theme + municipality"]
    client.get(path, params)
    client.get(path, params)
    before = count(client, path, params)
    for _ in range(25):
        SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"], themes["angst"]])
    client.get(path, params)
    client.get(path, params)
    assert count(client, path, params) == before
