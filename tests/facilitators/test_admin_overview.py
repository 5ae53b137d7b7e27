"""The coordinator's start-up overview in the admin: scoped to their counties, filterable,
with warnings on stuck start-ups and on groups changed since approval, and counts per county."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from facilitators.models import StageChange
from tests.factories import StartUpFactory

INDEX = reverse("startups:index")
NOW = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)


def inspect_url(startup):
    return reverse("startups:inspect", args=[startup.pk])


def startup_in(municipality, *, name, stage="planning", facilitators=(), themes=(), **fields):
    return StartUpFactory(
        group__name=name, group__municipality=municipality, group__themes=list(themes), stage=stage,
        facilitators=list(facilitators), **fields,
    )


@pytest.fixture
def startups(places, people, themes):
    return {
        "levanger": startup_in(
            places["levanger"], name="Sorggruppe Levanger", facilitators=[people["facilitator"]],
            themes=[themes["sorg"]],
        ),
        "verdal": startup_in(
            places["verdal"], name="Angstgruppe Verdal", stage="recruiting",
            facilitators=[people["other_facilitator"]], themes=[themes["angst"]],
        ),
        "bodo": startup_in(places["bodo"], name="Sorggruppe Bodø", themes=[themes["sorg"]]),
    }


def listed_names(response):
    return {name for name in ("Sorggruppe Levanger", "Angstgruppe Verdal", "Sorggruppe Bodø") if name in response.text}


@pytest.mark.django_db
def test_coordinator_sees_only_start_ups_in_their_counties(client, people, startups):
    client.force_login(people["coordinator"])
    response = client.get(INDEX)
    assert response.status_code == 200
    assert listed_names(response) == {"Sorggruppe Levanger", "Angstgruppe Verdal"}


@pytest.mark.django_db
def test_other_coordinator_sees_only_nordland(client, people, startups):
    client.force_login(people["other_coordinator"])
    assert listed_names(client.get(INDEX)) == {"Sorggruppe Bodø"}


@pytest.mark.django_db
def test_administrator_sees_every_start_up(client, people, startups):
    client.force_login(people["administrator"])
    assert listed_names(client.get(INDEX)) == {"Sorggruppe Levanger", "Angstgruppe Verdal", "Sorggruppe Bodø"}


@pytest.mark.django_db
def test_coordinator_gets_404_on_another_countys_start_up(client, people, startups):
    client.force_login(people["coordinator"])
    assert client.get(inspect_url(startups["bodo"])).status_code == 404
    assert client.get(inspect_url(startups["levanger"])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["facilitator", "contact"])
def test_facilitators_and_contacts_never_reach_the_overview(client, people, startups, role):
    client.force_login(people[role])
    for url in (INDEX, inspect_url(startups["levanger"])):
        response = client.get(url)
        assert response.status_code == 302
        assert "Sorggruppe Levanger" not in response.text


@pytest.mark.django_db
def test_overview_cannot_add_edit_or_delete_start_ups(client, people, startups):
    client.force_login(people["administrator"])
    html = client.get(INDEX).text
    assert "/admin/oppstarter/add/" not in html
    assert "/admin/oppstarter/edit/" not in html
    assert client.get(f"/admin/oppstarter/edit/{startups['levanger'].pk}/").status_code == 404
    assert client.get(f"/admin/oppstarter/delete/{startups['levanger'].pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("stage=recruiting", {"Angstgruppe Verdal"}),
        ("municipality={levanger}", {"Sorggruppe Levanger"}),
        ("theme={angst}", {"Angstgruppe Verdal"}),
        ("facilitator={facilitator}", {"Sorggruppe Levanger"}),
    ],
)
def test_overview_filters(client, people, startups, places, themes, query, expected):
    client.force_login(people["coordinator"])
    query = query.format(
        levanger=places["levanger"].pk, angst=themes["angst"].pk, facilitator=people["facilitator"].pk
    )
    results = client.get(reverse("startups:index_results") + "?" + query)
    assert results.status_code == 200
    assert listed_names(results) == expected


@pytest.mark.django_db
def test_municipality_filter_offers_only_the_coordinators_municipalities(client, people, startups, places):
    client.force_login(people["coordinator"])
    response = client.get(INDEX)
    assert 'value="%d"' % places["levanger"].pk in response.text
    assert "Bodø (Nordland)" not in response.text
    # Asking for another county's municipality by hand shows nothing of it.
    results = client.get(reverse("startups:index_results") + f"?municipality={places['bodo'].pk}")
    assert "Sorggruppe Bodø" not in results.text


@pytest.mark.django_db
def test_stale_warning_appears_after_eight_weeks_without_a_stage_change(client, people, places):
    with time_machine.travel(NOW - datetime.timedelta(weeks=8) + datetime.timedelta(hours=1), tick=False):
        stuck = startup_in(places["levanger"], name="Stuck group", stage="recruiting")
    with time_machine.travel(NOW - datetime.timedelta(weeks=8, days=3), tick=False):
        done = startup_in(places["verdal"], name="Done group", stage="self_running")
    with time_machine.travel(NOW, tick=False):
        client.force_login(people["coordinator"])
        # One hour short of 8 weeks: no warning yet.
        assert "samhold-admin-flag--stale" not in client.get(INDEX).text
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        client.force_login(people["coordinator"])
        html = client.get(INDEX).text
        stale = client.get(reverse("startups:index_results") + "?needs_attention=true").text
    assert "Stuck group" in stale
    # A group that runs on its own is not "stuck", however long ago it moved.
    assert "Done group" not in stale
    row = re.search(r"Stuck group.*?</tr>", html, re.S).group(0)
    assert 'class="samhold-admin-flag samhold-admin-flag--stale"' in row
    assert "Done group" in html
    done_row = re.search(r"Done group.*?</tr>", html, re.S).group(0)
    assert "samhold-admin-flag--stale" not in done_row
    assert stuck.pk and done.pk


@pytest.mark.django_db
def test_changed_since_approved_flag(client, people, places):
    startup = startup_in(places["levanger"], name="Approved group")
    group = startup.group
    approved = group.save_revision()
    startup.approved_revision = approved
    startup.save()
    client.force_login(people["coordinator"])
    row = re.search(r"Approved group.*?</tr>", client.get(INDEX).text, re.S).group(0)
    assert "samhold-admin-flag--changed" not in row

    group.summary = "Endret av igangsetteren etter godkjenning."
    group.save_revision()
    row = re.search(r"Approved group.*?</tr>", client.get(INDEX).text, re.S).group(0)
    assert "samhold-admin-flag--changed" in row
    detail = client.get(inspect_url(startup)).text
    assert "samhold-admin-flag--changed" in detail
    assert "/revisions/compare/" in detail


@pytest.mark.django_db
def test_detail_shows_timeline_follow_up_and_link_to_the_group(client, people, places):
    startup = startup_in(places["levanger"], name="Timeline group", stage="self_running")
    StageChange.objects.create(
        startup=startup, from_stage="", to_stage="planning", changed_by=people["facilitator"], note="Vi starter"
    )
    StageChange.objects.create(
        startup=startup, from_stage="first_meetings", to_stage="self_running", changed_by=people["facilitator"],
        note="Gruppa går av seg selv",
    )
    startup.follow_up_answer = "Det går fint, seks faste."
    startup.follow_up_answered_at = timezone.now()
    startup.follow_up_answered_by = people["facilitator"]
    startup.save()
    client.force_login(people["coordinator"])
    html = client.get(inspect_url(startup)).text
    assert "Vi starter" in html and "Gruppa går av seg selv" in html
    assert "Fia" in html
    assert "Det går fint, seks faste." in html
    assert reverse("wagtailsnippets_groups_selfhelpgroup:edit", args=[startup.group.pk]) in html


@pytest.mark.django_db
def test_counts_per_county_this_year(client, people, places):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        startup_in(places["levanger"], name="Last year planning")
        startup_in(places["verdal"], name="Last year running", stage="planning")
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        startup_in(places["levanger"], name="This year 1")
        startup_in(places["trondheim"], name="This year 2", stage="self_running")
        startup_in(places["bodo"], name="Nordland this year")
        from facilitators.models import StartUp

        # Last year's group became self-running this year.
        StartUp.objects.filter(group__name="Last year running").update(
            stage="self_running", stage_changed_at=timezone.now()
        )
    with time_machine.travel(NOW, tick=False):
        client.force_login(people["coordinator"])
        html = client.get(INDEX).text
    table = re.search(r'<table class="samhold-data-table" id="samhold-county-counts">.*?</table>', html, re.S).group(0)
    cells = [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)]
    # County | begun this year | became self-running this year
    assert cells[-3:] == ["Trøndelag", "2", "2"]
    assert "Nordland" not in table


@pytest.mark.django_db
def test_administrator_counts_cover_every_county(client, people, places):
    startup_in(places["levanger"], name="A")
    startup_in(places["bodo"], name="B")
    client.force_login(people["administrator"])
    table = re.search(r'id="samhold-county-counts">.*?</table>', client.get(INDEX).text, re.S).group(0)
    assert "Trøndelag" in table and "Nordland" in table
