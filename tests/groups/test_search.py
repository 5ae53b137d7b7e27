"""Full-text search: inflected forms, typos, fields searched, and what is never found."""

import pytest

from groups.models import Status
from groups.selectors import GroupQuery, group_search
from tests.factories import SelfHelpGroupFactory


def names(query):
    return [g.name for g in group_search(query)]


@pytest.fixture
def groups(places, themes):
    return {
        "sorg": SelfHelpGroupFactory(
            name="Samtalegruppe i Levanger", summary="For deg som har mistet noen.", municipality=places["levanger"],
            themes=[themes["sorg"]],
        ),
        "angst": SelfHelpGroupFactory(
            name="Trygg sammen", summary="Vi møtes og deler erfaringer.", municipality=places["trondheim"],
            themes=[themes["angst"]],
        ),
        "depresjon": SelfHelpGroupFactory(
            name="Lysglimt", summary="En gruppe om tunge tider.", municipality=places["bodo"],
            themes=[themes["depresjon"]], description="<p>Vi snakker om hverdagen med depresjon.</p>",
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, expected",
    [
        ("sorg", "Samtalegruppe i Levanger"),
        ("sorgen", "Samtalegruppe i Levanger"),
        ("angsten", "Trygg sammen"),
        ("Angst", "Trygg sammen"),
        ("panikk", "Trygg sammen"),
        ("depresjn", "Lysglimt"),
        ("Levanger", "Samtalegruppe i Levanger"),
        ("mistet", "Samtalegruppe i Levanger"),
        ("hverdagen", "Lysglimt"),
        ("Trøndelag", "Samtalegruppe i Levanger"),
        ("Grief", "Samtalegruppe i Levanger"),
    ],
)
def test_text_finds_the_group_by_name_summary_description_theme_and_place(groups, text, expected):
    assert expected in names(GroupQuery(text=text))


@pytest.mark.django_db
def test_text_that_matches_nothing_finds_nothing(groups):
    assert names(GroupQuery(text="xylofonundervisning")) == []


@pytest.mark.django_db
def test_words_must_all_match(groups):
    assert names(GroupQuery(text="sorg levanger")) == ["Samtalegruppe i Levanger"]
    assert names(GroupQuery(text="sorg bodø")) == []


@pytest.mark.django_db
def test_unpublished_paused_and_ended_groups_are_never_found(places, themes):
    SelfHelpGroupFactory(name="Utkast om sorg", live=False, themes=[themes["sorg"]], municipality=places["levanger"])
    SelfHelpGroupFactory(name="Pause om sorg", status=Status.PAUSED, themes=[themes["sorg"]], municipality=places["levanger"])
    SelfHelpGroupFactory(name="Slutt om sorg", status=Status.ENDED, themes=[themes["sorg"]], municipality=places["levanger"])
    assert names(GroupQuery(text="sorg", only_taking_members=False)) == []


@pytest.mark.django_db
def test_renaming_a_theme_updates_what_finds_its_groups(groups, themes):
    themes["angst"].name = "Angst og panikk"
    themes["angst"].search_terms = "hjertebank"
    themes["angst"].save()
    assert names(GroupQuery(text="hjertebank")) == ["Trygg sammen"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "!!!", "'; DROP TABLE groups_selfhelpgroup; --", "<script>alert(1)</script>", "a" * 5000, "%", "_", "\x00", "ø" * 300])
def test_odd_text_never_fails(groups, text):
    list(group_search(GroupQuery(text=text)))


@pytest.mark.django_db
def test_words_typed_without_ae_oe_aa_still_match(places, themes):
    SelfHelpGroupFactory(name="Pårørendegruppe", summary="For pårørende i Bodø.", municipality=places["bodo"])
    assert names(GroupQuery(text="parorende")) == ["Pårørendegruppe"]
    assert names(GroupQuery(text="bodo")) == ["Pårørendegruppe"]


@pytest.mark.django_db
def test_a_word_inside_another_word_does_not_match(places, themes):
    SelfHelpGroupFactory(name="Omsorgsgruppe", summary="Om omsorg for andre.", municipality=places["bodo"])
    SelfHelpGroupFactory(name="Mestring", summary="Vi møtes med kaffe.", municipality=places["bodo"])
    assert names(GroupQuery(text="sorg")) == []
    assert names(GroupQuery(text="me")) == []
