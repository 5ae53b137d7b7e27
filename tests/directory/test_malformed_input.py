"""Whatever a person or a robot puts in the address, the directory answers calmly: a page
with a message, or a 404 for a wrong path, and never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import SelfHelpGroupFactory

PARAMS = ["q", "fylke", "kommune", "tema", "dag", "oppmote", "malgruppe", "vis", "side"]

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)
odd_values = st.one_of(
    text,
    st.sampled_from(["abc", "-1", "0", "99999", "1e9", "5037", "50", "sorg", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "..", "NaN"]),
    st.just("aøå " * 2500),
)


@pytest.fixture
def populated(site, places, themes):
    SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    SelfHelpGroupFactory(municipality=places["bodo"], themes=[themes["angst"]])


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(params=st.dictionaries(st.sampled_from(PARAMS + ["ukjent", "x"]), st.lists(odd_values, min_size=1, max_size=3), max_size=5))
def test_any_query_string_gives_a_normal_page(client, populated, params):
    response = client.get("/finn-gruppe/", params)
    # 302 only when the text names a municipality, which then becomes the place filter.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(segments=st.lists(st.text(alphabet="abcæøå-_0123456789.%", min_size=1, max_size=20), min_size=1, max_size=5))
def test_any_path_below_the_directory_is_a_page_or_a_404(client, populated, segments):
    response = client.get("/finn-gruppe/" + "/".join(segments) + "/")
    assert response.status_code in (200, 301, 302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"kommune": "9999"}, "kommune"),
        ({"side": "abc"}, "side"),
        ({"side": "99999"}, "side"),
        ({"q": "a" * 10000}, "lang"),
        ({"tema": "finnes-ikke"}, "finnes-ikke"),
        ({"fylke": "30"}, "fylke"),
    ],
)
def test_a_bad_parameter_is_explained_on_the_page(client, populated, params, message):
    response = client.get("/finn-gruppe/", params)
    assert response.status_code == 200
    html = response.content.decode().lower()
    assert 'class="notice"' in html


@pytest.mark.django_db
def test_html_in_the_query_is_escaped(client, populated):
    html = client.get("/finn-gruppe/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_the_contact_form_survives_garbage(client, populated):
    from groups.models import SelfHelpGroup

    group = SelfHelpGroup.objects.first()
    url = f"/finn-gruppe/{group.municipality.county.slug}/{group.municipality.slug}/{group.slug}/"
    for data in [{}, {"email": "x" * 5000}, {"message": "\x00" * 50}, {"consent": "maybe", "name": "<b>"}]:
        assert client.post(url, data).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["4611686018427387904", "9223372036854775807", "1" + "0" * 20])
def test_an_enormous_page_number_shows_the_last_page(client, populated, number):
    response = client.get("/finn-gruppe/", {"side": number})
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()
