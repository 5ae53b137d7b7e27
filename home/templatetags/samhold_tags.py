from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from groups.models import PUBLIC_STATUS_LABELS
from groups.schedule import describe

register = template.Library()


def _home_page(context):
    request = context.get("request")
    if request is None:
        return None
    cached = getattr(request, "_samhold_home", None)
    if cached is None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
        cached = site.root_page.localized.specific if site else False
        request._samhold_home = cached
    return cached or None


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _home_page(context)
    return home.get_url(context.get("request")) if home else "/"


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    home = _home_page(context)
    request = context.get("request")
    items = []
    if home:
        current = context.get("page")
        for child in home.get_children().live().in_menu():
            items.append(
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "current": bool(current and (current.pk == child.pk or current.path.startswith(child.path))),
                }
            )
    return {"items": items}


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    """A link to this page in the other language: the translated page and the same route."""
    request = context.get("request")
    current = (get_language() or "nb").split("-")[0]
    target = "en" if current == "nb" else "nb"
    url = None
    if request is not None:
        page = context.get("page")
        if isinstance(page, Page) and page.pk:
            translation = page.get_translation_or_none(Locale.objects.filter(language_code=target).first())
            page_url = page.get_url(request) or ""
            if translation and translation.live:
                suffix = request.path[len(page_url):] if request.path.startswith(page_url) else ""
                url = (translation.get_url(request) or "/") + suffix
        if url is None:
            path = request.path
            if target == "en":
                url = "/en" + path
            else:
                url = path[3:] if path.startswith("/en/") else path
        if request.META.get("QUERY_STRING"):
            url = f"{url}?{request.META['QUERY_STRING']}"
    names = dict(settings.LANGUAGES)
    return {"url": url or "/", "target": target, "label": names[target]}


@register.inclusion_tag("components/status_badge.html")
def status_badge(group):
    return {"status": group.status, "label": PUBLIC_STATUS_LABELS.get(group.status, group.get_status_display())}


@register.simple_tag
def schedule_text(group):
    return describe(group)
