"""Full-text search over groups, behind one function so a search server can replace it.

A query is read as a person writes it. Function words ("jeg", "i", "for") and the site's own
words ("selvhjelpsgruppe", "gruppe", "nær meg") are dropped; a query of nothing else is no text
query at all. A word may name a theme: by its name or by one of its search words, which
editors keep in the admin ("mistet" → Sorg). Then

- a group matches if it has one of the themes the query names (or a narrower one), or its text
  has one of those words, and also every place word ("levanger");
- the query's other words ("har", "mannen") only rank: "jeg har mistet mannen min" finds grief
  groups. A query that names no theme needs every word, as a name search should.

The rank counts, per query word, how directly a group matches it: on a theme the word names
(Sorg for "mistet") counts most, then on one of that theme's narrower themes (Etterlatte etter
selvmord), then the word only in the group's text (an unemployment group that writes "mistet
jobben"). Each level outweighs any number of matches below it, so a group on the theme a person
names comes before one that merely mentions the word, and the same groups come first on both
databases. A word that is not in the vocabulary of themes and places
is also tried as its nearest vocabulary words by trigram similarity (pg_trgm's measure,
computed here against the cached vocabulary), so "depresjn" finds depresjon.

PostgreSQL: the `norwegian` text search configuration (so "angsten" finds angst) on a stored,
GIN-indexed vector. SQLite: every word must occur in the document after a light Norwegian
suffix strip. Theme words are matched here, in Python, the same way for both.
"""

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When

from directory.selectors import county_list, memoised, municipality_list, theme_list
from directory.text import fold_name, normalise_search_text

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
SEARCH_CONFIG = "norwegian"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that carry no meaning in a search, dropped on both backends alike: PostgreSQL's
# Norwegian stop words (so both databases drop the same ones; "me" stays, it is a theme),
# English ones, and the words of a sentence about looking for help.
STOP_WORDS = frozenset(
    """
    og i jeg det at en et ei den til er som på de med han av ikke ikkje der så var meg seg men
    ett har om vi min mitt mi mine ha hadde hun nå over da ved fra du ut sin dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom
    noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget
    hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom
    vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dykk
    dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar
    hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor medan mykje
    no nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart
    litt veldig mye lite helt ganske nylig lenge gang gjerne hei takk
    føler føle trenger trenge leter lete søker søke søk finne finn snakke prate treffe møte
    andre folk mennesker person personer hjelp støtte tips
    a an the and or of in on at to for with from by about my i we our you your is am are
    was were be been have has had do does did this that it its who what where how want need
    looking find talk some someone people other others
    """.split()
)
# The site's own words: every group here is one, so they tell nothing apart.
SITE_WORDS = frozenset(
    """
    gruppe grupper gruppa gruppen gruppene støttegruppe støttegrupper samtalegruppe
    samtalegrupper treff selvhjelp selvhjelpsgruppe selvhjelpsgrupper selvhjelpsgruppa
    selvhjelpsgruppen selvhjelpsgruppene likemann likemenn likeperson nær nærheten nærmeste
    kommune kommunen fylke fylket group groups self help support near nearby
    """.split()
)
TRIGRAM_THRESHOLD = 0.5
# A rank level outweighs every lower level of all MAX_WORDS words together.
RANK_TEXT = 1.0
RANK_NARROWER_THEME = float(MAX_WORDS + 1)
RANK_NAMED_THEME = float((MAX_WORDS + 1) ** 2)
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
        # Not the theme's search words: those find the theme's groups through the theme (search_words),
        # so an edited word takes effect at once and a word of a phrase alone finds nothing.
        parts += [theme.name, theme.name_en]
    if group.municipality_id:
        municipality = group.municipality
        parts += [municipality.name, municipality.county.name]
    words = _NON_WORD.sub(" ", normalise_search_text(" ".join(p for p in parts if p))).split()
    folded = [w.translate(_FOLD) for w in words if w.translate(_FOLD) != w]
    return " ".join(words + folded)


def vector_of(document: str):
    """PostgreSQL: the stored vector of a new group's document, as an expression to insert with
    the row (one write, where index_vectors would write every row a second time); else None."""
    if connection.vendor != "postgresql":
        return None
    return SearchVector(Value(document, output_field=TextField()), config=SEARCH_CONFIG)


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


def clean_query(text: str) -> str:
    return normalise_search_text(text or "")[:MAX_QUERY_LENGTH]


def _meaningful(word: str) -> bool:
    return word not in STOP_WORDS and word not in SITE_WORDS and not word.startswith("selvhjelp")


def query_words(text: str) -> list[str]:
    """The words of a query that mean something, at most 12."""
    return [w for w in _WORD.findall(clean_query(text)) if _meaningful(w)][:MAX_WORDS]


