"""The "Meld interesse" link, with themes and municipality filled in, for directory pages."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from directory.selectors import theme_list

register = template.Library()


@register.simple_tag
def interest_register_url(themes=None, municipality=None, theme_ids=None) -> str:
    """/meld-interesse/?tema=…&kommune=… for the given themes (objects, or ids through
    `theme_ids`) and municipality (a model or a reference; by its number)."""
    slugs = [theme.slug for theme in themes or []]
    if theme_ids:
        wanted = set(theme_ids)
        slugs += [theme.slug for theme in theme_list() if theme.id in wanted]
    params = [("tema", slug) for slug in slugs if slug]
    if municipality is not None and getattr(municipality, "number", ""):
        params.append(("kommune", municipality.number))
    url = reverse("facilitators:interest_register")
    return f"{url}?{urlencode(params)}" if params else url
