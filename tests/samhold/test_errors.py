"""A request the site cannot read gets the calm 400 page, never a 500: a Content-Type naming a
charset other than UTF-8 (on GET as well as on POST), and any other 400 (handler400), which
must not read the form again. Asked through the production WSGI application, as gunicorn asks
it: for some charsets the request could not even be made before."""

import pytest

from samhold.errors import BAD_REQUEST_PAGE, charset_readable
from tests.samhold.sweep_helpers import hostile_sweep, wsgi_transport

pytestmark = pytest.mark.django_db

# Codecs Python knows that are no text encodings, or fail on the bytes of a form, and text
# encodings a form from this site is never sent in.
UNREADABLE = ["hex", "base64", "zlib", "bz2", "rot13", "uu", "idna", "punycode", "unicode_escape",
              "utf-16", "utf-32", "utf-7", "latin-1", "ebcdic-cp-be", "no-such-charset", ""]
FORM = b"application/x-www-form-urlencoded"


@pytest.fixture
def visitor(site):
    with wsgi_transport() as transport:
        yield hostile_sweep.Visitor(transport, rotate_addresses=False)


def login_token(visitor) -> str:
    page = visitor.get("/min-side/logg-inn/")
    assert page.status == 200
    return hostile_sweep.csrf_token(page.body)


@pytest.mark.parametrize("charset", UNREADABLE)
def test_a_get_naming_an_unreadable_charset_is_a_calm_400(visitor, charset):
    response = visitor.request("GET", b"/finn-gruppe/?q=sorg+%C3%A6%FF", headers=[
        ("Content-Type", f"text/plain; charset={charset}".encode())])
    assert response.status == 400
    assert response.body.decode() == BAD_REQUEST_PAGE
    assert response.header("Content-Security-Policy")  # the security headers are still set


@pytest.mark.parametrize("charset", UNREADABLE)
def test_a_form_posted_in_an_unreadable_charset_is_a_calm_400(visitor, charset):
    token = login_token(visitor)
    body = f"csrfmiddlewaretoken={token}&username=kari%40example.org&password=x%FF".encode()
    for content_type in (FORM, b"multipart/form-data; boundary=x"):
        response = visitor.post("/min-side/logg-inn/", body, content_type + f"; charset={charset}".encode())
        assert response.status == 400, content_type
        assert response.body.decode() == BAD_REQUEST_PAGE


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "us-ascii", '"utf-8"'])
def test_utf_8_and_ascii_are_read_as_before(visitor, charset):
    response = visitor.request("GET", b"/finn-gruppe/?q=sorg", headers=[
        ("Content-Type", f"text/plain; charset={charset}".encode())])
    assert response.status == 200
    token = login_token(visitor)
    response = visitor.post("/min-side/logg-inn/", f"csrfmiddlewaretoken={token}&username=kari%40example.org"
                            "&password=feil".encode(), FORM + f"; charset={charset}".encode())
    # The login form again, with its error; Django takes such a form only as "utf-8" exactly,
    # and answers other spellings with the calm 400.
    assert response.status == (200 if charset.strip('"').lower() == "utf-8" else 400)


def test_charset_readable():
    assert charset_readable({})
    assert charset_readable({"charset": " UTF-8 "})
    assert not charset_readable({"charset": "hex"})


def test_other_bad_requests_get_the_calm_page_too(visitor):
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django's SuspiciousOperation, a 400.
    token = login_token(visitor)
    body = f"csrfmiddlewaretoken={token}&".encode() + b"&".join(b"f%d=x" % i for i in range(10_500))
    response = visitor.post("/min-side/logg-inn/", body)
    assert response.status == 400
    assert response.body.decode() == BAD_REQUEST_PAGE
    # A Host header that is not allowed.
    response = visitor.request("GET", b"/", headers=[("Host", b"evil.example")])
    assert response.status == 400
    assert response.body.decode() == BAD_REQUEST_PAGE
