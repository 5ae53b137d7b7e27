"""Template tags for pages outside the research app that link into it. Min side's home page
belongs to facilitators, which may not import research; the template asks here instead."""

from django import template

from ..scope import is_researcher as _is_researcher

register = template.Library()


@register.simple_tag(takes_context=True)
def is_researcher(context) -> bool:
    """{% is_researcher as researcher %}: whether the logged-in person has the researcher role."""
    request = context.get("request")
    return _is_researcher(getattr(request, "user", None))
