"""What the public sees of research: "Take part in research" (recruiting studies, by theme and
county), each study's page with its information letter and the volunteer form, and the
summary of the findings once a study has published one.

Only recruiting studies are shown, and only their approved version; any other address is a
404. Every malformed filter becomes a notice on a normal page."""

import json

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.selectors import county_by_number, county_by_slug, county_list, theme_list, themes_by_slug
from samhold.http import absolute_url

from .. import consent
from ..forms.volunteers import VolunteerForm
from ..models import Method, Study
from ..selectors.public import study_get_findings, study_get_public, study_list_public

PDF_MAGIC = b"%PDF-"


def _english() -> bool:
    return (get_language() or "nb").startswith("en")


def present(study: Study) -> Study:
    """Set what the pages show of a study in the active language: the summary (English on /en/
    when the study has one) with its language, the area in words, the methods by name."""
    if _english() and study.summary_en:
        study.summary_text, study.summary_lang = study.summary_en, "en"
    else:
        study.summary_text, study.summary_lang = study.summary, "nb"
    if study.area == Study.Area.COUNTIES:
        study.area_names = [county.name for county in study.counties.all()]
    elif study.area == Study.Area.MUNICIPALITIES:
        study.area_names = [municipality.name for municipality in study.municipalities.all()]
    else:
        study.area_names = []
    study.area_text = ", ".join(study.area_names) or str(study.get_area_display())
    labels = dict(Method.choices)
    study.method_names = [str(labels[method]) for method in study.methods or [] if method in labels]
    study.theme_names = [theme.display_name for theme in study.themes.all()]
    return study


# The list --------------------------------------------------------------------------------

def _theme_param(request, notices: list[str]):
    slug = request.GET.get("tema", "").strip()
    if not slug:
        return None
    found = themes_by_slug([slug[:80]])
    if not found:
        notices.append(
            _("We could not find a theme called “%(value)s”, so we are showing studies on every theme.")
            % {"value": slug[:50]}
        )
        return None
    return found[0]


def _county_param(request, notices: list[str]):
    value = request.GET.get("fylke", "").strip()
    if not value:
        return None
    county = county_by_number(value[:2]) if len(value) <= 2 else None
    county = county or county_by_slug(value[:80])
    if county is None:
        notices.append(
            _("We could not find a county called “%(value)s”, so we are showing studies in every county.")
            % {"value": value[:50]}
        )
    return county


@require_safe
def study_list(request):
    """Recruiting studies, those whose recruitment ends soonest first; with a county, the
    studies people living there may take part in (national ones too)."""
    notices: list[str] = []
    theme = _theme_param(request, notices)
    county = _county_param(request, notices)
    studies = [
        present(study)
        for study in study_list_public(
            theme_id=theme.pk if theme else None, county_id=county.id if county else None
        )
    ]
    context = {
        "studies": studies,
        "theme_options": theme_list(),
        "county_options": county_list(),
        "theme": theme,
        "county": county,
        "notices": notices,
        "filtered": bool(theme or county),
        "canonical_url": absolute_url(reverse("research:public_list")),
    }
    return render(request, "research/public/list.html", context)


# A study's page ----------------------------------------------------------------------------

def _json_ld(study: Study, url: str) -> str:
    """schema.org's MedicalStudy (its type for research studies relating to health, observational
    ones included) with the properties schema.org defines for it, as a data block that no text
    in it can close: <, > and & are escaped as JSON does in Django's json_script."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalStudy",
        "name": study.title,
        "description": study.summary_text,
        "url": url,
        "status": "https://schema.org/Recruiting",
        "sponsor": {"@type": "Organization", "name": study.institution},
    }
    if study.area_names:
        data["studyLocation"] = [{"@type": "AdministrativeArea", "name": name} for name in study.area_names]
    else:
        data["studyLocation"] = {"@type": "Country", "name": "Norge"}
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("REK", study.rek_reference), ("Sikt", study.sikt_reference))
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def study_page_response(request, study: Study, *, form=None, form_error: str = "", status: int = 200):
    """The study's page, with the volunteer form (fresh, or as sent with its errors)."""
    present(study)
    version = study.live_version
    url = reverse("research:public_study", kwargs={"slug": study.slug})
    form = form or VolunteerForm(version=version)
    context = {
        "study": study,
        "version": version,
        "form": form,
        "form_error": form_error,
        "canonical_url": absolute_url(url),
        "json_ld": _json_ld(study, absolute_url(url)),
        "letter_url": (
            reverse("research:public_letter", kwargs={"slug": study.slug}) if version.information_letter else ""
        ),
        "purpose": consent.VOLUNTEER_PURPOSE,
        "who_sees": consent.VOLUNTEER_WHO_SEES,
        "retention": consent.volunteer_retention(),
        "apart": consent.RESEARCH_APART_FROM_INTEREST,
    }
    return render(request, "research/public/study.html", context, status=status)


@require_safe
def study_page(request, slug: str):
    """A recruiting study; or, for a study that recruited here and has published its findings,
    the summary of the findings only; else 404."""
    study = study_get_public(slug=slug)
    if study is None:
        finished = study_get_findings(slug=slug)
        if finished is None:
            raise Http404
        return render(request, "research/public/findings.html", {"study": present(finished)})
    return study_page_response(request, study)


@require_safe
def information_letter(request, slug: str):
    """The live version's information letter, from private storage, only while the study
    recruits. Served as a PDF that nothing may run script in, and only if it is one."""
    study = study_get_public(slug=slug)
    if study is None or not study.live_version.information_letter:
        raise Http404
    try:
        handle = study.live_version.information_letter.open("rb")
    except OSError:
        raise Http404 from None
    if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
        handle.close()
        raise Http404
    handle.seek(0)
    response = FileResponse(handle, content_type="application/pdf", filename=f"{study.slug}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    # Served only while the study recruits: no cache may keep it after that.
    response["Cache-Control"] = "no-store"
    return response
