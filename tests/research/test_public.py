"""What the public sees of research: the list of recruiting studies and its filters, a study's
page with its schema.org data and information letter, the one calm notice on a group page and
under directory results, and that interest in a group never means research."""

import datetime
import html
import json
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext, override

from directory.selectors import theme_list
from facilitators import roles
from groups.models import Attendance
from research.models import Method, Study, StudyVersion
from research.selectors.public import recruiting_index_invalidate, study_for_group, study_for_search
from samhold.logging import redact_private_links
from tests.factories import SelfHelpGroupFactory, ThemeFactory, person_with_role

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def nb(msgid):
    """The Bokmål text (the English msgid until the translations are merged)."""
    with override("nb"):
        return gettext(msgid)


def make_study(
    *,
    slug="selvhjelp-og-mestring",
    title="Selvhjelp og mestring",
    themes=(),
    area=Study.Area.NATIONAL,
    counties=(),
    municipalities=(),
    status=Study.Status.RECRUITING,
    starts=-1,
    ends=30,
    live=True,
    letter=PDF,
    consent_text="Jeg samtykker til å bli kontaktet av forskerne i prosjektet «Selvhjelp og mestring».",
    questions=None,
    researcher=None,
    **fields,
):
    """A study as an administrator leaves it: approved version 1 live, recruiting from
    `starts` to `ends` days from today, unless told otherwise."""
    today = timezone.localdate()
    study = Study.objects.create(
        researcher=researcher or person_with_role(roles.RESEARCHER, email=f"forsker.{slug}@example.org"),
        title=title,
        slug=slug,
        summary=fields.pop("summary", "Vi vil forstå hvordan selvhjelpsgrupper gir mestring i hverdagen."),
        summary_en=fields.pop("summary_en", ""),
        what_it_means=fields.pop("what_it_means", "Du fører helsedagbok i fire uker og deltar i ett intervju."),
        institution=fields.pop("institution", "NTNU"),
        project_leader=fields.pop("project_leader", "Professor Solveig Dahl"),
        contact_email=fields.pop("contact_email", "prosjekt@ntnu.example"),
        data_controller=fields.pop("data_controller", "NTNU ved rektor"),
        methods=fields.pop("methods", [Method.HEALTH_DIARY, Method.INTERVIEW]),
        area=area,
        participants_sought=fields.pop("participants_sought", 16),
        recruit_from=today + datetime.timedelta(days=starts),
        recruit_until=today + datetime.timedelta(days=ends),
        rek_reference=fields.pop("rek_reference", "REK 123456"),
        sikt_reference=fields.pop("sikt_reference", ""),
        ethics_not_required_reason=fields.pop("ethics_not_required_reason", ""),
        status=status,
        **fields,
    )
    study.themes.set(themes)
    study.counties.set(counties)
    study.municipalities.set(municipalities)
    version = StudyVersion.objects.create(
        study=study,
        number=1,
        status=StudyVersion.Status.APPROVED if live else StudyVersion.Status.SUBMITTED,
        inclusion_criteria="Du er med i en selvhjelpsgruppe nå, eller har vært det det siste året.",
        min_age=18,
        consent_text=consent_text,
        screening_questions=(
            questions
            if questions is not None
            else [
                {"question": "Er du med i en selvhjelpsgruppe nå?", "choices": ["Ja", "Nei"]},
                {"question": "Hvor lenge har du vært med?", "choices": ["Under ett år", "Ett år eller mer"]},
            ]
        ),
        approved_at=timezone.now() if live else None,
    )
    if letter is not None:
        version.information_letter.save("informasjonsskriv.pdf", ContentFile(letter), save=True)
    if live:
        study.live_version = version
        study.save(update_fields=["live_version"])
    recruiting_index_invalidate()  # as the services that approve and close studies do
    return study


def study_url(study, language="nb"):
    return f"/forskning/{study.slug}/" if language == "nb" else f"/en/research/{study.slug}/"


def listed_titles(response) -> list[str]:
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def notices(page: str) -> list[str]:
    return re.findall(r'<p class="research-notice"><a href="([^"]+)">', page)


def group_url(group):
    m = group.municipality
    return f"/finn-gruppe/{m.county.slug}/{m.slug}/{group.slug}/" if m else f"/finn-gruppe/nett/{group.slug}/"


