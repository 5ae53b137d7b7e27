"""Full-text search over groups, behind one function so a search server can replace it.

PostgreSQL: the `norwegian` text search configuration (so "angsten" finds angst) on a
GIN-indexed expression, OR'd with pg_trgm word similarity so a small typo ("depresjn")
still finds depresjon. SQLite: every word must occur, after a light Norwegian suffix strip,
with typos corrected against the vocabulary of themes and places.
"""

import difflib
import re

from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.html import strip_tags

from directory.text import normalise_search_text

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "norwegian"
VOCABULARY_CACHE_KEY = "groups:search-vocabulary:v1"
_WORD = re.compile(r"[\wæøåÆØÅ-]+", re.UNICODE)
# Longest first: the light stemmer removes one of these endings from words of 5+ letters.
_SUFFIXES = sorted(["ene", "ane", "ere", "en", "et", "er", "a", "e", "ar", "ane", "ing", "ingen", "ens", "s"], key=len, reverse=True)


def build_document(group) -> str:
    """The text a group is found by: name, summary, description, themes and place names."""
    parts = [group.name, group.summary, strip_tags(group.description or ""), group.place]
    for theme in group.themes.all():
        parts += [theme.name, theme.name_en, theme.search_terms.replace(",", " ")]
    if group.municipality_id:
        municipality = group.municipality
        parts += [municipality.name, municipality.name_plain, municipality.county.name]
    return normalise_search_text(" ".join(p for p in parts if p))


def refresh_documents(groups) -> None:
    """Recompute the search document for the given groups (index upkeep, not domain logic)."""
    from .models import SelfHelpGroup

    ids = [g.pk for g in groups]
    for group in (
        SelfHelpGroup.objects.filter(pk__in=ids)
        .select_related("municipality__county")
        .prefetch_related("themes")
    ):
        document = build_document(group)
        if document != group.search_document:
            SelfHelpGroup.objects.filter(pk=group.pk).update(search_document=document)
    cache.delete(VOCABULARY_CACHE_KEY)


def clean_query(text: str) -> str:
    return normalise_search_text(text or "")[:MAX_QUERY_LENGTH]


def apply_text_search(queryset: QuerySet, text: str) -> QuerySet:
    """Filter to groups that match `text` and annotate `rank` (higher is better)."""
    text = clean_query(text)
    if not text or not _WORD.search(text):
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, text)
    return _fallback_search(queryset, text)


def _postgres_search(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity

    vector = SearchVector("search_document", config=SEARCH_CONFIG)
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return queryset.annotate(
        search_vector=vector,
        rank=SearchRank(vector, query) + TrigramWordSimilarity(Value(text), F("search_document")) * Value(0.1),
    ).filter(Q(search_vector=query) | Q(search_document__trigram_word_similar=text))


def stem(word: str) -> str:
    """A light Norwegian stemmer: enough for 'angsten' → 'angst', 'sorgen' → 'sorg'."""
    if len(word) < 5:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def vocabulary() -> list[str]:
    """Words worth correcting a typo towards: themes and place names."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        from directory.models import Municipality, Theme

        text = " ".join(
            [" ".join(f"{t.name} {t.name_en} {t.search_terms}" for t in Theme.objects.all())]
            + list(Municipality.objects.values_list("name_plain", flat=True))
        )
        words = sorted({w for w in _WORD.findall(normalise_search_text(text)) if len(w) >= 4})
        cache.set(VOCABULARY_CACHE_KEY, words, 60 * 60)
    return words


def _fallback_search(queryset: QuerySet, text: str) -> QuerySet:
    known = vocabulary()
    for word in _WORD.findall(text)[:12]:
        alternatives = {stem(word)}
        if len(word) >= 4 and not any(w.startswith(stem(word)) for w in known):
            alternatives |= {stem(w) for w in difflib.get_close_matches(word, known, n=3, cutoff=0.8)}
        condition = Q()
        for alternative in alternatives:
            condition |= Q(search_document__contains=alternative)
        queryset = queryset.filter(condition)
    return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
