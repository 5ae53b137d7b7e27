"""Full-text search over groups, behind one function so a search server can replace it.

Every word of the query must match. A word that is not in the vocabulary of themes and
places is also tried as its nearest vocabulary words by trigram similarity (pg_trgm's
measure, computed here against the cached vocabulary), so "depresjn" finds depresjon.

PostgreSQL: the `norwegian` text search configuration (so "angsten" finds angst) on a stored,
GIN-indexed vector. SQLite: every word must occur in the document after a light Norwegian
suffix strip.
"""

import re
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value

from directory.selectors import municipality_list, theme_list
from directory.text import normalise_search_text

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "norwegian"
VOCABULARY_CACHE_KEY = "groups:search-vocabulary:v1"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that carry no meaning in a search: dropped on both backends alike.
STOP_WORDS = frozenset("i og på for en et ei av med til som det er jeg meg om the and of in".split())
TRIGRAM_THRESHOLD = 0.5
# Longest first: the light stemmer removes one of these endings from words of 5+ letters.
_SUFFIXES = sorted(["ene", "ane", "ere", "en", "et", "er", "a", "e", "ar", "ing", "ingen", "ens", "s"], key=len, reverse=True)
_TAG = re.compile(r"<[^>]+>")


def _html_text(html: str) -> str:
    # Tags become spaces so that words in neighbouring paragraphs stay apart.
    return unescape(_TAG.sub(" ", html or ""))


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def build_document(group) -> str:
    """The text a group is found by: name, summary, description, themes and place names, as
    words separated by single spaces, with each word that has æ, ø or å also written the way
    people type without those letters ("pårørende" and "parorende")."""
    parts = [group.name, group.summary, _html_text(group.description), group.place]
    for theme in group.themes.all():
        parts += [theme.name, theme.name_en, theme.search_terms]
    if group.municipality_id:
        municipality = group.municipality
        parts += [municipality.name, municipality.county.name]
    words = _NON_WORD.sub(" ", normalise_search_text(" ".join(p for p in parts if p))).split()
    folded = [w.translate(_FOLD) for w in words if w.translate(_FOLD) != w]
    return " ".join(words + folded)


def index_vectors(queryset) -> None:
    """PostgreSQL: compute the stored Norwegian text-search vector from the document."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=SearchVector("search_document", config=SEARCH_CONFIG))


def refresh_documents(groups: QuerySet) -> None:
    """Recompute the search document for these groups (index upkeep, not domain logic)."""
    model = groups.model
    for group in (
        model.objects.filter(pk__in=groups.values("pk"))
        .select_related("municipality__county")
        .prefetch_related("themes")
    ):
        document = build_document(group)
        if document != group.search_document:
            changed = model.objects.filter(pk=group.pk)
            changed.update(search_document=document)
            index_vectors(changed)
    cache.delete(VOCABULARY_CACHE_KEY)


def clean_query(text: str) -> str:
    return normalise_search_text(text or "")[:MAX_QUERY_LENGTH]


def query_words(text: str) -> list[str]:
    """The words of a query that mean something, at most 12."""
    return [w for w in _WORD.findall(clean_query(text)) if w not in STOP_WORDS][:12]


def apply_text_search(queryset: QuerySet, text: str) -> QuerySet:
    """Filter to groups that match every word of `text` and annotate `rank` (higher is better)."""
    words = query_words(text)
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    alternatives = [[word, *corrections(word)] for word in words]
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, alternatives)
    return _fallback_search(queryset, alternatives)


def _postgres_search(queryset: QuerySet, alternatives: list[list[str]]) -> QuerySet:
    # Words hold letters and digits only, so the operators are ours alone.
    raw = " & ".join("(" + " | ".join(words) + ")" for words in alternatives)
    query = SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")
    return queryset.annotate(rank=SearchRank(F("search_vector"), query)).filter(search_vector=query)


def _word_condition(word: str) -> Q:
    """A word of the document that starts with the (stemmed) word; a short word must be whole,
    so "me" does not find every "med" and "sorg" does not find "omsorg"."""
    root = stem(word)
    if len(root) <= 3:
        return (
            Q(search_document=root)
            | Q(search_document__startswith=f"{root} ")
            | Q(search_document__endswith=f" {root}")
            | Q(search_document__contains=f" {root} ")
        )
    return Q(search_document__startswith=root) | Q(search_document__contains=f" {root}")


def _fallback_search(queryset: QuerySet, alternatives: list[list[str]]) -> QuerySet:
    for words in alternatives:
        condition = Q()
        for word in words:
            condition |= _word_condition(word)
        queryset = queryset.filter(condition)
    return queryset.annotate(rank=Value(0.0, output_field=FloatField()))


def stem(word: str) -> str:
    """A light Norwegian stemmer: enough for 'angsten' → 'angst', 'sorgen' → 'sorg'."""
    if len(word) < 5:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams, as pg_trgm's similarity()."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def corrections(word: str, *, limit: int = 3) -> list[str]:
    """Vocabulary words a misspelt word probably meant; none for a word the vocabulary knows."""
    if len(word) < 4:
        return []
    known = vocabulary()
    root = stem(word)
    if any(w.startswith(root) for w in known):
        return []
    scored = sorted(
        ((trigram_similarity(word, w), w) for w in known),
        reverse=True,
    )
    return [w for score, w in scored[:limit] if score >= TRIGRAM_THRESHOLD]


def vocabulary() -> list[str]:
    """Words worth correcting a typo towards: themes and place names (from the cached lists)."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        text = " ".join(
            [f"{t.name} {t.name_en} {t.search_terms}" for t in theme_list()]
            + [m.name_plain for m in municipality_list()]
        )
        words = sorted({w for w in _WORD.findall(normalise_search_text(text)) if len(w) >= 4})
        cache.set(VOCABULARY_CACHE_KEY, words, 60 * 60)
    return words