@pytest.fixture
def studies(site, places, themes):
    """One recruiting study of each kind of area, and studies the public must never see."""
    return {
        "national": make_study(slug="nasjonal", title="Nasjonal studie om sorg", themes=[themes["sorg"]]),
        "trondelag": make_study(
            slug="trondelag", title="Angst i Trøndelag", themes=[themes["angst"]], area=Study.Area.COUNTIES,
            counties=[places["levanger"].county], ends=10,
        ),
        "bodo": make_study(
            slug="bodo", title="Depresjon i Bodø", themes=[themes["depresjon"]], area=Study.Area.MUNICIPALITIES,
            municipalities=[places["bodo"]], ends=20,
        ),
        "draft": make_study(slug="utkast", title="Utkast", themes=[themes["sorg"]], status=Study.Status.DRAFT, live=False),
        "submitted": make_study(
            slug="sendt", title="Sendt til godkjenning", themes=[themes["sorg"]], status=Study.Status.SUBMITTED, live=False
        ),
        "closed": make_study(slug="avsluttet", title="Avsluttet", themes=[themes["sorg"]], status=Study.Status.CLOSED),
        "declined": make_study(slug="avslatt", title="Avslått", themes=[themes["sorg"]], status=Study.Status.DECLINED),
        "not_yet": make_study(slug="ikke-enna", title="Ikke ennå", themes=[themes["sorg"]], starts=3),
        "over": make_study(slug="over", title="Perioden er over", themes=[themes["sorg"]], starts=-30, ends=-1),
        "no_version": make_study(slug="uten-versjon", title="Uten versjon", themes=[themes["sorg"]], live=False),
    }


HIDDEN = ["draft", "submitted", "closed", "declined", "not_yet", "over", "no_version"]


# The list --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_list_shows_recruiting_studies_only_soonest_ending_first_with_their_facts(client, studies):
    response = client.get("/forskning/")
    assert response.status_code == 200
    assert listed_titles(response) == ["Angst i Trøndelag", "Depresjon i Bodø", "Nasjonal studie om sorg"]
    page = response.content.decode()
    assert "NTNU" in page
    assert "Vi vil forstå hvordan selvhjelpsgrupper gir mestring i hverdagen." in page
    assert "Trøndelag - Trööndelage" in page and "Bodø" in page
    with override("nb"):
        assert gettext("All of Norway") in page
    end = timezone.localdate() + datetime.timedelta(days=10)
    assert f"{end.day}." in page and str(end.year) in page


@pytest.mark.django_db
def test_the_list_is_in_english_under_en(client, studies, site_en):
    response = client.get("/en/research/")
    assert response.status_code == 200
    assert len(listed_titles(response)) == 3
    assert 'href="/en/research/nasjonal/"' in response.content.decode()


