"""Security headers: every response carries a Content-Security-Policy and a Permissions-Policy,
nosniff and a same-origin referrer; Min side and anything a logged-in person sees is never stored."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from samhold.middleware import ADMIN_CSP, PERMISSIONS_POLICY, PUBLIC_CSP, SecurityHeadersMiddleware
from tests.factories import SelfHelpGroupFactory, UserFactory, administrator, facilitator_in

GROUP_URL = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"


@pytest.fixture
def group(site, places, themes):
    return SelfHelpGroupFactory(
        name="Sorggruppe i Levanger", slug="sorggruppe-levanger", municipality=places["levanger"], themes=[themes["sorg"]]
    )


@pytest.fixture
def superuser(db):
    # Only for Wagtail's page and revision screens, which the roles do not open in these tests.
    return UserFactory(email="redaktor@example.org", is_superuser=True, is_staff=True)


def assert_everywhere_headers(response):
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def no_store(response) -> bool:
    return "no-store" in [part.strip() for part in response.get("Cache-Control", "").split(",")]


@pytest.mark.django_db
def test_a_public_page_carries_the_public_policy_and_may_be_cached(client, group):
    response = client.get(GROUP_URL)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert_everywhere_headers(response)
    assert not no_store(response)


@pytest.mark.django_db
def test_the_public_policy_runs_no_script_and_cannot_be_framed(client, group):
    policy = client.get(GROUP_URL)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src" not in policy  # falls back to default-src 'self': no inline script
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_the_english_public_page_carries_the_public_policy(client, site_en):
    response = client.get("/en/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PUBLIC_CSP


@pytest.mark.django_db
def test_a_public_404_carries_the_headers(client, site):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert_everywhere_headers(response)


@pytest.mark.django_db
def test_the_admin_login_carries_the_admin_policy_which_allows_framing_by_itself(client, site):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_CSP
    assert "frame-ancestors 'self'" in ADMIN_CSP
    assert_everywhere_headers(response)


@pytest.mark.django_db
def test_an_admin_page_for_a_logged_in_person_is_never_stored(client, site, trondelag):
    client.force_login(administrator(email="ada@example.org"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_CSP
    assert_everywhere_headers(response)
    assert no_store(response)


@pytest.mark.django_db
def test_an_admin_preview_of_a_public_page_carries_the_admin_policy(client, site, superuser):
    # Wagtail renders the preview through the middleware with a made-up request for the
    # public URL; the response must still be frameable by the admin.
    home = site.get_parent()
    revision = home.save_revision()
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_CSP


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/min-side/bli-igangsetter/", "/en/min-side/bli-igangsetter/", "/min-side/glemt-passord/sendt/"]
)
def test_min_side_is_never_stored_even_before_login(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert_everywhere_headers(response)


@pytest.mark.django_db
def test_the_login_page_keeps_djangos_own_stricter_no_cache_header(client, site):
    response = client.get("/min-side/logg-inn/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_min_side_for_a_logged_in_facilitator_is_never_stored(client, site, places):
    client.force_login(facilitator_in(places["levanger"], email="fia@example.org"))
    response = client.get("/min-side/")
    assert response.status_code == 200
    assert no_store(response)
    assert response["Content-Security-Policy"] == PUBLIC_CSP


@pytest.mark.django_db
def test_a_404_under_min_side_is_never_stored(client, site):
    response = client.get("/min-side/finnes-ikke/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"
    assert_everywhere_headers(response)


@pytest.mark.django_db
def test_a_public_page_seen_by_a_logged_in_person_is_never_stored(client, group, places):
    client.force_login(facilitator_in(places["levanger"], email="fia@example.org"))
    response = client.get(GROUP_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_a_static_file_keeps_its_cache_lifetime_for_a_logged_in_person(client, places, settings):
    settings.WHITENOISE_USE_FINDERS = True  # read when the test client builds its middleware
    client.force_login(facilitator_in(places["levanger"], email="fia@example.org"))
    response = client.get("/static/css/samhold.css")
    assert response.status_code == 200
    assert not no_store(response)
    assert response["Content-Security-Policy"] == PUBLIC_CSP


def _through_middleware(path, cache_control):
    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = cache_control
        return response

    return SecurityHeadersMiddleware(view)(RequestFactory().get(path))


def test_a_stricter_cache_header_already_there_is_kept():
    strict = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert _through_middleware("/min-side/", strict)["Cache-Control"] == strict


def test_a_cacheable_header_on_min_side_is_replaced_by_no_store():
    assert _through_middleware("/min-side/", "public, max-age=600")["Cache-Control"] == "no-store, private"


def test_a_public_cache_header_for_an_anonymous_visitor_is_left_alone():
    assert _through_middleware("/finn-gruppe/", "public, max-age=600")["Cache-Control"] == "public, max-age=600"


def test_the_permissions_policy_denies_what_the_site_never_uses_in_valid_syntax():
    features = dict(part.split("=") for part in PERMISSIONS_POLICY.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"):
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


@pytest.mark.django_db
def test_djangos_debug_404_page_keeps_its_inline_css_in_development(client, site, settings):
    settings.DEBUG = True
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.django_db
def test_a_document_keeps_wagtails_own_stricter_policy(client, site, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    document = Document(title="Brosjyre")
    document.file.save("brosjyre.txt", ContentFile(b"Hei"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_public_view_with_a_policy_of_its_own_keeps_it():
    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/documents/1/x.pdf"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