@dataclass(frozen=True)
class SearchWord:
    """One word of a query and what it may match: itself or a correction in a group's text,
    or a group on one of `theme_ids`. `required`: every group found must match it."""

    word: str
    alternatives: tuple[str, ...]
    theme_ids: frozenset[int]
    required: bool
    # The themes the word names itself, without their narrower themes (a subset of theme_ids).
    named_theme_ids: frozenset[int] = frozenset()


def search_words(text: str) -> list[SearchWord]:
    """How the query in `text` is searched, word by word (see the module's docstring)."""
    words = query_words(text)
    alternatives = {word: (word, *corrections(word)) for word in words}
    themes, named = _themes_named(words, alternatives)
    places = _place_words()
    names_a_theme = any(themes.values())
    return [
        SearchWord(
            word=word,
            alternatives=alternatives[word],
            theme_ids=frozenset(themes[word]),
            required=not names_a_theme or any(fold_name(a) in places for a in alternatives[word]),
            named_theme_ids=frozenset(named[word]),
        )
        for word in words
    ]


def themes_in_text(text: str) -> list[int]:
    """The ids of the themes a query names by their names or search words (narrower themes
    included), e.g. to carry a theme typed as text into "Meld interesse"."""
    return sorted({theme_id for word in search_words(text) for theme_id in word.theme_ids})