@pytest.mark.django_db
def test_the_list_filters_by_theme_and_by_county_with_national_studies_everywhere(client, studies):
    assert listed_titles(client.get("/forskning/", {"tema": "angst"})) == ["Angst i Trøndelag"]
    # Nordland: the Bodø study and the national one, not Trøndelag's.
    assert listed_titles(client.get("/forskning/", {"fylke": "18"})) == ["Depresjon i Bodø", "Nasjonal studie om sorg"]
    assert listed_titles(client.get("/forskning/", {"fylke": "trondelag"})) == [
        "Angst i Trøndelag",
        "Nasjonal studie om sorg",
    ]
    assert listed_titles(client.get("/forskning/", {"fylke": "50", "tema": "depresjon"})) == []
    page = client.get("/forskning/", {"fylke": "50", "tema": "depresjon"}).content.decode()
    assert 'href="/forskning/"' in page  # "show all studies"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"tema": "finnes-ikke"},
        {"fylke": "99"},
        {"fylke": "x" * 5000},
        {"tema": "<script>alert(1)</script>"},
        {"tema": "\x00"},
        {"fylke": "١٨"},
        {"tema": "sorg", "fylke": "-1"},
    ],
)
def test_bad_filter_values_are_ignored_with_a_notice_never_an_error(client, studies, params):
    response = client.get("/forskning/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="notice" role="status"' in page
    assert "<script>alert(1)</script>" not in page
    assert len(listed_titles(response)) >= 1


@pytest.mark.django_db
def test_the_list_and_pages_take_no_post(client, studies):
    assert client.post("/forskning/").status_code == 405
    assert client.post(study_url(studies["national"])).status_code == 405
    assert client.post("/forskning/nasjonal/informasjonsskriv.pdf").status_code == 405


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_however_many_studies(client, studies, places, themes):
    def count():
        client.get("/forskning/", {"fylke": "50"})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/forskning/", {"fylke": "50"}).status_code == 200
        return len(ctx)

    few = count()
    for n in range(5):
        make_study(
            slug=f"flere-{n}", title=f"Flere {n}", themes=[themes["sorg"], themes["angst"]],
            area=Study.Area.MUNICIPALITIES, municipalities=[places["levanger"], places["verdal"]],
        )
    assert count() == few


# A study's page ----------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("kind", HIDDEN)
def test_a_study_that_does_not_recruit_is_a_404_with_its_letter(client, studies, kind):
    study = studies[kind]
    assert client.get(study_url(study)).status_code == 404
    assert client.get(f"/forskning/{study.slug}/informasjonsskriv.pdf").status_code == 404
    assert client.post(f"/forskning/{study.slug}/meld-deg/", {}).status_code == 404


@pytest.mark.django_db
def test_unknown_and_malformed_study_addresses_are_404(client, studies):
    assert client.get("/forskning/finnes-ikke/").status_code == 404
    assert client.get("/forskning/" + "a" * 300 + "/").status_code == 404
    assert client.get("/en/forskning/nasjonal/").status_code == 404


@pytest.mark.django_db
def test_the_study_page_says_who_may_take_part_what_it_means_and_on_what_basis(client, studies):
    study = studies["trondelag"]
    response = client.get(study_url(study))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for text in [
        "Angst i Trøndelag",
        "Vi vil forstå hvordan selvhjelpsgrupper gir mestring i hverdagen.",
        "Du er med i en selvhjelpsgruppe nå, eller har vært det det siste året.",
        "Du fører helsedagbok i fire uker og deltar i ett intervju.",
        "REK 123456",
        "NTNU ved rektor",
        "Professor Solveig Dahl",
        "mailto:prosjekt@ntnu.example",
        "Trøndelag - Trööndelage",
        study.live_version.consent_text,
        'href="/forskning/trondelag/informasjonsskriv.pdf"',
        'action="/forskning/trondelag/meld-deg/#meld-deg"',
        'name="consent"',
        'name="website"',
        "Er du med i en selvhjelpsgruppe nå?",
        "Hvor lenge har du vært med?",
    ]:
        assert text in page, text
    with override("nb"):
        assert str(Method.HEALTH_DIARY.label) in page and str(Method.INTERVIEW.label) in page
    assert "18" in page and "16" in page
    # Samhold's own privacy text, with the periods from the settings.
    assert "7" in page and "30" in page


@pytest.mark.django_db
def test_a_study_without_rek_or_sikt_says_why(client, site, themes):
    study = make_study(slug="uten-rek", rek_reference="", ethics_not_required_reason="Anonyme data, ingen helseopplysninger.")
    page = client.get(study_url(study)).content.decode()
    assert "Anonyme data, ingen helseopplysninger." in page


@pytest.mark.django_db
def test_the_english_page_shows_the_english_summary_when_the_study_has_one(client, site_en, themes):
    with_english = make_study(slug="med-engelsk", summary_en="We want to understand how self-help groups help.")
    without = make_study(slug="uten-engelsk")
    page = client.get(study_url(with_english, "en")).content.decode()
    assert 'lang="en">We want to understand how self-help groups help.' in page
    assert 'href="/en/research/med-engelsk/information-letter.pdf"' in page
    assert 'action="/en/research/med-engelsk/volunteer/#meld-deg"' in page
    nb_page = client.get(study_url(with_english)).content.decode()
    assert "We want to understand" not in nb_page.split("<main")[1]
    assert 'lang="nb">Vi vil forstå' in client.get(study_url(without, "en")).content.decode()


@pytest.mark.django_db
def test_the_language_switch_leads_to_the_same_study_in_the_other_language(client, site_en, themes):
    study = make_study(slug="bytt-sprak")
    nb_page = client.get(study_url(study)).content.decode()
    assert 'class="language-switch" href="/en/research/bytt-sprak/"' in nb_page
    en_page = client.get(study_url(study, "en")).content.decode()
    assert 'class="language-switch" href="/forskning/bytt-sprak/"' in en_page


@pytest.mark.django_db
def test_a_closed_study_with_published_findings_shows_its_findings_only(client, site, themes):
    study = make_study(
        slug="ferdig", status=Study.Status.CLOSED, findings="Deltakerne opplevde mer mestring.",
        findings_published_at=timezone.now(),
    )
    response = client.get(study_url(study))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deltakerne opplevde mer mestring." in page
    assert 'name="consent"' not in page
    assert "informasjonsskriv.pdf" not in page
    assert study.live_version.consent_text not in page
    assert client.get(f"/forskning/{study.slug}/informasjonsskriv.pdf").status_code == 404
    assert client.post(f"/forskning/{study.slug}/meld-deg/", {}).status_code == 404


@pytest.mark.django_db
def test_a_draft_with_findings_text_is_still_a_404(client, site, themes):
    study = make_study(
        slug="utkast-funn", status=Study.Status.DRAFT, live=False, findings="Hemmelig", findings_published_at=timezone.now()
    )
    assert client.get(study_url(study)).status_code == 404


def json_ld(page: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


@pytest.mark.django_db
def test_the_study_page_has_schema_org_data_for_a_research_study(client, studies):
    data = json_ld(client.get(study_url(studies["trondelag"])).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalStudy"
    assert data["name"] == "Angst i Trøndelag"
    assert data["url"] == "http://testserver/forskning/trondelag/"
    assert data["status"] == "https://schema.org/Recruiting"
    assert data["sponsor"] == {"@type": "Organization", "name": "NTNU"}
    assert data["studyLocation"] == [{"@type": "AdministrativeArea", "name": "Trøndelag - Trööndelage"}]
    assert data["identifier"] == [{"@type": "PropertyValue", "propertyID": "REK", "value": "REK 123456"}]
    national = json_ld(client.get(study_url(studies["national"])).content.decode())
    assert national["studyLocation"] == {"@type": "Country", "name": "Norge"}


@pytest.mark.django_db
def test_text_in_the_schema_org_data_can_never_close_the_script(client, site):
    study = make_study(slug="farlig", title="</script><script>alert(1)</script> & <!--", summary="a </SCRIPT> b")
    page = client.get(study_url(study)).content.decode()
    head = page.split("</head>")[0]
    inline = [tag for tag in re.findall(r"<script[^>]*>", head) if "src=" not in tag]
    assert len(inline) == 1 and head.count("</script>") == head.count("<script")
    data = json_ld(page)
    assert data["name"] == "</script><script>alert(1)</script> & <!--"
    assert data["description"] == "a </SCRIPT> b"


# The information letter ------------------------------------------------------------------

@pytest.mark.django_db
def test_the_information_letter_is_served_as_a_pdf_while_the_study_recruits(client, studies):
    response = client.get("/forskning/nasjonal/informasjonsskriv.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF
    assert client.get("/en/research/nasjonal/information-letter.pdf").status_code == 200


@pytest.mark.django_db
def test_the_letter_is_gone_when_the_study_closes(client, studies):
    study = studies["national"]
    assert client.get("/forskning/nasjonal/informasjonsskriv.pdf").status_code == 200
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED, closed_at=timezone.now())
    assert client.get("/forskning/nasjonal/informasjonsskriv.pdf").status_code == 404


@pytest.mark.django_db
def test_no_letter_and_a_file_that_is_not_a_pdf_are_404(client, site):
    without = make_study(slug="uten-brev", letter=None)
    assert "informasjonsskriv.pdf" not in client.get(study_url(without)).content.decode()
    assert client.get("/forskning/uten-brev/informasjonsskriv.pdf").status_code == 404
    fake = make_study(slug="falsk-brev", letter=b"<html><script>alert(1)</script></html>")
    assert client.get("/forskning/falsk-brev/informasjonsskriv.pdf").status_code == 404
    gone = make_study(slug="borte-brev")
    gone.live_version.information_letter.storage.delete(gone.live_version.information_letter.name)
    assert client.get("/forskning/borte-brev/informasjonsskriv.pdf").status_code == 404
    assert fake.is_recruiting and gone.is_recruiting  # 404 for the file, not for the study


@pytest.mark.django_db
def test_the_letter_of_a_newer_version_waiting_for_approval_is_never_served(client, site):
    study = make_study(slug="ny-versjon")
    draft = StudyVersion.objects.create(
        study=study, number=2, status=StudyVersion.Status.SUBMITTED, inclusion_criteria="Ny", consent_text="Ny tekst"
    )
    draft.information_letter.save("ny.pdf", ContentFile(b"%PDF-1.4 ny versjon"), save=True)
    response = client.get("/forskning/ny-versjon/informasjonsskriv.pdf")
    assert b"".join(response.streaming_content) == PDF
    assert "Ny tekst" not in client.get(study_url(study)).content.decode()


# The notice on a group page and under directory results ----------------------------------

@pytest.fixture
def levanger_group(site, places, themes):
    return SelfHelpGroupFactory(
        name="Angst i Levanger", slug="angst-levanger", municipality=places["levanger"], themes=[themes["angst"]]
    )


@pytest.fixture
def online_group(site, themes):
    return SelfHelpGroupFactory(
        name="Angst på nett", slug="angst-nett", municipality=None, attendance=Attendance.ONLINE,
        themes=[themes["angst"]],
    )


@pytest.mark.django_db
def test_a_group_in_a_county_the_study_recruits_in_shows_one_notice_after_the_main_content(
    client, studies, levanger_group
):
    page = client.get(group_url(levanger_group)).content.decode()
    assert notices(page) == ["/forskning/trondelag/"]
    with override("nb"):
        assert gettext("A research project about %(theme)s is looking for participants") % {"theme": "angst"} in page
    # Never at the top: after the group's description and "how a group works".
    assert page.index('class="research-notice"') > page.index('class="group-main"')
    assert page.index('class="research-notice"') > page.index("<h1")


@pytest.mark.django_db
def test_never_more_than_one_notice_even_when_several_studies_match(client, studies, places, themes, levanger_group):
    make_study(slug="angst-nasjonal", themes=[themes["angst"]])
    make_study(
        slug="angst-levanger-studie", themes=[themes["angst"]], area=Study.Area.MUNICIPALITIES,
        municipalities=[places["levanger"]], ends=2,
    )
    page = client.get(group_url(levanger_group)).content.decode()
    assert notices(page) == ["/forskning/angst-levanger-studie/"]  # the one ending soonest


@pytest.mark.django_db
def test_no_notice_when_no_study_matches_theme_and_area(client, studies, places, themes):
    # Angst in Bodø: the Trøndelag study is elsewhere, the Bodø study is on another theme.
    bodo = SelfHelpGroupFactory(slug="angst-bodo", municipality=places["bodo"], themes=[themes["angst"]])
    assert notices(client.get(group_url(bodo)).content.decode()) == []
    # Depresjon in Verdal: the Bodø study names only Bodø.
    verdal = SelfHelpGroupFactory(slug="depresjon-verdal", municipality=places["verdal"], themes=[themes["depresjon"]])
    assert notices(client.get(group_url(verdal)).content.decode()) == []
    # Depresjon in Bodø: it matches.
    bodo_dep = SelfHelpGroupFactory(slug="depresjon-bodo", municipality=places["bodo"], themes=[themes["depresjon"]])
    assert notices(client.get(group_url(bodo_dep)).content.decode()) == ["/forskning/bodo/"]


@pytest.mark.django_db
def test_studies_the_public_must_not_see_make_no_notice(client, studies, places, themes):
    # Only hidden studies are on "sorg" apart from the national one: close that one.
    Study.objects.filter(pk=studies["national"].pk).update(status=Study.Status.CLOSED)
    recruiting_index_invalidate()
    group = SelfHelpGroupFactory(slug="sorg-levanger", municipality=places["levanger"], themes=[themes["sorg"]])
    assert notices(client.get(group_url(group)).content.decode()) == []


@pytest.mark.django_db
def test_an_online_group_matches_national_studies_only(client, studies, themes, online_group):
    # The Trøndelag study is on angst, but an online group could be anywhere.
    assert notices(client.get(group_url(online_group)).content.decode()) == []
    make_study(slug="angst-hele-landet", themes=[themes["angst"]])
    assert notices(client.get(group_url(online_group)).content.decode()) == ["/forskning/angst-hele-landet/"]


@pytest.mark.django_db
def test_a_hybrid_group_matches_by_its_municipality(client, studies, places, themes):
    group = SelfHelpGroupFactory(
        slug="angst-hybrid", municipality=places["verdal"], attendance=Attendance.HYBRID, themes=[themes["angst"]]
    )
    assert notices(client.get(group_url(group)).content.decode()) == ["/forskning/trondelag/"]


@pytest.mark.django_db
def test_an_ended_group_shows_no_notice(client, studies, places, themes):
    group = SelfHelpGroupFactory(
        slug="angst-slutt", municipality=places["levanger"], status="ended", themes=[themes["angst"]]
    )
    assert notices(client.get(group_url(group)).content.decode()) == []


@pytest.mark.django_db
def test_the_english_group_page_links_to_the_english_study_page(client, studies, site_en, levanger_group):
    page = client.get(f"/en/find-a-group/trondelag/levanger/{levanger_group.slug}/").content.decode()
    assert notices(page) == ["/en/research/trondelag/"]
    assert "A research project about anxiety is looking for participants" in page


@pytest.mark.django_db
def test_directory_results_show_one_notice_after_the_result_list(client, studies, levanger_group):
    page = client.get("/finn-gruppe/", {"kommune": "5037", "tema": "angst"}).content.decode()
    assert notices(page) == ["/forskning/trondelag/"]
    assert page.index('class="research-notice"') > page.index('class="group-card__title"')
    # A county search matches studies in the county; Nordland does not.
    assert notices(client.get("/finn-gruppe/", {"fylke": "50", "tema": "angst"}).content.decode()) == [
        "/forskning/trondelag/"
    ]
    assert notices(client.get("/finn-gruppe/", {"fylke": "18", "tema": "angst"}).content.decode()) == []
    # Without a place, only national studies; without a theme, nothing.
    assert notices(client.get("/finn-gruppe/", {"tema": "angst"}).content.decode()) == []
    assert notices(client.get("/finn-gruppe/", {"tema": "sorg"}).content.decode()) == ["/forskning/nasjonal/"]
    assert notices(client.get("/finn-gruppe/", {"kommune": "5037"}).content.decode()) == []
    assert notices(client.get("/finn-gruppe/trondelag/levanger/").content.decode()) == []


@pytest.mark.django_db
def test_an_empty_result_still_shows_the_notice_below_it(client, studies):
    page = client.get("/finn-gruppe/", {"kommune": "1804", "tema": "depresjon"}).content.decode()
    assert 'class="empty"' in page
    assert notices(page) == ["/forskning/bodo/"]
    assert page.index('class="research-notice"') > page.index('class="empty"')


@pytest.mark.django_db
def test_the_recruiting_index_is_read_in_one_query_ending_soonest_first(
    studies, places, themes, django_assert_num_queries
):
    from research.selectors.public import _recruiting_index

    # Two more studies ending the same day as the national one (30 days): the id decides.
    both = make_study(
        slug="to-kommuner", themes=[themes["angst"], themes["sorg"]], area=Study.Area.MUNICIPALITIES,
        municipalities=[places["verdal"], places["bodo"]],
    )
    make_study(slug="uten-tema")
    with django_assert_num_queries(1):
        index = _recruiting_index()
    assert [study.slug for study in index] == ["trondelag", "bodo", "nasjonal", "to-kommuner", "uten-tema"]
    by_slug = {study.slug: study for study in index}
    assert by_slug["to-kommuner"].theme_ids == tuple(sorted([themes["angst"].pk, themes["sorg"].pk]))
    assert by_slug["to-kommuner"].municipality_ids == {places["verdal"].pk, places["bodo"].pk}
    assert by_slug["to-kommuner"].municipality_county_ids == {places["verdal"].county_id, places["bodo"].county_id}
    assert by_slug["to-kommuner"].area == Study.Area.MUNICIPALITIES and by_slug["to-kommuner"].title == both.title
    assert by_slug["trondelag"].county_ids == {places["levanger"].county_id}
    assert by_slug["uten-tema"].theme_ids == () and by_slug["uten-tema"].county_ids == frozenset()
    Study.objects.update(status=Study.Status.CLOSED)
    recruiting_index_invalidate()
    with django_assert_num_queries(1):
        assert _recruiting_index() == []


@pytest.mark.django_db
def test_the_notice_costs_no_query_once_the_recruiting_index_is_warm(
    studies, levanger_group, online_group, places, themes, django_assert_num_queries
):
    theme_list()  # the themes are cached for every page already
    levanger_group.theme_list = [themes["angst"]]  # as the group page attaches them
    online_group.theme_list = [themes["angst"]]
    with django_assert_num_queries(1):  # the index: the studies with their themes, counties and municipalities
        assert study_for_group(levanger_group).slug == "trondelag"
    with django_assert_num_queries(0):
        assert study_for_group(levanger_group).theme_name == "angst"
        assert study_for_group(online_group) is None
        assert study_for_search(theme_ids=[themes["depresjon"].pk], county=places["bodo"].county).slug == "bodo"
        assert study_for_search(theme_ids=[themes["depresjon"].pk], municipality=places["bodo"]).slug == "bodo"
        assert study_for_search(theme_ids=[themes["depresjon"].pk], municipality=places["verdal"]) is None
        assert study_for_search(theme_ids=[themes["angst"].pk], municipality=places["verdal"]).slug == "trondelag"
        assert study_for_search(theme_ids=[]) is None
    del levanger_group.theme_list
    with django_assert_num_queries(1):  # without attached themes, the group's own
        assert study_for_group(levanger_group).slug == "trondelag"


@pytest.mark.django_db
def test_the_group_page_and_the_search_cost_no_more_queries_with_the_notice(client, studies, levanger_group):
    def count(path, params=None):
        client.get(path, params)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, params)
        return len(ctx)

    with_notice = count(group_url(levanger_group))
    search = count("/finn-gruppe/", {"kommune": "5037", "tema": "angst"})
    Study.objects.all().delete()
    recruiting_index_invalidate()
    assert count(group_url(levanger_group)) == with_notice
    assert count("/finn-gruppe/", {"kommune": "5037", "tema": "angst"}) == search


@pytest.mark.django_db
def test_the_notice_follows_the_recruitment_period_and_invalidation(client, site, places, themes, levanger_group):
    study = make_study(slug="kort", themes=[themes["angst"]], ends=0)
    assert notices(client.get(group_url(levanger_group)).content.decode()) == ["/forskning/kort/"]
    # The next day the period is over: no notice, though nobody invalidated anything.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert notices(client.get(group_url(levanger_group)).content.decode()) == []
    # Closed early: the service that closes it invalidates the index, and the notice goes at once.
    Study.objects.filter(pk=study.pk).update(status=Study.Status.CLOSED)
    recruiting_index_invalidate()
    assert notices(client.get(group_url(levanger_group)).content.decode()) == []


@pytest.mark.django_db
def test_a_theme_name_in_capitals_keeps_them(studies, places):
    adhd = ThemeFactory(name="ADHD", slug="adhd")
    make_study(slug="adhd-studie", themes=[adhd])
    assert study_for_search(theme_ids=[adhd.pk]).theme_name == "ADHD"


# Interest and research never mix ---------------------------------------------------------

@pytest.mark.django_db
def test_the_interest_form_says_registering_interest_never_means_research(client, site, places, themes):
    page = client.get("/meld-interesse/").content.decode()
    assert nb("Registering your interest in a group never means that you will be contacted about research.") in page


def test_private_research_links_are_redacted_from_logs():
    token = "abcDEF123_-xyzabcDEF123_-xyzabcDEF123_-xyz"
    for path in [
        f"/forskning/meld-deg/bekreft/{token}/",
        f"/forskning/meld-deg/din/{token}/",
        f"/forskning/meld-deg/din/{token}/trekk/",
        f"/en/research/volunteer/confirm/{token}/",
        f"/en/research/volunteer/yours/{token}/withdraw/",
    ]:
        assert token not in redact_private_links(f'"GET {path} HTTP/1.1" 200'), path
