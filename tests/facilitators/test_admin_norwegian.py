"""The admin speaks Norwegian to staff: the screens a coordinator opens show none of Wagtail's
English strings that Wagtail's own Bokmål catalogue leaves untranslated, the login says "Logg inn
på Samhold", and the Help menu has no English editor guide or release notes. Samhold's Bokmål for
Wagtail's strings lives in locale_wagtail/ (makemessages would drop it from locale/)."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from facilitators.services.startups import group_submit
from tests.factories import StartUpFactory

pytestmark = pytest.mark.django_db

OVERRIDES = Path(settings.BASE_DIR) / "locale_wagtail" / "nb" / "LC_MESSAGES"

# English a coordinator met on these screens before (visible text, labels read aloud, menus).
ENGLISH = [
    "Help", "Editor Guide", "What's new in Wagtail", "Shortcuts", "Search…", "Filter by", "Show filters",
    "Close dialog", "Toggle sidebar", "Toggle section", "Toggle side panel", "Toggle breadcrumbs",
    "Add comment", "Preview in new tab", "View latest version", "Workflow history", "Requested by",
    "Started at", "Workflow: start", "Workflow started", "In Moderation", "Sign in to Wagtail",
    "Content metrics", "Reading time", "Autosave is paused", "Save your changes before leaving",
    "Return with a comment", "and Publish", "Comment", "Comment:", "Locking:", "Approved task",
    "Keyboard shortcuts are currently enabled; manage your", "Venter på din anmeldelse",
]
# Wagtail's English assembled around names, numbers and times on these screens.
ENGLISH_PATTERNS = [
    r"^\d\d:\d\d by ", r"^Sent to ", r" (now|ago)$", r"^Reviewers can edit this ", r"^Anyone can edit this ",
    r"^\d+ (model log entr(y|ies)|Workflow states?)$",
]


def _texts(page: str) -> set[str]:
    """What a person sees or hears: text between tags, labels and titles, menu labels."""
    found = {re.sub(r"\s+", " ", text).strip() for text in re.findall(r">([^<]+)<", page)}
    found |= set(re.findall(r'(?:aria-label|title|placeholder|value)="([^"]+)"', page))
    found |= set(re.findall(r'"label": "([^"]+)"', page))
    return {html.unescape(text) for text in found if text}


@pytest.fixture
def waiting(people, places, themes):
    group = StartUpFactory(group__municipality=places["levanger"], group__name="Sorggruppe", facilitators=[people["facilitator"]]).group
    group.themes.set([themes["sorg"]])
    group.save()
    group.save_revision(user=people["facilitator"])
    group_submit(user=people["facilitator"], group=group)
    return group


def test_the_login_page_says_logg_inn_pa_samhold(client):
    page = client.get("/admin/login/").content.decode()
    assert "<h1>Logg inn på Samhold</h1>" in page
    assert "<title>Logg inn - Samhold</title>" in page
    assert "JavaScript is required" not in page
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*Passord', page)
    assert ">Password<" not in page and "Password\n" not in page


def test_a_wrong_password_on_the_admins_login_is_said_in_plain_norwegian(client, people):
    page = client.post(
        "/admin/login/", {"username": "kari@example.org", "password": "ikke-riktig-passord"}
    ).content.decode()
    assert "Feil e-postadresse eller passord. Prøv igjen." in page
    assert "Vennligst" not in page


def test_the_screens_a_coordinator_opens_have_no_english_from_the_list(client, people, waiting):
    client.force_login(people["coordinator"])
    urls = [
        "/admin/",
        "/admin/snippets/groups/selfhelpgroup/",
        "/admin/snippets/groups/selfhelpgroup/?q=sorg",
        f"/admin/snippets/groups/selfhelpgroup/edit/{waiting.pk}/",
        f"/admin/snippets/groups/selfhelpgroup/history/{waiting.pk}/",
        f"/admin/snippets/groups/selfhelpgroup/workflow_history/{waiting.pk}/",
        "/admin/oppstarter/",
        "/admin/facilitator_application/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts = _texts(response.content.decode())
        english = sorted(texts & set(ENGLISH))
        english += sorted(text for text in texts if any(re.search(pattern, text) for pattern in ENGLISH_PATTERNS))
        assert english == [], url
        assert "guide.wagtail.org" not in response.content.decode(), url


def test_the_workflow_dialog_and_the_history_after_an_approval_have_no_english_from_the_list(client, people, waiting):
    client.force_login(people["coordinator"])
    task_state = waiting.current_workflow_task_state
    base = "/admin/snippets/groups/selfhelpgroup"
    dialog = client.get(f"{base}/workflow/collect_action_data/{waiting.pk}/reject/{task_state.pk}/").json()["html"]
    assert sorted(_texts(dialog) & set(ENGLISH)) == []
    assert "Kommentar" in _texts(dialog)

    response = client.post(f"{base}/workflow/action/{waiting.pk}/approve/{task_state.pk}/", {"comment": "Fint"})
    assert response.status_code == 302
    for url in [f"{base}/history/{waiting.pk}/", f"{base}/workflow_history/{waiting.pk}/"]:
        texts = _texts(client.get(url).content.decode())
        english = sorted(texts & set(ENGLISH))
        english += sorted(text for text in texts if any(re.search(pattern, text) for pattern in ENGLISH_PATTERNS))
        assert english == [], url
    assert "Kommentar:" in _texts(client.get(f"{base}/history/{waiting.pk}/").content.decode())


def test_the_help_menu_keeps_the_shortcuts_in_norwegian(client, people):
    client.force_login(people["coordinator"])
    page = client.get("/admin/").content.decode()
    assert '"label": "Hjelp"' in page
    assert '"label": "Hurtigtaster"' in page


def test_the_admins_javascript_speaks_norwegian(client, people):
    client.force_login(people["coordinator"])
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert '"Main menu": "Hovedmeny"' in catalogue
    assert '"Toggle sidebar": "Vis eller skjul sidemenyen"' in catalogue


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_wagtail_overrides_are_complete_compiled_and_keep_their_placeholders(domain):
    po = polib.pofile(str(OVERRIDES / f"{domain}.po"))
    mo = polib.mofile(str(OVERRIDES / f"{domain}.mo"))
    assert len(po) > 40

    def translations(catalogue):
        return {(entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))) for entry in catalogue}

    assert translations(po) == translations(mo)
    for entry in po:
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        assert all(texts) and "fuzzy" not in entry.flags, entry.msgid
        if not entry.msgid_plural:
            assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(re.findall(r"%\(\w+\)s", entry.msgstr)), entry.msgid
            continue
        texts = [text for _, text in sorted(entry.msgstr_plural.items())]
        # A plural's singular may spell the number out ("et minutt siden"); the other forms keep all of them.
        wanted = sorted(re.findall(r"%\(\w+\)s", entry.msgid_plural))
        for text in texts[1:]:
            assert sorted(re.findall(r"%\(\w+\)s", text)) == wanted, entry.msgid
        assert set(re.findall(r"%\(\w+\)s", texts[0])) <= set(wanted), entry.msgid
