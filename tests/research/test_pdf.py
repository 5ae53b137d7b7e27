"""The information letter: a PDF by content and size, stored privately, and served to the study's
own researcher only, as a download the browser cannot mistake for anything else."""

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from research.models import Study
from research.pdf import information_letter_check
from tests.factories.research import researcher
from tests.research.studies_helpers import PDF, PNG, draft_study, form_data, pdf_upload


def _code(content: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        information_letter_check(pdf_upload(content, **kwargs))
    return caught.value.code


def test_a_pdf_passes_and_is_left_at_its_start():
    upload = pdf_upload()
    information_letter_check(upload)
    assert upload.read(5) == b"%PDF-"


def test_a_renamed_png_is_not_a_pdf():
    assert _code(PNG, name="brev.pdf") == "not_pdf"


def test_a_file_cut_off_without_its_end_is_not_a_whole_pdf():
    assert _code(PDF[:-7]) == "not_pdf"


def test_an_empty_file_is_refused():
    assert _code(b"") == "empty"


def test_a_file_over_the_limit_is_refused(settings):
    settings.SAMHOLD_INFORMATION_LETTER_MAX_BYTES = len(PDF) + 10
    information_letter_check(pdf_upload())
    assert _code(PDF[:-6] + b" " * 20 + b"%%EOF\n") == "too_large"


@pytest.mark.parametrize(
    "name",
    [
        b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/SubmitForm", b"/GoToR",
        # The same names spelt with #xx escapes, as a reader reads them.
        b"/J#61vaScript", b"/J#53", b"/L#61unch",
    ],
)
def test_a_pdf_with_active_content_is_refused(name):
    content = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S " + name + b" >>")
    assert _code(content) == "active_content"


@pytest.fixture
def rita(db):
    return researcher(email="rita@ntnu.example")


@pytest.mark.django_db
def test_the_form_refuses_a_renamed_png_and_an_oversized_file_and_stores_nothing(client, rita, themes, settings):
    client.force_login(rita)
    url = reverse("research:study_create")
    response = client.post(url, form_data([themes["sorg"]], information_letter=pdf_upload(PNG, name="brev.pdf")))
    assert response.status_code == 400
    assert "information_letter" in response.context["form"].errors
    with override("nb"):
        not_pdf = gettext(
            "The information letter must be a PDF file. Save or export the letter as PDF and upload that file."
        )
    assert escape(not_pdf) in response.text
    settings.SAMHOLD_INFORMATION_LETTER_MAX_BYTES = 20
    response = client.post(url, form_data([themes["sorg"]], information_letter=pdf_upload()))
    assert response.status_code == 400
    with override("nb"):
        too_large = gettext("The information letter is too large (%(size)s). It may be at most %(limit)s.") % {
            "size": filesizeformat(len(PDF)),
            "limit": filesizeformat(20),
        }
    assert escape(too_large) in response.text
    assert not Study.objects.exists()


@pytest.mark.django_db
def test_the_researcher_downloads_their_own_letter_and_nobody_else_does(client, rita, themes, people):
    study = draft_study(rita, [themes["sorg"]])
    url = reverse("research:study_letter", args=[study.pk])
    client.force_login(rita)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    assert client.get(url, {"version": "1"}).status_code == 200

    for person in (researcher(email="olav@uio.example"), people["administrator"], people["facilitator"]):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_a_letter_missing_from_the_storage_is_a_404(client, rita, themes):
    study = draft_study(rita, [themes["sorg"]])
    version = study.versions.get()
    version.information_letter.storage.delete(version.information_letter.name)
    client.force_login(rita)
    assert client.get(reverse("research:study_letter", args=[study.pk])).status_code == 404


@pytest.mark.django_db
def test_a_replaced_letter_is_deleted_from_the_storage(client, rita, themes):
    study = draft_study(rita, [themes["sorg"]])
    version = study.versions.get()
    old = version.information_letter.name
    client.force_login(rita)
    response = client.post(reverse("research:study_edit", args=[study.pk]),
                           form_data([themes["sorg"]], information_letter=pdf_upload()))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.information_letter.name != old
    assert not version.information_letter.storage.exists(old)
    assert version.information_letter.storage.exists(version.information_letter.name)
