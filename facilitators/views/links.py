"""What every page opened by a private link answers when the link points to nothing, and the
one extra step before a person deletes what they registered."""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _

from samhold.http import private_link_headers

# The shape of the tokens Samhold writes into links (secrets.token_urlsafe(24) or (32)).
_OUR_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,43}$")

# The box a person ticks in a delete form; without it the view asks once more.
CONFIRM_FIELD = "confirm_delete"


def link_gone(request):
    """A used, expired or deleted link: a calm 404 that says so in words and offers a way on
    (fresh links, or the search). A link too short to be one we sent was cut off on the way,
    and the page says to copy all of it."""
    token = (request.resolver_match.kwargs.get("token", "") if request.resolver_match else "") or ""
    context = {"mistyped": not _OUR_TOKEN.match(token)}
    return private_link_headers(render(request, "facilitators/link_gone.html", context, status=404))


def delete_confirmed(request) -> bool:
    """Whether the person ticked "yes, delete" in the form they sent."""
    return request.POST.get(CONFIRM_FIELD) == "yes"


def delete_confirm_page(request, *, heading: str, text: str, button: str):
    """The form once more, with the box to tick and an error saying so (400): deleting cannot
    be undone, so it is asked once. Works without JavaScript."""
    context = {
        "heading": heading,
        "text": text,
        "button": button,
        "confirm_field": CONFIRM_FIELD,
        "error": _("Tick the box to confirm that you want to delete it."),
        "back_url": request.path,
    }
    return private_link_headers(render(request, "facilitators/confirm_delete.html", context, status=400))
