"""Time of day: formiddag, ettermiddag or kveld, beside the weekday, by the meeting's start."""

import datetime
import re

import pytest

from tests.factories import SelfHelpGroupFactory


def result_names(response):
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def day_and_evening(site, places, themes):
    levanger, sorg = places["levanger"], themes["sorg"]
    for name, start, end in [
        ("Morgenkaffe", datetime.time(10), datetime.time(11, 30)),
        ("Rett før lunsj", datetime.time(11, 59), None),
        ("Klokka tolv", datetime.time(12), datetime.time(13)),
        ("Ettermiddag", datetime.time(16, 30), datetime.time(18)),
        ("Klokka fem", datetime.time(17), datetime.time(18, 30)),
        ("Kveldsgruppe", datetime.time(19), datetime.time(20, 30)),
    ]:
        SelfHelpGroupFactory(name=name, start_time=start, end_time=end, municipality=levanger, themes=[sorg])
    SelfHelpGroupFactory(name="Uten klokkeslett", start_time=None, end_time=None, municipality=levanger, themes=[sorg])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tid", "expected"),
    [
        ("formiddag", ["Morgenkaffe", "Rett før lunsj"]),
        ("ettermiddag", ["Ettermiddag", "Klokka tolv"]),
        ("kveld", ["Klokka fem", "Kveldsgruppe"]),
    ],
)
def test_time_of_day_filters_by_the_start_time(client, day_and_evening, tid, expected):
    assert sorted(result_names(client.get("/finn-gruppe/", {"tid": tid}))) == expected


@pytest.mark.django_db
def test_without_a_time_of_day_every_group_is_found(client, day_and_evening):
    assert len(result_names(client.get("/finn-gruppe/"))) == 7


@pytest.mark.django_db
def test_time_of_day_and_weekday_together(client, day_and_evening, places):
    SelfHelpGroupFactory(name="Mandagskveld", weekday=0, start_time=datetime.time(18), end_time=None,
                         municipality=places["levanger"])
    assert result_names(client.get("/finn-gruppe/", {"tid": "kveld", "dag": "0"})) == ["Mandagskveld"]


@pytest.mark.django_db
def test_theme_counts_follow_the_time_of_day(client, day_and_evening):
    html = client.get("/finn-gruppe/", {"tid": "kveld"}).content.decode()
    assert re.search(r'for="tema-sorg">[^<]*<span class="count">\(2\)</span>', html)
    html = client.get("/finn-gruppe/").content.decode()
    assert re.search(r'for="tema-sorg">[^<]*<span class="count">\(7\)</span>', html)


@pytest.mark.django_db
def test_the_time_of_day_is_a_labelled_choice_kept_after_searching(client, day_and_evening):
    html = client.get("/finn-gruppe/", {"tid": "ettermiddag"}).content.decode()
    assert '<label for="id_tid">Tid på dagen</label>' in html
    assert '<option value="ettermiddag" selected>Ettermiddag (kl. 12.00–17.00)</option>' in html
    assert "Kveld (fra kl. 17.00)" in html and "Formiddag (før kl. 12.00)" in html


@pytest.mark.django_db
def test_an_unknown_time_of_day_is_reported_and_ignored(client, day_and_evening):
    response = client.get("/finn-gruppe/", {"tid": "natt"})
    assert response.status_code == 200
    assert len(result_names(response)) == 7
    assert 'class="notice"' in response.content.decode()
