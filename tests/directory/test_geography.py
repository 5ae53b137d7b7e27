import copy
import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from directory.management.commands.load_geography import bundled_file
from directory.models import County, Municipality
from directory.services import EndedMunicipality, GeographyDataError, geography_load
from tests.factories import SelfHelpGroupFactory

pytestmark = pytest.mark.django_db

BUNDLED = json.loads(bundled_file().read_text(encoding="utf-8"))


@pytest.fixture
def data():
    return copy.deepcopy(BUNDLED)


@pytest.fixture
def loaded(data):
    return geography_load(data=data, today=datetime.date(2024, 1, 1))


def find(data, number):
    return next(m for county in data for m in county["kommuner"] if m["kommunenummer"] == number)


def without(data, number):
    for county in data:
        county["kommuner"] = [m for m in county["kommuner"] if m["kommunenummer"] != number]
    return data


def test_bundled_file_gives_357_municipalities_in_15_counties(loaded):
    assert Municipality.objects.active().count() == 357
    assert County.objects.active().count() == 15
    assert len(loaded.municipalities_created) == 357
    assert sorted(County.objects.values_list("number", flat=True)) == [
        "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56",
    ]  # fmt: skip


def test_counties_dissolved_in_2024_do_not_exist(loaded):
    assert not County.objects.filter(number__in=["30", "38", "54"]).exists()
    assert not County.objects.filter(name_plain__in=["Viken", "Vestfold og Telemark", "Troms og Finnmark"]).exists()
    assert not Municipality.objects.filter(number__regex=r"^(30|38|54)").exists()


def test_official_names_carry_sami_and_kven_parallel_names_in_official_order(loaded):
    names = dict(Municipality.objects.values_list("number", "name"))
    assert names["5001"] == "Trondheim - Tråante"
    assert names["5610"] == "Kárášjohka - Karasjok"
    assert names["5037"] == "Levanger - Levangke"
    assert names["5536"] == "Lyngen - Ivgu - Yykeä"
    assert names["5516"] == "Gratangen - Rivtták"
    assert names["0301"] == "Oslo - Oslove"
    counties = dict(County.objects.values_list("number", "name"))
    assert counties["55"] == "Troms - Romsa - Tromssa"
    assert counties["56"] == "Finnmark - Finnmárku - Finmarkku"
    assert counties["18"] == "Nordland - Nordlánnda"
    assert counties["50"] == "Trøndelag - Trööndelage"


def test_municipalities_are_in_their_new_counties(loaded):
    karasjok = Municipality.objects.select_related("county").get(number="5610")
    assert karasjok.county.number == "56"
    assert karasjok.name_plain == "Karasjok"
    assert karasjok.slug == "karasjok"
    levanger = Municipality.objects.select_related("county").get(number="5037")
    assert (levanger.county.number, levanger.slug) == ("50", "levanger")


def test_haram_has_alesunds_point_until_a_better_one_is_loaded(loaded):
    alesund = Municipality.objects.get(number="1508")
    haram = Municipality.objects.get(number="1580")
    assert haram.name == "Haram"
    assert alesund.name == "Ålesund"
    assert (haram.latitude, haram.longitude) == (alesund.latitude, alesund.longitude)


def test_slugs_use_the_norwegian_name_without_parallel_names(loaded):
    baerum = Municipality.objects.select_related("county").get(number="3201")
    assert (baerum.county.slug, baerum.slug) == ("akershus", "baerum")
    assert County.objects.get(number="31").slug == "ostfold"
    assert County.objects.get(number="15").slug == "more-og-romsdal"
    assert County.objects.get(number="55").slug == "troms"
    assert Municipality.objects.get(number="5001").slug == "trondheim"


def test_municipalities_with_the_same_name_have_distinct_addresses(loaded):
    for name in ("Herøy", "Våler"):
        pairs = set(Municipality.objects.filter(name_plain=name).values_list("county__slug", "slug"))
        assert len(pairs) == 2
    assert Municipality.objects.values("county", "slug").distinct().count() == 357


def test_running_twice_changes_nothing(loaded, data):
    saves = []

    def count(sender, **kwargs):
        saves.append(sender)

    post_save.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            report = geography_load(data=data, today=datetime.date(2025, 1, 1))
    finally:
        post_save.disconnect(count)

    assert not report.changed
    assert saves == []
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert len(queries) <= 6
    assert not Municipality.objects.filter(ended_on__isnull=False).exists()


def test_missing_municipality_is_ended_not_deleted_and_its_groups_reported(loaded, data):
    levanger = Municipality.objects.get(number="5037")
    SelfHelpGroupFactory(municipality=levanger)
    SelfHelpGroupFactory(municipality=levanger)

    report = geography_load(data=without(data, "5037"), today=datetime.date(2025, 1, 1))

    levanger.refresh_from_db()
    assert levanger.ended_on == datetime.date(2025, 1, 1)
    assert levanger.groups.count() == 2
    assert report.municipalities_ended == ["5037"]
    assert report.ended_with_groups == [
        EndedMunicipality(number="5037", name="Levanger - Levangke", ended_on=datetime.date(2025, 1, 1), group_count=2)
    ]
    assert Municipality.objects.active().count() == 356


