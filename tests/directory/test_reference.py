"""The reference lists every directory request reads (directory.selectors.reference): the
active counties and the active municipalities, read in one query."""

import datetime

import pytest

from directory.models import County, Municipality
from directory.selectors import CountyRef, MunicipalityRef, reference, reference_invalidate
from directory.text import norwegian_sort_key
from tests.factories.geography import CountyFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_the_lists_hold_every_active_county_and_municipality_read_in_one_query(places, django_assert_num_queries):
    ended = datetime.date(2024, 1, 1)
    # A county without municipalities, one with its contact entered, an ended county whose
    # municipality still exists, and an ended municipality.
    CountyFactory(number="99", name="Tomt fylke", slug="tomt")
    County.objects.filter(pk=places["bodo"].county_id).update(
        contact_name="Selvhjelp Norge, Nordland", contact_email="nordland@example.org", contact_phone="75 00 00 00"
    )
    old = CountyFactory(number="97", name="Gamle fylket", slug="gamle", ended_on=ended)
    MunicipalityFactory(number="9701", county=old, name="Ås", name_plain="Ås", slug="as")
    MunicipalityFactory(number="5099", county=places["levanger"].county, name="Borte", slug="borte", ended_on=ended)
    MunicipalityFactory(
        number="5098", county=places["levanger"].county, name="Snåase - Snåsa", name_plain="Snåsa", slug="snasa",
        parallel_names="Snåase, Snåasen tjïelte",
    )
    reference_invalidate()
    with django_assert_num_queries(1):
        lists = reference()
    counties = sorted(
        (
            CountyRef(c.id, c.number, c.name, c.name_plain, c.slug, c.contact_name, c.contact_email, c.contact_phone)
            for c in County.objects.active()
        ),
        key=lambda c: norwegian_sort_key(c.name_plain),
    )
    municipalities = sorted(
        (
            MunicipalityRef(
                m.id, m.number, m.name, m.name_plain, m.slug, m.county_id, m.latitude, m.longitude,
                tuple(m.parallel_name_list),
            )
            for m in Municipality.objects.active()
        ),
        key=lambda m: (norwegian_sort_key(m.name_plain), m.number),
    )
    assert lists == {"counties": counties, "municipalities": municipalities}
    assert "tomt" in [c.slug for c in lists["counties"]] and "gamle" not in [c.slug for c in lists["counties"]]
    assert "as" in [m.slug for m in lists["municipalities"]] and "borte" not in [m.slug for m in lists["municipalities"]]
    nordland = next(c for c in lists["counties"] if c.slug == "nordland")
    assert nordland.contact_email == "nordland@example.org"
    assert next(m for m in lists["municipalities"] if m.slug == "snasa").parallel_names == ("Snåase", "Snåasen tjïelte")
    assert all(isinstance(m.latitude, float) for m in lists["municipalities"])
