"""A new facilitator application reaches the people who decide on it: the coordinators of the
applicant's county by e-mail (in their own language), or national administrators when the county
has none, and on the admin's dashboard with a count. The decision view shows Norwegian local
time, and nothing where nothing is decided yet."""

import datetime

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from facilitators.consent import APPLICATION_CONSENT_VERSION
from facilitators.models import FacilitatorApplication
from facilitators.services.accounts import facilitator_apply

pytestmark = pytest.mark.django_db


def _apply(committed, place, *, email="sigrid@example.net"):
    return committed(
        facilitator_apply, name="Sigrid Haugen", email=email, municipality=place,
        background="Jeg har ledet sorggrupper.", consent_text_version=APPLICATION_CONSENT_VERSION,
        ip_address="10.9.0.1",
    )


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_countys_coordinator_is_told_and_no_other_county(committed, people, places):
    application = _apply(committed, places["levanger"])
    [message] = _to("kari@example.org")
    assert message.subject == "Ny søknad om å bli igangsetter på Samhold"
    assert "Levanger" in message.body
    assert f"/admin/facilitator_application/inspect/{application.pk}/" in message.body
    assert "Sigrid" not in message.subject
    assert _to("nils@example.org") == []
    assert _to("ada@example.org") == []  # the county has a coordinator


def test_each_coordinator_reads_it_in_their_own_language(committed, people, places):
    UserProfile.objects.update_or_create(user=people["coordinator"], defaults={"preferred_language": "en"})
    _apply(committed, places["levanger"])
    [message] = _to("kari@example.org")
    assert message.subject == "A new facilitator application on Samhold"
    assert "Someone has applied to become a facilitator in Levanger" in message.body


def test_a_county_without_a_coordinator_falls_back_to_national_administrators(committed, people, places):
    people["other_coordinator"].coordinator_counties.clear()
    _apply(committed, places["bodo"])
    assert len(_to("ada@example.org")) == 1
    assert _to("nils@example.org") == []
    assert _to("kari@example.org") == []


def test_the_dashboard_counts_the_waiting_applications_with_a_link(client, committed, people, places):
    _apply(committed, places["levanger"], email="en@example.net")
    _apply(committed, places["verdal"], email="to@example.net")
    client.force_login(people["coordinator"])
    page = client.get("/admin/").content.decode()
    assert "2 søknader om å bli igangsetter venter på en avgjørelse." in page
    assert 'href="/admin/facilitator_application/?status=pending"' in page
    client.force_login(people["other_coordinator"])
    assert "facilitator_application/?status=pending" not in client.get("/admin/").content.decode()


def test_the_application_shows_decided_time_in_norwegian_local_time_and_nothing_undecided(client, committed, people, places):
    application = _apply(committed, places["levanger"])
    client.force_login(people["coordinator"])
    page = client.get(f"/admin/facilitator_application/inspect/{application.pk}/").content.decode()
    assert ">None<" not in page.replace(" ", "").replace("\n", "")
    FacilitatorApplication.objects.filter(pk=application.pk).update(
        status=FacilitatorApplication.Status.APPROVED, decided_by=people["coordinator"],
        decided_at=datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC),
    )
    page = client.get(f"/admin/facilitator_application/inspect/{application.pk}/").content.decode()
    assert "1. desember 2026 kl. 18.00" in page



def test_applications_from_many_networks_send_a_county_only_a_few_notices_a_day(committed, people, places, settings):
    """Anyone may apply and picks the municipality: rotating networks must not flood a county's
    coordinators. Past the day's few notices the applications still wait, counted, unannounced."""
    settings.SAMHOLD_APPLICATION_NOTICES_PER_COUNTY_PER_DAY = 2
    for number in range(4):
        committed(
            facilitator_apply, name=f"Søker {number}", email=f"soker{number}@example.net",
            municipality=places["levanger"], background="Jeg vil starte en gruppe.", consent_text_version=APPLICATION_CONSENT_VERSION,
            ip_address=f"2001:db8:{number}::1",
        )
    assert len(_to("kari@example.org")) == 2
    assert FacilitatorApplication.objects.count() == 4