def apply_text_search(queryset: QuerySet, text: str, *, ranked: bool = True) -> QuerySet:
    """Filter to groups that match the query in `text` and, if `ranked`, annotate `rank`
    (higher is better)."""
    words = search_words(text)
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())) if ranked else queryset
    through = queryset.model.themes.through

    def on_themes(ids) -> Q:
        return Q(pk__in=through.objects.filter(theme_id__in=sorted(ids)).values("selfhelpgroup_id"))

    conditions, levels = {}, []
    for word in words:
        in_text = _text_condition(word.alternatives)
        condition = in_text
        if word.theme_ids:
            condition |= on_themes(word.theme_ids)
        conditions[word.word] = condition
        if not ranked:
            continue
        # How directly the group matches this word, best level first (see the module's docstring).
        whens = []
        if word.named_theme_ids:
            whens.append(When(on_themes(word.named_theme_ids), then=Value(RANK_NAMED_THEME)))
        narrower = word.theme_ids - word.named_theme_ids
        if narrower:
            whens.append(When(on_themes(narrower), then=Value(RANK_NARROWER_THEME)))
        whens.append(When(in_text, then=Value(RANK_TEXT)))
        levels.append(Case(*whens, default=Value(0.0), output_field=FloatField()))
    for word in words:
        if word.required and not word.theme_ids:
            queryset = queryset.filter(conditions[word.word])
    theme_words = [conditions[word.word] for word in words if word.theme_ids]
    if theme_words:
        # Any of the themes the query names: "mistet jobben" finds grief and unemployment
        # groups, those that match both words first.
        either = Q()
        for condition in theme_words:
            either |= condition
        queryset = queryset.filter(either)
    if not ranked:
        return queryset
    rank = sum(levels, Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        # Within the same number of words, how well the text matches (below 1, normalised).
        everything = " | ".join(dict.fromkeys(a for word in words for a in word.alternatives))
        query = SearchQuery(everything, config=SEARCH_CONFIG, search_type="raw")
        rank = rank + SearchRank(F("search_vector"), query, normalization=32)
    return queryset.annotate(rank=rank)


def _text_condition(words: tuple[str, ...]) -> Q:
    """A group whose text has one of `words`.

    PostgreSQL: tested on the row, whose vector is stored in it (groups migration 0011).
    Profiled at 100,000 groups ("sorg": 20,241 texts, 13,914 results with the themes), a list of
    ids from the GIN index took longer everywhere: 197 ms against 105 ms for the ranked result
    query, which reads every match's row for its vector anyway; 115 against 82 ms for its count;
    and 115 against about 10 ms for a count under other filters too ("all filters"), where the
    list held all 20,241 while the other filters left 407 rows to test."""
    if connection.vendor == "postgresql":
        # Words hold letters and digits only, so the operators are ours alone.
        return Q(search_vector=SearchQuery(" | ".join(words), config=SEARCH_CONFIG, search_type="raw"))
    condition = Q()
    for word in words:
        condition |= _word_condition(word)
    return condition


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


def same_word(typed: str, known: str) -> bool:
    """Whether a typed word is a form of a known one (both folded): the same stem ("enken",
    "enke"; "mistet", "miste"), or it starts with the known word's stem of 4+ letters
    ("sorggruppe", "sorg"), or it is a stem of 5+ letters the known word starts with ("kreft",
    "kreftsyk")."""
    if typed == known:
        return True
    typed_root, known_root = stem(typed), stem(known)
    return (
        typed_root == known_root
        or (len(known_root) >= 4 and typed.startswith(known_root))
        or (len(typed_root) >= 5 and known.startswith(typed_root))
    )


def _theme_terms() -> list[tuple[tuple[str, ...], int, frozenset[int]]]:
    """Each theme's name (in both languages) and search words as (folded words, the theme's id,
    the theme's id and its narrower themes' ids); a phrase's function words left out."""
    themes = theme_list()
    children = defaultdict(list)
    for theme in themes:
        if theme.parent_id:
            children[theme.parent_id].append(theme.id)

    def family(theme_id: int) -> frozenset[int]:
        found, todo = set(), [theme_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(children[current])
        return frozenset(found)

    terms = []
    for theme in themes:
        ids = family(theme.id)
        phrases = [*theme.name.split("/"), *theme.name_en.split("/"), *theme.search_terms.split(",")]
        for phrase in phrases:
            words = tuple(fold_name(w) for w in _WORD.findall(normalise_search_text(phrase)) if _meaningful(w))
            if words:
                terms.append((words, theme.id, ids))
    return terms


@dataclass(frozen=True)
class _ThemeIndex:
    """The theme terms, indexed so a query word finds the term words it is a form of without
    comparing it with each of them (same results as same_word over every term word)."""

    terms: list[tuple[tuple[str, ...], int, frozenset[int]]]
    by_root: dict[str, set[str]]  # stem → term words with that stem
    sorted_words: list[str]
    terms_with: dict[str, list[int]]  # term word → indexes of the terms that have it

    def forms_of(self, typed: str) -> set[str]:
        """The term words `typed` is a form of (see same_word)."""
        root = stem(typed)
        found = set(self.by_root.get(root, ()))
        for end in range(4, len(typed) + 1):
            found |= {k for k in self.by_root.get(typed[:end], ()) if len(stem(k)) >= 4}
        if typed in self.terms_with:
            found.add(typed)
        if len(root) >= 5:
            for known in self.sorted_words[bisect_left(self.sorted_words, root) :]:
                if not known.startswith(root):
                    break
                found.add(known)
        return found


def _theme_index() -> _ThemeIndex:
    terms = _theme_terms()
    by_root: dict[str, set[str]] = defaultdict(set)
    terms_with: dict[str, list[int]] = defaultdict(list)
    for index, (words, _theme_id, _ids) in enumerate(terms):
        for word in words:
            by_root[stem(word)].add(word)
            terms_with[word].append(index)
    return _ThemeIndex(terms, dict(by_root), sorted(terms_with), dict(terms_with))


def _themes_named(
    words: list[str], alternatives: dict[str, tuple[str, ...]]
) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Query word → ids of the themes it names, alone or as part of a phrase whose every word
    is in the query ("miste jobben"): with their narrower themes, and the named ones alone."""
    index = memoised("search-theme-index", _theme_index)
    forms = {word: set().union(*(index.forms_of(fold_name(a)) for a in alternatives[word])) for word in words}
    found: dict[str, set[int]] = {word: set() for word in words}
    named: dict[str, set[int]] = {word: set() for word in words}
    candidates = {i for matched in forms.values() for known in matched for i in index.terms_with[known]}
    for i in candidates:
        term_words, theme_id, ids = index.terms[i]
        matches = [[w for w in words if known in forms[w]] for known in term_words]
        if all(matches):
            for matched in matches:
                for word in matched:
                    found[word] |= ids
                    named[word].add(theme_id)
    return found, named


def _place_words() -> frozenset[str]:
    """Every word of every municipality's and county's names (Sami and Kven ones too), folded."""

    def load():
        names = [m.name for m in municipality_list()] + [c.name for c in county_list()]
        return frozenset(fold_name(w) for w in _WORD.findall(normalise_search_text(" ".join(names))))

    return memoised("search-place-words", load)


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
    position = bisect_left(known, root)
    if position < len(known) and known[position].startswith(root):
        return []
    grams = trigrams(word)
    scored = sorted(
        ((len(grams & other) / len(grams | other), w) for w, other in _vocabulary_trigrams()),
        reverse=True,
    )
    return [w for score, w in scored[:limit] if score >= TRIGRAM_THRESHOLD]


def _vocabulary_trigrams() -> list[tuple[str, set[str]]]:
    return memoised("search-vocabulary-trigrams", lambda: [(w, trigrams(w)) for w in vocabulary()])


def vocabulary() -> list[str]:
    """Words worth correcting a typo towards: themes and place names (from the cached lists)."""

    def load():
        text = " ".join(
            [f"{t.name} {t.name_en} {t.search_terms}" for t in theme_list()]
            + [f"{m.name_plain} {m.name}" for m in municipality_list()]
        )
        return sorted({w for w in _WORD.findall(normalise_search_text(text)) if len(w) >= 4})

    return memoised("search-vocabulary", load)
