"""The overview's charts: start-ups by stage per county and interest by theme, drawn as inline
SVG with a text alternative and a data table, counted only in the coordinator's own counties."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitators.models import InterestRegistration
from tests.factories import StartUpFactory

INDEX = reverse("startups:index")


def startup(municipality, stage="planning"):
    reason = "Too few came" if stage == "stopped" else ""
    return StartUpFactory(group__municipality=municipality, stage=stage, stopped_reason=reason)


def interest(municipality, themes, *, confirmed=True, expired=False):
    now = timezone.now()
    registration = InterestRegistration.objects.create(
        email="someone@example.org", municipality=municipality, consent_text_version="test",
        confirmed_at=now if confirmed else None,
        expires_at=now + datetime.timedelta(days=-1 if expired else 300),
    )
    registration.themes.set(themes)
    return registration


def figure(html, heading_id):
    return re.search(rf'<figure class="samhold-chart" aria-labelledby="{heading_id}">.*?</figure>', html, re.S).group(0)


@pytest.fixture
def data(places, themes):
    for stage in ("planning", "planning", "recruiting", "self_running"):
        startup(places["levanger"], stage)
    startup(places["verdal"], "stopped")
    startup(places["bodo"], "planning")
    interest(places["levanger"], [themes["sorg"], themes["angst"]])
    interest(places["verdal"], [themes["sorg"]])
    interest(places["trondheim"], [themes["sorg"]], confirmed=False)  # not counted until confirmed
    interest(places["trondheim"], [themes["angst"]], expired=True)  # expired: not counted
    interest(places["bodo"], [themes["depresjon"]])  # another county


@pytest.mark.django_db
def test_stage_chart_shows_the_coordinators_counties_with_the_right_numbers(client, people, data):
    client.force_login(people["coordinator"])
    chart = figure(client.get(INDEX).text, "stage-chart-heading")
    svg = re.search(r"<svg role=\"img\" aria-label=\"([^\"]+)\"", chart)
    assert svg, "the chart has role=img and an accessible name"
    label = svg.group(1)
    assert "Trøndelag" in label and "Nordland" not in label
    # 5 start-ups in Trøndelag: 2 planning, 1 recruiting, 1 self-running, 1 stopped.
    table = re.search(r"<table.*?</table>", chart, re.S).group(0)
    row = re.search(r"<th scope=\"row\">Trøndelag</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r">(\d+)<", row) == ["2", "0", "1", "0", "1", "1", "5"]
    assert "Nordland" not in table
    # Patterns as well as colours, and a legend.
    assert 'id="samhold-pattern-recruiting"' in chart
    assert 'class="samhold-chart__legend"' in chart


@pytest.mark.django_db
def test_interest_chart_counts_confirmed_unexpired_registrations_in_own_counties(client, people, data, themes):
    client.force_login(people["coordinator"])
    chart = figure(client.get(INDEX).text, "interest-chart-heading")
    table = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="samhold-number">(\d+)</td>', chart))
    assert table == {"Sorg": "2", "Angst": "1"}
    assert "Depresjon" not in chart
    assert 'role="img"' in chart


@pytest.mark.django_db
def test_administrator_chart_covers_all_counties(client, people, data):
    client.force_login(people["administrator"])
    html = client.get(INDEX).text
    stage_table = figure(html, "stage-chart-heading")
    assert "<th scope=\"row\">Nordland</th>" in stage_table
    interest_html = figure(html, "interest-chart-heading")
    interest_table = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="samhold-number">(\d+)</td>', interest_html))
    assert interest_table == {"Sorg": "2", "Angst": "1", "Depresjon": "1"}


@pytest.mark.django_db
def test_interest_chart_is_not_moved_by_registrations_outside_the_coordinators_counties(
    client, people, data, places, themes
):
    """The chart shows exact numbers, so it must count only people the coordinator may see:
    one or two registrations in Nordland (a small count) never show in Trøndelag's chart."""
    from facilitators.selectors.admin import interest_by_theme_for_admin

    def chart(user):
        return {theme.name: n for theme, n in interest_by_theme_for_admin(user=user)}

    before = chart(people["coordinator"])
    interest(places["bodo"], [themes["sorg"], themes["angst"]])
    interest(places["bodo"], [themes["sorg"]])
    assert chart(people["coordinator"]) == before == {"Sorg": 2, "Angst": 1}
    client.force_login(people["coordinator"])
    html = figure(client.get(INDEX).text, "interest-chart-heading")
    table = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="samhold-number">(\d+)</td>', html))
    assert table == {"Sorg": "2", "Angst": "1"}
    assert chart(people["other_coordinator"]) == {"Sorg": 2, "Angst": 1, "Depresjon": 1}  # Bodø's own
    # Facilitators have no chart: they see demand on Min side, as ranges outside their area.
    assert chart(people["facilitator"]) == {}


@pytest.mark.django_db
def test_empty_charts_say_so_instead_of_drawing_nothing(client, people):
    client.force_login(people["coordinator"])
    html = client.get(INDEX).text
    assert "<svg role=\"img\"" not in html
    assert "samhold-chart" in html
