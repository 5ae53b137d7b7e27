"""Requests the site cannot read: a calm 400 page instead of an error.

Browsers send Samhold's forms in UTF-8 (every page is UTF-8) and send no Content-Type with a GET.
A charset named in a request's Content-Type is what Django decodes the query string and the form
fields with, so a request that names another one is refused before anything reads them: some
codecs are no text encodings at all (hex, base64, zlib, rot13), others fail on the bytes they are
given (idna, punycode), and a form sent as UTF-16 cannot be read either. Django answered each of
those with a 500, on GET as well as on POST: for the first kinds the request could not even be
made (WSGIRequest decodes the query string as soon as it learns the charset), and for a form its
own 400 page failed too, because it reads the form again for the CSRF check.

So the WSGI application (samhold.wsgi) makes its requests with ReadableRequest, which leaves such
a charset unused and notes it, and UnreadableRequestMiddleware answers them with a 400.

Like the database-down page (samhold.health), the page is plain HTML kept here: it needs no
template, no database, no session and no form.
"""

import codecs

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBadRequest
from django.utils.http import parse_header_parameters

BAD_REQUEST_PAGE = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vi kunne ikke lese forespørselen</title>
</head>
<body>
<main>
<h1>Vi kunne ikke lese forespørselen</h1>
<p>Nettleseren eller programmet sendte noe vi ikke kan lese. Gå tilbake og prøv igjen, eller gå
til <a href="/">forsiden</a>.</p>
<div lang="en">
<h2>We could not read the request</h2>
<p>The browser or program sent something we cannot read. Go back and try again, or go to the
<a href="/en/">front page</a>.</p>
</div>
</main>
</body>
</html>
"""

# The charsets a request may name: UTF-8, and ASCII, which is part of it.
READABLE_CHARSETS = frozenset({"utf-8", "ascii"})


def bad_request_response() -> HttpResponseBadRequest:
    response = HttpResponseBadRequest(BAD_REQUEST_PAGE, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    """handler400: the calm page. Unlike Django's default it runs no CSRF check, which would read
    a form that could not be read once already."""
    return bad_request_response()


def charset_readable(content_params: dict) -> bool:
    """Whether the charset a request's Content-Type names, if any, is one the site reads."""
    if "charset" not in content_params:
        return True
    try:
        name = codecs.lookup(content_params["charset"].strip()).name
    except LookupError:
        return False
    return name in READABLE_CHARSETS


class ReadableRequest(WSGIRequest):
    """Django's request, except that a charset the site does not read is never used to decode
    anything: it is kept aside in `unreadable_charset` for UnreadableRequestMiddleware."""

    unreadable_charset = None

    def _set_content_type_params(self, meta):
        _content_type, params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        if charset_readable(params):
            super()._set_content_type_params(meta)
            return
        self.unreadable_charset = params["charset"]
        super()._set_content_type_params({**meta, "CONTENT_TYPE": meta["CONTENT_TYPE"].split(";", 1)[0]})
        self.content_params = {name: value for name, value in params.items() if name != "charset"}


class UnreadableRequestMiddleware:
    """Answers 400 to a request whose Content-Type names a charset other than UTF-8, before any
    middleware or view reads its query string or form. Placed before everything that may. (It
    also checks requests not made by ReadableRequest, such as the test client's.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "unreadable_charset", None) is not None or not charset_readable(request.content_params or {}):
            return bad_request_response()
        return self.get_response(request)
