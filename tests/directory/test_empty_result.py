"""An empty result: day, time and way of meeting let go before the place, only groups on the
themes asked for, online groups when there are any, the "nothing found" said once, and the
coordinator's sentence only with the coordinator's address."""

import datetime
import re

import pytest

from groups.models import Attendance
from home.services import DIRECTORY
from samhold.models import ContactSettings
from tests.factories import SelfHelpGroupFactory

FRIDAY, MONDAY, TUESDAY = 4, 0, 1


def card_names(html):
    return re.findall(r'class="group-card__title" lang="nb"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def friday_evening(site, places, themes):
    """Nothing on grief in or near Levanger on a Friday evening."""
    sorg = themes["sorg"]
    return {
        "verdal": SelfHelpGroupFactory(
            name="Sorg i Verdal", municipality=places["verdal"], themes=[sorg], weekday=MONDAY,
            start_time=datetime.time(10), end_time=datetime.time(12),
        ),
        "bodo": SelfHelpGroupFactory(
            name="Sorg i Bodø", municipality=places["bodo"], themes=[sorg], weekday=FRIDAY,
            start_time=datetime.time(18), end_time=datetime.time(20),
        ),
        "wrong_theme": SelfHelpGroupFactory(
            name="Angst i Bodø", summary="Mange av oss kjenner også på sorg.", municipality=places["bodo"],
            themes=[themes["angst"]], weekday=FRIDAY, start_time=datetime.time(18), end_time=datetime.time(20),
        ),
        "online": SelfHelpGroupFactory(
            name="Sorg på nett", municipality=None, attendance=Attendance.ONLINE, themes=[sorg], weekday=TUESDAY,
            start_time=datetime.time(10), end_time=datetime.time(12),
        ),
    }


def empty_page(client, **params):
    html = client.get("/finn-gruppe/", params).content.decode()
    assert 'class="empty"' in html
    return html


@pytest.mark.django_db
def test_day_and_time_are_let_go_before_the_place(client, friday_evening):
    html = empty_page(client, q="sorg", kommune="5037", tid="kveld", dag=str(FRIDAY))
    names = card_names(html)
    assert names[0] == "Sorg i Verdal"
    assert "Sorg i Bodø" not in names


@pytest.mark.django_db
def test_online_groups_on_the_theme_are_offered_on_any_day(client, friday_evening):
    html = empty_page(client, q="sorg", kommune="5037", tid="kveld", dag=str(FRIDAY))
    assert "Sorg på nett" in card_names(html)
    assert "på nett" in html.split("Sorg på nett")[0].rsplit("<h3>", 1)[1]  # under the online heading


@pytest.mark.django_db
def test_a_group_on_another_theme_is_never_offered(client, friday_evening):
    for params in ({"q": "sorg", "kommune": "5037", "tid": "kveld", "dag": str(FRIDAY)}, {"q": "sorg", "fylke": "50", "tid": "kveld", "dag": str(FRIDAY)}):
        assert "Angst i Bodø" not in card_names(empty_page(client, **params))


@pytest.mark.django_db
def test_the_place_is_let_go_last_nearest_first(client, friday_evening):
    friday_evening["verdal"].delete()
    names = card_names(empty_page(client, q="sorg", kommune="5037", tid="kveld", dag=str(FRIDAY)))
    assert names == ["Sorg i Bodø", "Sorg på nett"]


@pytest.mark.django_db
def test_nothing_found_is_said_once_and_the_seeded_text_promises_nothing(client, site, friday_evening):
    site.empty_result_text = DIRECTORY["nb"]["empty_result_text"].replace("{start}", str(site.pk))
    site.save()
    html = empty_page(client, q="xylofon")
    text = re.sub(r"<[^>]+>", " ", html)
    assert len(re.findall(r"fant ingen grupp", text)) == 1
    assert "Under ser du" not in text
    for language in ("nb", "en"):
        seeded = DIRECTORY[language]["empty_result_text"]
        assert "koordinator" not in seeded.lower() and "ingen grupp" not in seeded.lower()
        assert "no group" not in seeded.lower() and "below" not in seeded.lower()


def with_contact(client, *, name, email, phone):
    """The empty result once the national contact is `name`, `email`, `phone`."""
    settings = ContactSettings.load()
    settings.coordinator_name, settings.coordinator_email, settings.coordinator_phone = name, email, phone
    settings.save()
    return empty_page(client, q="xylofon")


@pytest.mark.django_db
def test_the_coordinator_sentence_comes_with_the_address_as_links(client, friday_evening):
    html = with_contact(client, name="Selvhjelp Norge", email="post@selvhjelp.no", phone="22 00 00 00")
    sentence = re.search(r'<p class="coordinator-contact">(.*?)</p>', html, re.S).group(1)
    assert "koordinatoren, Selvhjelp Norge," in sentence
    assert 'href="mailto:post@selvhjelp.no"' in sentence
    assert 'href="tel:22000000">22 00 00 00</a>' in sentence


@pytest.mark.django_db
def test_no_coordinator_sentence_without_an_address(client, friday_evening):
    html = with_contact(client, name="Selvhjelp Norge", email="", phone="")
    assert "koordinator" not in re.sub(r"<[^>]+>", " ", html.split('class="empty"')[1].split("</section>")[0]).lower()
    assert 'href="mailto:"' not in html


@pytest.mark.django_db
def test_a_link_in_the_text_follows_the_page_it_points_to(client, site, friday_evening):
    """The text is rendered once and cached; a page it links to that moves takes the link along."""
    from home.models import ContentPage

    about = ContentPage(title="Om selvhjelp", slug="om-selvhjelp")
    site.get_parent().add_child(instance=about)
    about.save_revision().publish()
    site.empty_result_text = f'<p>Les <a linktype="page" id="{about.pk}">mer om selvhjelp</a>.</p>'
    site.save_revision().publish()
    assert 'href="/om-selvhjelp/"' in empty_page(client, q="xylofon")
    about.slug = "hva-er-selvhjelp"
    about.save_revision().publish()
    html = empty_page(client, q="xylofon")
    assert 'href="/hva-er-selvhjelp/"' in html and "/om-selvhjelp/" not in html
