"""Near me: the municipalities' points for "Use my location", and a directory page that may
ask the browser for the position while no other page may."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samhold.middleware import PERMISSIONS_POLICY


def _features(header: str) -> dict:
    return dict(part.split("=") for part in header.split(", "))


@pytest.mark.django_db
def test_the_points_list_every_municipality_with_its_directory_page(client, site, places):
    response = client.get("/finn-gruppe/kommuner/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "public" in response["Cache-Control"]
    points = {p["number"]: p for p in json.loads(response.content)["municipalities"]}
    assert set(points) == {"5037", "5038", "5001", "1804"}
    assert points["5037"] == {
        "number": "5037", "name": "Levanger - Levangke", "lat": 63.746, "lon": 11.299,
        "url": "/finn-gruppe/trondelag/levanger/",
    }


@pytest.mark.django_db
def test_english_points_link_the_english_pages(client, site_en, places):
    points = json.loads(client.get("/en/find-a-group/kommuner/").content)["municipalities"]
    assert {p["url"] for p in points} >= {"/en/find-a-group/trondelag/levanger/"}


@pytest.mark.django_db
def test_the_points_are_built_once_and_then_cached(client, site, places):
    client.get("/finn-gruppe/kommuner/")
    with CaptureQueriesContext(connection) as first:
        client.get("/finn-gruppe/kommuner/")
    places["levanger"].name = "Levanger"
    places["levanger"].save()  # reference data changed: the list follows
    points = json.loads(client.get("/finn-gruppe/kommuner/").content)["municipalities"]
    assert "Levanger" in {p["name"] for p in points}
    assert not any("municipality" in q["sql"] for q in first.captured_queries)


@pytest.mark.django_db
def test_only_the_directory_may_ask_for_the_position(client, site, places):
    search = client.get("/finn-gruppe/")
    landing = client.get("/finn-gruppe/trondelag/levanger/")
    for response in (search, landing):
        features = _features(response["Permissions-Policy"])
        assert features["geolocation"] == "(self)"
        assert features["camera"] == "()"
    assert _features(client.get("/")["Permissions-Policy"])["geolocation"] == "()"
    assert _features(PERMISSIONS_POLICY)["geolocation"] == "()"


@pytest.mark.django_db
def test_the_button_waits_hidden_for_the_script(client, site, places):
    html = client.get("/finn-gruppe/").content.decode()
    assert '<script src="/static/js/near-me.js" defer></script>' in html
    assert 'data-near-me data-points-url="/finn-gruppe/kommuner/" hidden' in html
    assert "Bruk min posisjon" in html
    assert "<script>" not in html
