"""The privacy statement tells the truth: every flow of personal data is named on it, in both
languages, with the retention periods the code enforces (settings.SAMHOLD_RETENTION), and no
sentence promises what does not exist."""

import json

import pytest
from django.utils.translation import override

from home.models import ContentPage
from home.privacy import data_flows
from home.services import PRIVACY, site_pages_ensure

FLOWS = {
    "visit", "contact", "interest", "signup", "application", "account", "record", "limits", "backup",
    "research_volunteer", "research_group", "research_application",
}


@pytest.fixture
def pages(db):
    site_pages_ensure()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_every_flow_of_personal_data_is_on_the_page_in_both_languages(client, pages):
    assert {flow.key for flow in data_flows()} == FLOWS
    for url, language in (("/personvern/", "nb"), ("/en/privacy/", "en")):
        html = page(client, url)
        with override(language):
            for flow in data_flows():
                assert f'id="data-{flow.key}"' in html
                assert str(flow.name).replace("“", "&ldquo;")[:20] in html or str(flow.name)[:20] in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key, flow",
    [
        ("interest_confirmed", "interest"), ("interest_unconfirmed", "interest"), ("interest_message", "interest"),
        ("meeting_signup_after_meeting", "signup"), ("meeting_signup_unconfirmed", "signup"),
        ("meeting_signup_after_cancellation", "signup"),
        ("facilitator_application_pending", "application"), ("facilitator_application_decided", "application"),
        ("email_undeliverable", "contact"), ("email_delivered", "contact"), ("email_send_mark", "contact"),
        ("session", "account"), ("login_attempt", "account"), ("startup_note", "account"),
        ("audit_entry", "record"), ("email_send_mark", "limits"), ("backup", "backup"),
        ("research_volunteer_unconfirmed", "research_volunteer"), ("research_volunteer_after_close", "research_volunteer"),
        ("research_group_answer_after_close", "research_group"),
        ("researcher_application_pending", "research_application"),
        ("researcher_application_decided", "research_application"),
    ],
)
def test_each_retention_period_on_the_page_comes_from_the_settings(client, pages, settings, key, flow):
    settings.SAMHOLD_RETENTION = {**settings.SAMHOLD_RETENTION, key: 4321}
    html = page(client, "/personvern/")
    section = html[html.index(f'id="data-{flow}"'):]
    section = section[: section.index("</section>")]
    assert "4321 dager" in section
    assert "4321 days" in page(client, "/en/privacy/")


@pytest.mark.django_db
def test_nothing_on_the_statement_or_the_start_page_promises_what_does_not_exist(client, pages):
    for url in ("/personvern/", "/en/privacy/", "/starte-en-gruppe/", "/en/starting-a-group/"):
        html = page(client, url).lower()
        assert "senere vil du" not in html and "later you will" not in html
    start = page(client, "/starte-en-gruppe/")
    assert 'href="/meld-interesse/"' in start and 'href="/min-side/bli-igangsetter/"' in start
    privacy = page(client, "/personvern/")
    assert 'href="/mine-opplysninger/"' in privacy


@pytest.mark.django_db
def test_a_statement_seeded_with_the_old_promises_is_rewritten_and_an_edited_one_is_kept(client, pages):
    privacy = ContentPage.objects.get(slug="personvern")
    privacy.body = json.dumps([{"type": "paragraph", "value": "<p>Senere vil du kunne melde interesse.</p>"}])
    privacy.save_revision().publish()
    about = ContentPage.objects.get(slug="hva-er-en-selvhjelpsgruppe")
    about.body = json.dumps([{"type": "paragraph", "value": "<p>Redaktørens egen tekst.</p>"}])
    about.save_revision().publish()
    site_pages_ensure()
    assert "Senere vil du" not in page(client, "/personvern/")
    assert 'id="data-interest"' in page(client, "/personvern/")
    assert "Redaktørens egen tekst." in page(client, "/hva-er-en-selvhjelpsgruppe/")


def test_the_seeded_statement_places_the_register_in_both_languages():
    for language in ("nb", "en"):
        assert ["data_register", None] in PRIVACY[language]["body"]
