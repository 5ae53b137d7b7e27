"""Wagtail's site-wide reports are for national administrators only.

Wagtail narrows Site history, Workflows and Workflow tasks by content type, not by object: a
coordinator with any group permission would read who did what with every group in Norway,
other counties' drafts included. Coordinators read their own groups' history on each group's
History view instead, which is scoped to their counties."""

import pytest
from django.contrib.auth.models import Group as Role
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.menu import reports_menu

from facilitators.models import User
from facilitators.services.startups import group_submit
from tests.factories import StartUpFactory

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-testpassord-123"


def _report_urls():
    """Every URL under /admin/reports/ (reports, their results and whatever an app adds)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("admin/reports/"):
                yield "/" + route

    return sorted(set(walk(get_resolver().url_patterns, "")))


REPORT_URLS = _report_urls()


@pytest.fixture
def history_elsewhere(people, places, themes):
    """A draft group in Bodø (Nordland), sent for approval by Nordland's coordinator, and one in
    Levanger (Trøndelag): both leave log entries and workflow states behind."""
    bodo = StartUpFactory(group__municipality=places["bodo"], group__name="Bodøgruppa")
    levanger = StartUpFactory(
        group__municipality=places["levanger"], group__name="Fias gruppe", facilitators=[people["facilitator"]]
    )
    for startup, person in ((bodo, people["other_coordinator"]), (levanger, people["facilitator"])):
        startup.group.themes.set([themes["sorg"]])
        startup.group.save_revision(user=person, log_action=True)
        group_submit(user=person, group=startup.group)
    return {"bodo": bodo.group, "levanger": levanger.group}


def _refused(response) -> bool:
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_every_report_url_is_guarded():
    names = {url.rstrip("/").rsplit("/", 1)[-1] for url in REPORT_URLS}
    assert {"site-history", "workflow", "workflow_tasks", "locked", "aging-pages", "page-types-usage"} <= names
    assert len(REPORT_URLS) >= 12  # each report and its results


@pytest.mark.parametrize("url", REPORT_URLS)
@pytest.mark.parametrize("role", ["coordinator", "other_coordinator"])
def test_coordinator_cannot_open_any_report_or_its_results_or_export(client, people, history_elsewhere, url, role):
    client.force_login(people[role])
    assert _refused(client.get(url))
    assert _refused(client.get(url, {"export": "csv"}))
    assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


@pytest.mark.parametrize("url", REPORT_URLS)
def test_coordinator_who_also_edits_pages_cannot_open_any_report(client, people, history_elsewhere, url):
    coordinator = people["coordinator"]
    coordinator.groups.add(Role.objects.get(name="Editors"))
    client.force_login(coordinator)
    assert _refused(client.get(url))


def test_site_history_no_longer_tells_a_coordinator_about_other_counties(client, people, history_elsewhere):
    client.force_login(people["coordinator"])
    for name in ("site_history", "site_history_results"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "Bodøgruppa" not in response.text
        assert "nils@example.org" not in response.text


@pytest.mark.parametrize("url", REPORT_URLS)
def test_facilitator_is_kept_out_of_reports_as_out_of_the_whole_admin(client, people, url):
    client.force_login(people["facilitator"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_national_administrator_reads_site_history_of_every_county(client, people, history_elsewhere):
    client.force_login(people["administrator"])
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert "Bodøgruppa" in response.text and "Fias gruppe" in response.text
    assert client.get(reverse("wagtailadmin_reports:site_history_results")).status_code == 200
    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert export.status_code == 200
    assert "Bodøgruppa" in b"".join(export.streaming_content).decode()


def test_superuser_reads_the_workflow_reports(client, history_elsewhere):
    boss = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    client.force_login(boss)
    for name in ("workflow", "workflow_tasks", "site_history"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code == 200
        assert "Bodøgruppa" in response.text


def _report_menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in reports_menu.menu_items_for_request(request)}


def test_coordinator_gets_no_reports_menu_items(people):
    coordinator = people["coordinator"]
    coordinator.groups.add(Role.objects.get(name="Editors"))  # with page permissions too
    assert _report_menu_names(coordinator) == set()


def test_superuser_keeps_the_reports_menu():
    boss = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    assert {"site-history", "workflows", "workflow-tasks"} <= _report_menu_names(boss)


# A coordinator's own groups' history stays on each group's History view --------------------

def test_coordinator_opens_the_history_of_a_group_in_their_county(client, people, history_elsewhere):
    client.force_login(people["coordinator"])
    url = reverse("wagtailsnippets_groups_selfhelpgroup:history", args=[history_elsewhere["levanger"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "fia@example.org" in response.text or "Fia" in response.text


def test_coordinator_cannot_open_the_history_of_a_group_in_another_county(client, people, history_elsewhere):
    client.force_login(people["coordinator"])
    group = history_elsewhere["bodo"]
    for name in ("history", "history_results", "workflow_history"):
        url = reverse(f"wagtailsnippets_groups_selfhelpgroup:{name}", args=[group.pk])
        assert _refused(client.get(url))
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
