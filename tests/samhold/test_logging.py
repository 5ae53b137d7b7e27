"""The secret tokens of private links never reach the logs."""

import io
import logging

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.utils import translation

from samhold.logging import RedactPrivateLinks, redact_private_links

TOKEN = "Zq8xK3-hemmelig_Token42"
UID = "MTIzNDU"


@pytest.fixture
def log_output():
    """Everything the configured handlers (the console and runserver's) write, in one string."""
    handlers = [
        handler
        for name in ("", "django.server")
        for handler in logging.getLogger(name).handlers
        if any(isinstance(f, RedactPrivateLinks) for f in handler.filters)
    ]
    assert len(handlers) == 2, "both handlers must carry the redacting filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/meld-interesse/bekreft/{TOKEN}/",
        f"/en/meld-interesse/din/{TOKEN}/",
        f"/informasjonsmoter/pamelding/{TOKEN}/",
        f"/en/informasjonsmoter/pamelding/{TOKEN}/kalender.ics",
        f"/min-side/nytt-passord/{UID}/{TOKEN}/finnes-ikke/",
        f"/en/min-side/velg-passord/{UID}/{TOKEN}/finnes-ikke/",
    ],
)
def test_a_private_link_with_an_unknown_token_is_logged_without_the_token(client, site, log_output, path):
    response = client.get(path)
    assert response.status_code == 404
    output = log_output.getvalue()
    assert "Not Found" in output
    assert "[redacted]" in output
    assert TOKEN not in output
    assert UID not in output


@pytest.mark.django_db
def test_a_refused_method_on_a_private_link_is_logged_without_the_token(client, site, log_output):
    response = client.get(f"/meld-interesse/din/{TOKEN}/slett/")
    assert response.status_code == 405
    output = log_output.getvalue()
    assert "Method Not Allowed" in output
    assert "[redacted]" in output
    assert TOKEN not in output
    assert UID not in output


def test_runservers_request_line_is_logged_without_the_token(log_output):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.log_date_time_string = lambda: "01/Dec/2026 12:00:00"
    handler.log_message('"%s" %s %s', f"GET /en/min-side/velg-passord/{UID}/{TOKEN}/ HTTP/1.1", "200", "5120")
    output = log_output.getvalue()
    assert '"GET /en/min-side/velg-passord/[redacted]/[redacted]/ HTTP/1.1" 200 5120' in output
    assert TOKEN not in output


def test_a_traceback_that_names_a_private_link_is_redacted(log_output):
    try:
        raise ValueError(f"no registration at /meld-interesse/din/{TOKEN}/")
    except ValueError:
        logging.getLogger("samhold.test").exception("Internal Server Error: /meld-interesse/din/%s/", TOKEN)
    output = log_output.getvalue()
    assert "ValueError" in output
    assert TOKEN not in output


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"Not Found: /meld-interesse/bekreft/{TOKEN}/", "Not Found: /meld-interesse/bekreft/[redacted]/"),
        (f"/meld-interesse/din/{TOKEN}", "/meld-interesse/din/[redacted]"),
        (f"/meld-interesse/din/{TOKEN}/forny/", "/meld-interesse/din/[redacted]/forny/"),
        (f"/informasjonsmoter/pamelding/{TOKEN}?x=1", "/informasjonsmoter/pamelding/[redacted]?x=1"),
        (f"/min-side/nytt-passord/{UID}/", "/min-side/nytt-passord/[redacted]/"),
        (f"/min-side/nytt-passord/{UID}/{TOKEN}/", "/min-side/nytt-passord/[redacted]/[redacted]/"),
        (f"'/en/min-side/velg-passord/{UID}/{TOKEN}/'", "'/en/min-side/velg-passord/[redacted]/[redacted]/'"),
    ],
)
def test_each_private_link_has_its_secret_segments_redacted(text, expected):
    assert redact_private_links(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Not Found: /meld-interesse/", "/meld-interesse/sendt/", "/informasjonsmoter/3/meld-pa/", "/min-side/grupper/7/"],
)
def test_paths_without_a_secret_are_left_as_they_are(text):
    assert redact_private_links(text) == text


def test_every_route_with_a_secret_in_its_path_is_redacted_from_the_logs():
    """A route added later with a token in its path must join PRIVATE_LINKS, or its secrets
    would reach the logs of every 404."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from samhold.logging import PRIVATE_LINKS

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    # The language prefix of a route is the active language's: read them as Bokmål (unprefixed),
    # whatever an earlier request in this thread left active.
    with translation.override("nb"):
        secret_routes = {
            route.replace("<str:", "<").replace("<slug:", "<") for route in walk(get_resolver().url_patterns)
            if "token>" in route
        }
    uncovered = [
        route for route in sorted(secret_routes)
        if not any(("/" + route.lstrip("^")).startswith(template.split("<")[0]) for template in PRIVATE_LINKS)
    ]
    assert uncovered == [], f"add these to samhold.logging.PRIVATE_LINKS: {uncovered}"