def test_an_ended_municipality_that_comes_back_is_active_again(loaded, data):
    geography_load(data=without(copy.deepcopy(data), "5037"), today=datetime.date(2025, 1, 1))

    report = geography_load(data=data, today=datetime.date(2025, 6, 1))

    assert report.municipalities_updated == ["5037"]
    assert Municipality.objects.get(number="5037").ended_on is None
    assert report.ended_with_groups == []


def test_renamed_municipality_in_a_new_file_is_updated(loaded, data):
    verdal = find(data, "5038")
    verdal["kommunenavn"] = verdal["kommunenavnNorsk"] = "Nye Verdal"
    verdal["gyldigeNavn"] = [
        {"navn": "Verdaelie", "prioritet": 2, "sprak": "Southern Sami"},
        {"navn": "Nye Verdal", "prioritet": 1, "sprak": "Norwegian"},
    ]

    report = geography_load(data=data)

    assert report.municipalities_updated == ["5038"]
    assert report.municipalities_created == report.municipalities_ended == []
    municipality = Municipality.objects.get(number="5038")
    assert (municipality.name, municipality.name_plain, municipality.slug) == (
        "Nye Verdal - Verdaelie",
        "Nye Verdal",
        "nye-verdal",
    )


def test_a_reform_ends_old_units_and_the_new_municipality_takes_the_old_address(data):
    # The structure of 2023 in miniature: Bærum in Viken, Ålesund before Haram left it.
    baerum_2023, alesund_2023 = copy.deepcopy(find(data, "3201")), copy.deepcopy(find(data, "1508"))
    baerum_2023.update(kommunenummer="3024", fylkesnummer="30", fylkesnavn="Viken")
    alesund_2023.update(kommunenummer="1507")
    old = [
        {"fylkesnavn": "Viken", "fylkesnummer": "30", "kommuner": [baerum_2023]},
        {"fylkesnavn": "Møre og Romsdal", "fylkesnummer": "15", "kommuner": [alesund_2023]},
    ]
    geography_load(data=old, today=datetime.date(2023, 1, 1))
    SelfHelpGroupFactory(municipality=Municipality.objects.get(number="1507"))

    report = geography_load(data=data, today=datetime.date(2024, 1, 1))

    assert report.counties_ended == ["30"]
    assert report.municipalities_ended == ["1507", "3024"]
    assert County.objects.get(number="30").ended_on == datetime.date(2024, 1, 1)
    assert Municipality.objects.get(number="1508").slug == "alesund"
    assert Municipality.objects.get(number="1507").slug == "alesund-1507"
    assert Municipality.objects.get(number="3024").slug == "baerum"
    assert [m.number for m in report.ended_with_groups] == ["1507"]
    assert Municipality.objects.active().count() == 357

    assert not geography_load(data=data, today=datetime.date(2024, 6, 1)).changed


def test_malformed_data_is_refused_before_anything_is_written():
    with pytest.raises(GeographyDataError, match="kommunenummer"):
        geography_load(
            data=[{"fylkesnavn": "Agder", "fylkesnummer": "42", "kommuner": [{"kommunenummer": 4204}]}]
        )
    assert not County.objects.exists()


def test_command_loads_the_bundled_file_and_then_changes_nothing(capsys):
    call_command("load_geography")
    first = capsys.readouterr().out
    call_command("load_geography")
    second = capsys.readouterr().out

    assert "357 created" in first
    assert "0 created, 0 updated, 0 ended" in second
    assert Municipality.objects.active().count() == 357


def test_command_reads_a_newer_file(loaded, data, tmp_path, capsys):
    SelfHelpGroupFactory(municipality=Municipality.objects.get(number="5037"))
    path = tmp_path / "kommuner-2026.json"
    path.write_text(json.dumps(without(data, "5037")), encoding="utf-8")

    call_command("load_geography", "--file", str(path))

    out = capsys.readouterr().out
    assert "municipalities 0 created, 0 updated, 1 ended" in out
    assert "5037 Levanger - Levangke (1)" in out
    assert Municipality.objects.get(number="5037").ended_on is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"fylker": []}', "is not in Kartverket's kommuneinfo format"),
        ('[{"fylkesnummer": "42", "fylkesnavn": "Agder", "kommuner": []}]', "'kommuner' must be a non-empty list"),
    ],
)
def test_command_refuses_a_malformed_file_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        call_command("load_geography", "--file", str(path))
    assert not Municipality.objects.exists()


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_geography", "--file", str(tmp_path / "missing.json"))
