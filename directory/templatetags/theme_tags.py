from django import template

from ..text import in_sentence

register = template.Library()


@register.filter
def theme_in_sentence(value) -> str:
    """{{ themes|theme_in_sentence }}: theme names in lower case in the middle of a sentence
    ("en gruppe om sorg, angst"), acronyms left as they are. Not for place names."""
    return in_sentence(str(value)) if value else ""
