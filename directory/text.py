"""Small text helpers shared by the reference data and the apps above it."""

import re
import unicodedata

from django.utils.text import slugify

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})


def norwegian_slug(value: str) -> str:
    """Slug the way Norwegians write addresses without the letters: æ→ae, ø→o, å→a."""
    value = value.translate(_NORWEGIAN_LETTERS)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    return slugify(value)


def normalise_search_text(value: str) -> str:
    """Lower case, single spaces, no control characters: what the search compares."""
    value = "".join(" " if unicodedata.category(c).startswith("C") else c for c in value)
    return re.sub(r"\s+", " ", value).strip().lower()


# Æ, Ø and Å come last in the Norwegian alphabet, in that order.
_SORT_LETTERS = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}", "Æ": "z{", "Ø": "z|", "Å": "z}"})


def norwegian_sort_key(value: str) -> str:
    return value.lower().translate(_SORT_LETTERS)


def in_sentence(name: str) -> str:
    """A theme name inside a sentence: "Sorg" becomes "sorg", "ADHD" and "ME/utmattelse" stay.
    Several names joined with ", " are each treated so."""
    return ", ".join(_lower_first(part) for part in name.split(", "))


def _lower_first(name: str) -> str:
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


_FOLD_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ŋ": "n", "đ": "d", "ŧ": "t", "ʒ": "z"})


def fold_name(value: str) -> str:
    """A name as people type it without Norwegian and Sami letters: lower case, æ→ae, ø→o,
    å→a, no accents ("Kárášjohka" → "karasjohka", "Bodø" → "bodo")."""
    value = value.lower().translate(_FOLD_LETTERS)
    value = unicodedata.normalize("NFKD", value)
    return "".join(c for c in value if not unicodedata.combining(c))

