"""An anonymous visitor walks every route of the project and finds nothing that is not meant for them.

The routes are read from Django's resolver (the Wagtail admin, Min side, the public site in Bokmål
and under /en/) and from the routable pages of Wagtail's page tree, so a route added later is
walked without this module changing. Each route is asked with GET, HEAD and POST, with the ids
and tokens of a seeded site, with ones that do not exist, and with garbage in its parameters:

- a route that is not in PUBLIC sends the visitor to a login page or answers 404;
- every POST without a CSRF token is refused with 403 and changes nothing: no row is written,
  no e-mail is queued or sent;
- every HTML response carries the security headers, and nothing under Min side is stored;
- nothing answers 500, and no response shows a seeded person's details, except a private link
  to that person's own record opened with its real token.
"""

import dataclasses
import datetime
import functools
import re
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls import converters as django_converters
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from home.views import GEOLOCATION_ALLOWED_POLICY
from samhold.middleware import ADMIN_CSP, PERMISSIONS_POLICY, PUBLIC_CSP
from tests.factories import SelfHelpGroupFactory, StartUpFactory

try:  # Python 3.11 renamed the regular-expression parser; it reads the regex routes below.
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants
    import sre_parse

pytestmark = pytest.mark.django_db

# The routes an anonymous visitor may be answered 200 on, by route as the resolver writes it
# (without the /en/ prefix), and for the routable pages "<page model>:<route>". Every other
# route must send the visitor to a login page or answer 404. A new route that is meant for the
# public is added here, with the reason; one that is not needs a login.
PUBLIC = {
    # For load balancers and monitoring: the database's state and the queue's counts, no data.
    "healthz": "the health check",
    # The Wagtail admin: only the ways in.
    "admin/login/": "the admin's login",
    "admin/password_reset/": "asking for a new password",
    "admin/password_reset/done/": "'we have sent you an e-mail'",
    "admin/password_reset/confirm/<uidb64>/<token>/": "the link in the reset e-mail",
    "admin/password_reset/complete/": "'your password is changed'",
    "admin/jsi18n/": "the translations the login page's scripts need; no data",
    "admin/sprite/": "the icons the login page draws; no data",
    # Min side: logging in and out, a new password, and applying to become a facilitator.
    "min-side/logg-inn/": "Min side's login",
    "min-side/logg-ut/": "logging out (POST only)",
    "min-side/glemt-passord/": "asking for a new password",
    "min-side/glemt-passord/sendt/": "'we have sent you an e-mail'",
    "min-side/nytt-passord/<uidb64>/<token>/": "the link in the reset e-mail",
    "min-side/nytt-passord/ferdig/": "'your password is changed'",
    "min-side/velg-passord/<uidb64>/<token>/": "a new facilitator's link to choose a first password",
    "min-side/bli-igangsetter/": "the application to become a facilitator",
    "min-side/bli-igangsetter/mottatt/": "'we have your application'",
    "min-side/bli-igangsetter/din/<token>/": "private link: the applicant's own application, and withdrawing it",
    "min-side/bli-igangsetter/din/<token>/data.json": "private link: a copy of the application",
    # A person's own data without an account: fresh private links by e-mail.
    "mine-opplysninger/": "asking for fresh links to what is stored for an address",
    "mine-opplysninger/sendt/": "'if we hold anything, we have e-mailed it'",
    # Information meetings: the public list and sign-up, and the person's private link.
    "informasjonsmoter/": "upcoming information meetings",
    "informasjonsmoter/<pk>/meld-pa/": "signing up for a meeting",
    "informasjonsmoter/<pk>/meld-pa/takk/": "'you are signed up'",
    "informasjonsmoter/pamelding/<token>/": "private link: the person's own sign-up",
    "informasjonsmoter/pamelding/<token>/kalender.ics": "private link: the sign-up's calendar file",
    "informasjonsmoter/pamelding/<token>/data.json": "private link: a copy of the sign-up",
    "informasjonsmoter/bekreft/<token>/": "private link: confirming (or deleting) a sign-up",
    # Interest registrations: the public form and the person's private links.
    "meld-interesse/": "registering interest in a group",
    "meld-interesse/sendt/": "'check your e-mail'",
    "meld-interesse/slettet/": "'your registration is deleted'",
    "meld-interesse/bekreft/<token>/": "private link: confirming a registration",
    "meld-interesse/din/<token>/": "private link: the person's own registration",
    "meld-interesse/din/<token>/slett/": "private link: deleting it (POST only)",
    "meld-interesse/din/<token>/forny/": "private link: renewing it (POST only)",
    "meld-interesse/din/<token>/data.json": "private link: a copy of the registration",
    # Research: the recruiting studies, volunteering, and the volunteer's private links (the
    # routes are translated: /en/research/…; the crawl names them in Bokmål).
    "forskning/": "recruiting studies",
    "forskning/<slug>/": "a recruiting study's page",
    "forskning/<slug>/informasjonsskriv.pdf": "a recruiting study's information letter",
    "forskning/<slug>/meld-deg/": "volunteering for a study",
    "forskning/meld-deg/sendt/": "'check your e-mail'",
    "forskning/meld-deg/bekreft/<token>/": "private link: confirming (or deleting) a volunteering",
    "forskning/meld-deg/din/<token>/": "private link: the volunteer's own page",
    "forskning/meld-deg/din/<token>/trekk/": "private link: withdrawing (POST only)",
    "forskning/meld-deg/trukket/": "'you have withdrawn'",
    # Researchers apply for an account like facilitators.
    "min-side/forsker/soknad/": "the application for a researcher account",
    "min-side/forsker/soknad/mottatt/": "'we have your application'",
    # Wagtail: published pages and documents, and the forms for pages and documents an editor
    # has put behind a password or a login.
    "((?:[\\w\\-]+/)*)$": "Wagtail's page tree",
    "documents/(\\d+)/(.*)$": "documents editors publish",
    "documents/authenticate_with_password/<restriction_id>/": "a password-protected document's form",
    "_util/authenticate_with_password/<page_view_restriction_id>/<page_id>/": "a password-protected page's form",
    "_util/login/": "the login for a page editors restricted to logged-in users",
    # The pages of the page tree and the directory page's routes.
    "home.HomePage:": "the home page",
    "home.ContentPage:": "content pages (the privacy statement, about self-help groups)",
    "home.DirectoryPage:": "the search",
    "home.DirectoryPage:kommuner/": "the municipalities' points for 'Use my location'; reference data only",
    "home.DirectoryPage:<county_slug>/": "a county's groups",
    "home.DirectoryPage:<county_slug>/<municipality_slug>/": "a municipality's groups",
    "home.DirectoryPage:kalender/<county_slug>/<municipality_slug>/": "a municipality's calendar feed",
    "home.DirectoryPage:<county_slug>/<municipality_slug>/<group_slug>/": "a group's page",
    "home.DirectoryPage:<county_slug>/<municipality_slug>/<group_slug>/takk/": "'your message is sent'",
    "home.DirectoryPage:<county_slug>/<municipality_slug>/<group_slug>/kalender/": "a group's calendar file",
    "home.DirectoryPage:nett/<group_slug>/": "an online group's page",
    "home.DirectoryPage:nett/<group_slug>/takk/": "'your message is sent'",
    "home.DirectoryPage:nett/<group_slug>/kalender/": "an online group's calendar file",
}

# Real vulnerabilities this crawl found, by (method, route, variant) → (what is wrong, the
# databases it happens on). Each is asked again in test_a_known_finding_is_still_there, marked
# there as a strict xfail (so the suite goes red once it is fixed, and the entry must go), and
# left out of the sweeping tests so that they stay green and keep guarding everything else.
KNOWN_FINDINGS: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {
    # None today. (A NUL byte as a private link's token was a 500 on PostgreSQL until tokens
    # were compared by their hash.)
}


def _token(path: str) -> str:
    """The token in a private link's path."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def _known(case) -> bool:
    return case in KNOWN_FINDINGS and connection.vendor in KNOWN_FINDINGS[case][1]


MISSING_ID = "987654321"
MADE_UP_TOKEN = "bWFkZS11cC10b2tlbi1mb3ItY3Jhd2wh"  # as long as a real one, never issued
MADE_UP_UID = "OTg3NjU0MzIx"  # base64 of a user id that does not exist
# Garbage in every parameter at once, written into the URL as a browser or robot could send it.
GARBAGE = {
    "very long": "x" * 3000,
    "not a number": "abc",
    "huge number": "9" * 40,
    "token of the wrong length": "Zm9v",
    "unicode": quote("æøå-ŋ-Ꮳ-\u202e-😀", safe=""),
    "NUL": "%00",
}
LANGUAGES = ("nb", "en")
METHODS = ("GET", "HEAD", "POST")
# A route that turns visitors away must do so for a POST that passes the CSRF check as well:
# each such route is also posted to with a valid token (any visitor can get one from a form).
POST_WITH_TOKEN = "POST with a CSRF token"
CSRF_SECRET = "crawlcrawlcrawlcrawlcrawlcrawl32"
# What a form on the site would accept, so that a POST that got past the CSRF check would save.
POST_DATA_TEMPLATE = {
    "name": "Roar Robot",
    "email": "roar.robot@example.net",
    "phone": "912 34 567",
    "message": "Hei, jeg vil gjerne være med i gruppa deres.",
    "background": "Jeg har ledet samtalegrupper i mange år.",
    "consent": "on",
    "radius_km": "0",
    "note": "Avlyst på grunn av sykdom.",
    "username": "fia@example.org",
    "password": "et-langt-testpassord-123",
    "new_password1": "Et helt nytt passord 2026!",
    "new_password2": "Et helt nytt passord 2026!",
    "code": "123456",
}


# The routes -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    kind: str  # int, slug, str, path, uuid; for a regex group, a sample it matches


@dataclasses.dataclass(frozen=True)
class Route:
    """A route as the visitor meets it: its patterns from the root, or a routable page's route."""

    key: str
    levels: tuple
    view_name: str
    csrf_exempt: bool
    page: Page | None = None
    callback: object = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def i18n(self) -> bool:
        return self.page is None and any(isinstance(level, LocalePrefixPattern) for level in self.levels)

    def params(self) -> list[Param]:
        found = {}
        for level in self.levels:
            if isinstance(level, RoutePattern):
                for match in _ROUTE_PARAM.finditer(str(level)):
                    converter = level.converters[match["name"]]
                    found.setdefault(match["name"], Param(match["name"], _converter_kind(converter)))
            elif isinstance(level, RegexPattern):
                for name, kind in _regex_groups(level.regex.pattern):
                    found.setdefault(name, Param(name, kind))
        return list(found.values())

    def url(self, language: str, values: dict[str, str]) -> str:
        if self.page is not None:
            base = self.page.url
            return base + _fill(self.levels[0], values)
        with override(language):
            return "/" + "".join(_fill(level, values) for level in self.levels)


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _converter_kind(converter) -> str:
    for cls, kind in (
        (django_converters.IntConverter, "int"),
        (django_converters.SlugConverter, "slug"),
        (django_converters.UUIDConverter, "uuid"),
        (django_converters.PathConverter, "path"),
        (django_converters.StringConverter, "str"),
    ):
        if isinstance(converter, cls):
            return kind
    return _Sampler(converter.regex, {}).text()  # a converter of our own: a sample of its regex


def _key(levels) -> str:
    """The route as Django's ResolverMatch.route writes it, without the language prefix, each
    level's leading ^ and the converters' names: <slug:token> instead of <str:token> is the same
    route (made stricter), and must not need PUBLIC changed."""
    return _plain("".join(str(level).removeprefix("^") for level in levels if not isinstance(level, LocalePrefixPattern)))


def _plain(route: str) -> str:
    return _ROUTE_PARAM.sub(lambda match: f"<{match['name']}>", route)


def django_routes() -> list[Route]:
    routes = []

    def walk(patterns, levels, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, levels + (entry.pattern,), f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            else:
                assert isinstance(entry, URLPattern)
                routes.append(
                    Route(
                        key=_key(levels + (entry.pattern,)),
                        levels=levels + (entry.pattern,),
                        view_name=f"{namespace}{entry.name}" if entry.name else entry.lookup_str,
                        csrf_exempt=getattr(entry.callback, "csrf_exempt", False),
                        callback=entry.callback,
                    )
                )

    # Translated routes are named in Bokmål, the root language, whatever language is active.
    with override("nb"):
        walk(get_resolver().url_patterns, (), "")
    return routes


def page_routes(pages) -> list[Route]:
    """Every page, and every route of the routable ones below each."""
    routes = []
    for page in pages:
        label = page.specific_class._meta.label
        routes.append(Route(key=f"{label}:", levels=(RoutePattern(""),), view_name="wagtail_serve", csrf_exempt=False, page=page))
        if isinstance(page, RoutablePageMixin):
            for entry in page.get_subpage_urls():
                if str(entry.pattern) == "":
                    continue  # the page itself
                routes.append(
                    Route(key=f"{label}:{_plain(str(entry.pattern))}", levels=(entry.pattern,), view_name=entry.name, csrf_exempt=False, page=page)
                )
    return routes


# Filling a route's parameters -------------------------------------------------------------


def _fill(level, values: dict[str, str]) -> str:
    if isinstance(level, LocalePrefixPattern):
        return level.language_prefix
    if isinstance(level, RoutePattern):
        return _ROUTE_PARAM.sub(lambda match: values[match["name"]], str(level))
    return _Sampler(level.regex.pattern, values).text()


def _regex_groups(pattern: str) -> list[tuple[str, str]]:
    """(name, kind) of each capturing group of a regex route: "int" for digits, else a sample the
    group matches. Unnamed groups are "_1", "_2", ..."""
    sampler = _Sampler(pattern, {})
    groups = []

    def visit(items):
        for op, arg in items:
            if op is sre_constants.SUBPATTERN:
                index, _add, _del, body = arg
                if index is not None:
                    digits = [(op, arg) for op, arg in body] == _DIGITS
                    groups.append((sampler.names.get(index, f"_{index}"), "int" if digits else sampler.emit(body)))
                    continue
                visit(body)
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                visit(arg[2])
            elif op is sre_constants.BRANCH:
                for alternative in arg[1]:
                    visit(alternative)

    visit(sampler.parsed)
    return groups


_DIGITS = list(sre_parse.parse(r"\d+"))


class _Sampler:
    """A string a regex route matches, with its groups filled from `values` where given."""

    def __init__(self, pattern: str, values: dict[str, str]):
        self.pattern = pattern
        self.parsed = sre_parse.parse(pattern)
        self.names = {index: name for name, index in self.parsed.state.groupdict.items()}
        self.values = values

    def text(self) -> str:
        return self.emit(self.parsed)

    def emit(self, items) -> str:
        out = []
        for op, arg in items:
            if op is sre_constants.LITERAL:
                out.append(chr(arg))
            elif op is sre_constants.NOT_LITERAL:
                out.append("b" if chr(arg) == "a" else "a")
            elif op is sre_constants.AT:
                pass
            elif op is sre_constants.ANY:
                out.append("a")
            elif op is sre_constants.IN:
                out.append(_from_class(arg))
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                low, _high, body = arg
                out.append(self.emit(body) * max(low, 1))
            elif op is sre_constants.SUBPATTERN:
                index, _add, _del, body = arg
                name = self.names.get(index, f"_{index}") if index is not None else None
                out.append(self.values[name] if name in self.values else self.emit(body))
            elif op is sre_constants.BRANCH:
                out.append(self.emit(arg[1][0]))
            else:
                raise AssertionError(f"The crawler cannot write a sample for {op} in the route {self.pattern!r}: teach _Sampler.")
        return "".join(out)


def _from_class(items) -> str:
    for op, arg in items:
        if op is sre_constants.LITERAL:
            return chr(arg)
        if op is sre_constants.CATEGORY:
            return {sre_constants.CATEGORY_DIGIT: "1", sre_constants.CATEGORY_WORD: "a"}.get(arg, "a")
        if op is sre_constants.RANGE:
            return chr(arg[0])
    return "a"


# The seeded site ----------------------------------------------------------------------------


@dataclasses.dataclass
class Seed:
    """What the crawl fills parameters from, and the personal data no visitor may see."""

    ids: dict[str, list[tuple[str, int]]]  # kind of object → (label, id), the first is "real"
    slugs: dict[str, list[tuple[str, str]]]  # slug parameter → (label, slug)
    tokens: dict[str, str]  # the owner's name → their private link's token
    reset: tuple[str, str]  # a facilitator's uidb64 and password-reset token
    pages: list[Page]
    drafts: dict[str, str]  # what is not published, by path segment → what it is
    personal_data: dict[str, list[str]]  # the owner's name → what identifies them or what they told us
    post_data: dict

    def variants(self, route: Route) -> list[tuple[str, dict[str, str]]]:
        """(label, values) for each way to fill the route: every parameter real, then one at a
        time another real object (a draft, another person's token) or one that does not exist."""
        params = route.params()
        if not params:
            return [("", {})]
        candidates = {param.name: self._candidates(route, param) for param in params}
        if "uidb64" in candidates:  # a reset link is a pair: both real, or both made up
            return [
                ("real", {"uidb64": self.reset[0], "token": self.reset[1]}),
                ("made up", {"uidb64": MADE_UP_UID, "token": MADE_UP_TOKEN}),
            ]
        first = {name: values[0][1] for name, values in candidates.items()}
        variants = [("real", first)]
        for name, values in candidates.items():
            variants += [(f"{name}: {label}", {**first, name: value}) for label, value in values[1:]]
        return variants

    def _candidates(self, route: Route, param: Param) -> list[tuple[str, str]]:
        if param.kind == "int":
            return [(label, str(pk)) for label, pk in self._real_ids(route, param.name)] + [("does not exist", MISSING_ID)]
        if param.name == "token":
            return [(f"{owner}'s", token) for owner, token in self.tokens.items()] + [("made up", MADE_UP_TOKEN)]
        if param.kind == "slug" and param.name in self.slugs:
            return self.slugs[param.name] + [("does not exist", "finnes-ikke")]
        if param.kind in ("slug", "str", "path"):
            return [("real", SAMPLES.get(param.name, "noe")), ("does not exist", "finnes-ikke")]
        if param.kind == "uuid":
            return [("does not exist", "6f1c2a4e-8d0b-4c55-9b7e-0e2b1d5c9a10")]
        return [("real", param.kind)]  # a regex group: the sample it matches

    def _real_ids(self, route: Route, param: str) -> list[tuple[str, int]]:
        for word, kind in INT_BY_PARAM:
            if word in param:
                return self.ids.get(kind, [])
        for word, kind in INT_BY_ROUTE:
            if word in route.key:
                return self.ids.get(kind, [])
        return self.ids["group"][:1]


# Which seeded object an <int:…> stands for: by a word in the parameter's name, then in the
# route. Objects the seed has none of ("none") are asked for only with an id that does not exist.
INT_BY_PARAM = [
    ("page", "page"), ("destination", "page"), ("revision", "revision"), ("restriction", "none"), ("task", "none"),
    ("session", "none"), ("uploaded_file", "none"), ("image", "none"), ("document", "none"), ("doc_id", "none"),
    ("workflow", "none"), ("collection", "collection"),
]
INT_BY_ROUTE = [
    ("informasjonsmoter", "meeting"), ("selfhelpgroup", "group"), ("grupper", "group"), ("admin/users", "user"),
    ("county", "county"), ("municipality", "municipality"), ("theme", "theme"), ("facilitator_application", "application"),
    ("oppstarter", "startup"), ("outgoingemail", "email"), ("logg", "record"), ("locales", "locale"), ("sites", "site"),
    ("admin/groups", "role"), ("collections", "collection"), ("api/main/pages", "page"), ("admin/pages", "page"),
    ("settings", "setting"), ("images", "none"), ("documents", "none"), ("workflows", "none"), ("meldinger", "none"),
]
# str and slug parameters of the admin, filled with something that exists.
SAMPLES = {
    "app_label": "groups", "model_name": "selfhelpgroup", "app_name": "home", "content_type_app_name": "home",
    "content_type_model_name": "contentpage", "action_name": "approve", "action": "delete", "filter_spec": "original",
}


@pytest.fixture
def seeded(site_en, places, themes, people, django_capture_on_commit_callbacks):
    """A small, realistic site: an open, an online and a planned group, a draft group, an
    information meeting with a sign-up, a confirmed and an unconfirmed interest registration, an
    application to become a facilitator, a content page and a draft one, in Bokmål and English."""
    from django.contrib.auth.models import Group as Role
    from wagtail.models import Collection, Locale, Site

    from facilitators.consent import (
        APPLICATION_CONSENT_VERSION,
        INTEREST_CONSENT_VERSION,
        MEETING_SIGNUP_CONSENT_VERSION,
    )
    from facilitators.models import AuditEntry, InterestLink, LinkPurpose, MeetingSignUp
    from facilitators.services.accounts import application_manage_url, facilitator_apply
    from facilitators.services.interest import interest_confirm, interest_manage_path, interest_register
    from facilitators.services.links import link_issue
    from facilitators.services.meetings import meeting_schedule, meeting_sign_up, signup_confirm, signup_manage_path
    from groups.models import Attendance
    from home.models import ContentPage
    from outbox.models import OutgoingEmail
    from samhold.models import ContactSettings

    fia = people["facilitator"]
    directory = site_en
    home = directory.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        privacy = home.add_child(instance=ContentPage(title="Personvern", slug="personvern", intro="Slik tar vi vare på deg."))
        privacy.save_revision().publish()
        draft_page = home.add_child(instance=ContentPage(title="Utkast til side", slug="utkast-til-side", live=False))
        open_group = SelfHelpGroupFactory(
            name="Sorggruppe i Levanger", slug="sorggruppe-levanger", municipality=places["levanger"],
            themes=[themes["sorg"]], contact=people["contact"],
        )
        online_group = SelfHelpGroupFactory(
            name="Angst på nett", slug="angst-pa-nett", municipality=None, attendance=Attendance.ONLINE, place="",
            themes=[themes["angst"]], contact=people["contact"],
        )
        planned_group = SelfHelpGroupFactory(
            name="Depresjonsgruppe Levanger", slug="depresjon-levanger", municipality=places["levanger"],
            status="planned", open_places=None, contact=None, themes=[themes["depresjon"]],
        )
        startup = StartUpFactory(group=planned_group, facilitators=[fia])
        draft = StartUpFactory(
            group__name="Pårørendegruppe (utkast)", group__slug="parorende-utkast",
            group__municipality=places["levanger"], facilitators=[fia],
        ).group
        starts = timezone.now() + datetime.timedelta(days=7)
        meeting = meeting_schedule(
            group=planned_group, actor=fia, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
            capacity=10, place="Frivilligsentralen", description="Vi forteller om gruppa.",
        )
        meeting_sign_up(
            meeting=meeting, name="Anne Deltaker", email="anne.deltaker@example.net", language="nb",
            consent_text_version=MEETING_SIGNUP_CONSENT_VERSION, ip_address="10.9.0.1",
        )
        signup = signup_confirm(signup=MeetingSignUp.objects.get(email="anne.deltaker@example.net"))
        interest = interest_register(
            themes=[themes["sorg"]], municipality=places["levanger"], email="ivar.interessert@example.net",
            phone="412 34 567", message="Jeg mistet broren min i vinter og trenger noen å snakke med.",
            consent_text_version=INTEREST_CONSENT_VERSION, language="nb", ip_address="10.9.0.2",
        )
        interest_confirm(registration=interest)
        unconfirmed = interest_register(
            themes=[themes["angst"]], municipality=places["verdal"], email="una.ubekreftet@example.net",
            message="Jeg får panikk på bussen.", consent_text_version=INTEREST_CONSENT_VERSION, language="nb",
            ip_address="10.9.0.4",
        )
        application = facilitator_apply(
            name="Solveig Søker", email="solveig.soker@example.net", phone="987 65 432", municipality=places["verdal"],
            background="Jeg har selv vært med i en sorggruppe i tre år.", consent_text_version=APPLICATION_CONSENT_VERSION,
            ip_address="10.9.0.3",
        )
        revision = directory.save_revision()

    # Every published page a site serves (Wagtail's "Welcome" page from its migrations is in none).
    pages = [page for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path") if page.url]
    first = lambda queryset: [("real", pk) for pk in queryset.order_by("pk").values_list("pk", flat=True)[:1]]  # noqa: E731
    return Seed(
        ids={
            "group": [("real", open_group.pk), ("draft group", draft.pk)],
            "meeting": [("real", meeting.pk)],
            "page": [("real", directory.pk), ("draft page", draft_page.pk)],
            "revision": [("real", revision.pk)],
            "user": [("real", fia.pk)],
            "county": [("real", places["levanger"].county_id)],
            "municipality": [("real", places["levanger"].pk)],
            "theme": [("real", themes["sorg"].pk)],
            "application": [("real", application.pk)],
            "startup": [("real", startup.pk)],
            "email": first(OutgoingEmail.objects),
            "record": first(AuditEntry.objects),
            "locale": [("real", Locale.get_default().pk)],
            "site": [("real", Site.objects.get(is_default_site=True).pk)],
            "role": first(Role.objects),
            "collection": [("real", Collection.get_first_root_node().pk)],
            "setting": [("real", ContactSettings.load().pk)],
        },
        slugs={
            "county_slug": [("real", places["levanger"].county.slug)],
            "municipality_slug": [("real", places["levanger"].slug)],
            "group_slug": [("real", open_group.slug), ("online group", online_group.slug), ("draft group", draft.slug)],
        },
        tokens={
            "Ivar": _token(interest_manage_path(interest)),
            "Una": link_issue(InterestLink, owner=unconfirmed, purpose=LinkPurpose.CONFIRM),
            "Anne": _token(signup_manage_path(signup)),
            "Solveig": _token(application_manage_url(application)),
        },
        reset=(urlsafe_base64_encode(force_bytes(fia.pk)), default_token_generator.make_token(fia)),
        pages=pages + [draft_page],
        drafts={f"/{draft.slug}/": "the draft group", f"/{draft_page.slug}/": "the draft page"},
        personal_data={
            "Ivar": ["ivar.interessert@example.net", "412 34 567", "mistet broren min"],
            "Una": ["una.ubekreftet@example.net", "panikk på bussen"],
            "Anne": ["Anne Deltaker", "anne.deltaker@example.net"],
            "Solveig": ["Solveig Søker", "solveig.soker@example.net", "987 65 432", "sorggruppe i tre år"],
            "staff and group contacts": [person.email for person in people.values()],
        },
        post_data={**POST_DATA_TEMPLATE, "themes": [themes["sorg"].pk], "municipality": places["levanger"].pk},
    )


# The crawl ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Probe:
    """One request and what came back."""

    method: str
    path: str
    route: Route | None  # the route that answers the path (garbage may land on a catch-all)
    asked_for: Route  # the route the path was made from
    variant: str  # how its parameters were filled: real, made up, a kind of garbage, ...
    status: int = 0
    location: str = ""
    headers: dict = dataclasses.field(default_factory=dict)
    shows: list = dataclasses.field(default_factory=list)  # (owner, text) of seeded personal data in the body
    error: str = ""
    writes: list = dataclasses.field(default_factory=list)
    mail: int = 0  # e-mail queued in the outbox or sent
    on_commit: int = 0  # work queued to run after the transaction
    cookies: list = dataclasses.field(default_factory=list)

    def __str__(self):
        path = self.path if len(self.path) < 120 else f"{self.path[:100]}…({len(self.path)} characters)"
        where = f" → {self.location[:100]}" if self.location else ""
        error = f" ({self.error})" if self.error else ""
        route = self.route.key if self.route else "no route"
        return f"{self.method} {path} [{route}; {self.variant or 'no parameters'}] answered {self.status}{where}{error}"

    @property
    def case(self) -> tuple[str, str, str]:
        return (self.method, self.asked_for.key, self.variant)

    @property
    def html(self) -> bool:
        return (self.headers.get("Content-Type") or "").startswith("text/html")

    @property
    def in_min_side(self) -> bool:
        return self.path.startswith(("/min-side/", "/en/min-side/"))

    @property
    def public(self) -> bool:
        return self.route is None or self.route.key in PUBLIC


def _targets(seed: Seed) -> list[tuple[Route, str, str]]:
    """(route, variant, path) for every route, language and way to fill it.

    Garbage that lands on a catch-all, or on no route, is asked once per catch-all and kind of
    garbage. A page's translation runs the same code as the page: it is asked with real values
    only, and a page route gets its garbage once (the directory's pages are the slowest)."""
    targets, seen, landed = [], set(), set()
    for route in django_routes() + page_routes(seed.pages):
        languages = LANGUAGES if route.i18n else ("nb",)
        translation = route.page is not None and route.page.locale.language_code != "nb"
        params = route.params()
        for language in languages:
            for variant, values in seed.variants(route)[:1] if translation else seed.variants(route):
                path = route.url(language, values)
                if path not in seen:
                    seen.add(path)
                    targets.append((route, variant, path))
            for variant, garbage in GARBAGE.items() if params and not translation else ():
                path = route.url(language, {param.name: garbage for param in params})
                landing = _route_answering(path, route)
                if landing is not route:  # once per catch-all (or no route), kind and language
                    once = (landing.key if landing else None, variant, language)
                elif route.page is not None:  # once per page route and kind
                    once = (route.key, variant)
                else:
                    once = path
                known = any(case[1:] == (route.key, variant) for case in KNOWN_FINDINGS)  # asked until it is gone
                if path in seen or (once in landed and not known):
                    continue
                seen.update({path})
                landed.add(once)
                targets.append((route, variant, path))
    return targets


_ROUTES_BY_KEY: dict[str, Route] = {}
_ROUTES_BY_NAME: dict[str, Route] = {}


@functools.lru_cache(maxsize=None)
def _route_answering(path: str, route: Route) -> Route | None:
    """The route that answers the path: garbage often lands on another one (a catch-all)."""
    if not _ROUTES_BY_KEY:
        _ROUTES_BY_KEY.update({r.key: r for r in reversed(django_routes())})  # of equal keys, the first answers
        _ROUTES_BY_NAME.update({r.view_name: r for r in reversed(django_routes()) if ":" in r.view_name})
    try:
        with override("en" if path.startswith("/en/") else "nb"):
            match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    # A route is found by its pattern; a translated one (its English path is not a key) by name.
    landing = _ROUTES_BY_KEY.get(_plain(match.route.removeprefix("en/").removeprefix("^"))) or _ROUTES_BY_NAME[
        match.view_name
    ]
    if route.page is not None and landing.view_name == "wagtail_serve":
        return route  # the page's own routes answer below Wagtail's
    return route if landing.key == route.key else landing


def _ask(method: str, path: str, route: Route, variant: str, seed: Seed, capture_on_commit) -> Probe:
    from outbox.models import OutgoingEmail

    probe = Probe(method, path, _route_answering(path, route), route, variant)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if method in ("POST", POST_WITH_TOKEN):
        if method == POST_WITH_TOKEN:
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
            post_data = {**seed.post_data, "csrfmiddlewaretoken": CSRF_SECRET}
        else:
            post_data = seed.post_data
        before = OutgoingEmail.objects.count() + len(mail.outbox)
        with capture_on_commit(execute=True) as callbacks, CaptureQueriesContext(connection) as queries:
            response = client.post(path, post_data)
        probe.writes = [query["sql"][:200] for query in queries.captured_queries if query["sql"].lstrip()[:6].upper() in WRITES]
        probe.on_commit = len(callbacks)
        probe.mail = OutgoingEmail.objects.count() + len(mail.outbox) - before
    elif method == "HEAD":
        response = client.head(path)
    else:
        response = client.get(path)
    probe.status = response.status_code
    probe.location = response.get("Location", "")
    probe.cookies = sorted(response.cookies)
    probe.headers = {name: response.get(name) for name in HEADERS}
    if not getattr(response, "streaming", False):
        # What the page shows of the seeded people, kept instead of the page itself.
        body = response.content.decode("utf-8", "replace")
        probe.shows = [(owner, text) for owner, texts in seed.personal_data.items() for text in texts if text in body]
    if getattr(response, "exc_info", None):
        probe.error = f"{response.exc_info[0].__name__}: {response.exc_info[1]}"[:300]
    return probe


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")
HEADERS = (
    "Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy",
    "Cache-Control", "X-Robots-Tag",
)
_CACHE: dict = {}


@pytest.fixture
def crawl(request) -> list[Probe]:
    """Every probe of the crawl. It runs once for the module, in the first test that asks (it is
    the slow part, and its answers do not change); every test below reads them."""
    if "probes" not in _CACHE:
        seed = request.getfixturevalue("seeded")
        capture_on_commit = request.getfixturevalue("django_capture_on_commit_callbacks")
        probes = []
        for route, variant, path in _targets(seed):
            landing = _route_answering(path, route)
            turned_away = landing is not None and landing.key not in PUBLIC and variant not in GARBAGE
            for method in METHODS + ((POST_WITH_TOKEN,) if turned_away else ()):
                probes.append(_ask(method, path, route, variant, seed, capture_on_commit))
        _CACHE.update(probes=probes, seed=seed)
    return _CACHE["probes"]


class _FindingsProbes(list):
    """A known finding's own probes, which the sweeps then look at as well."""


def _sweep(crawl, problem) -> list[str]:
    """What `problem(probe)` says is wrong, for every probe that is not a known finding."""
    found = []
    for probe in crawl:
        if _known(probe.case) and not isinstance(crawl, _FindingsProbes):
            continue
        text = problem(probe)
        if text:
            found.append(f"{probe}: {text}")
    return found


def _report(found: list[str], advice: str) -> str:
    shown = "\n  ".join(found[:40])
    more = f"\n  … and {len(found) - 40} more" if len(found) > 40 else ""
    return f"{len(found)} answers to an anonymous visitor are wrong. {advice}\n  {shown}{more}"


LOGIN_PATHS = ("/admin/login/", "/min-side/logg-inn/", "/en/min-side/logg-inn/")


# What the crawl proves ----------------------------------------------------------------------


def test_every_route_is_public_or_asks_for_a_login(crawl):
    def problem(probe):
        if probe.public or probe.method == "POST":
            return ""
        if probe.status == 404:
            return ""
        if probe.status == 302 and urlsplit(probe.location).path in LOGIN_PATHS:
            return ""
        return f"{probe.route.view_name} is not in PUBLIC, yet it does not ask for a login"

    found = _sweep(crawl, problem)
    assert not found, _report(
        found,
        "A route that is not meant for anonymous visitors must send them to a login page (login_required, "
        "or the admin's require_admin_access) or answer 404; one that is meant for them goes into PUBLIC "
        "in this module, with the reason.",
    )


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(crawl):
    def problem(probe):
        if probe.writes or probe.mail or probe.on_commit:
            return f"it wrote {probe.writes}, queued or sent {probe.mail} e-mail and {probe.on_commit} tasks"
        if probe.method != "POST":
            return ""
        if probe.route is None:
            return "" if probe.status in (301, 404) else "a path that no route answers should be a 404"
        if probe.route.key in CSRF_EXEMPT:
            return "" if probe.status == 302 and urlsplit(probe.location).path in LOGIN_PATHS else "expected the login page"
        if probe.route.csrf_exempt:
            return f"{probe.route.view_name} is exempt from the CSRF check and not in CSRF_EXEMPT"
        return "" if probe.status == 403 else "expected 403: no CSRF token"

    found = _sweep(crawl, problem)
    assert not found, _report(found, "Every POST without a CSRF token must be refused before the view runs.")


def test_the_crawls_post_would_save_with_a_csrf_token(client, seeded, django_capture_on_commit_callbacks):
    # The refusals above mean something only if the same POST, with a token, is saved.
    from facilitators.models import FacilitatorApplication, InterestRegistration, MeetingSignUp
    from outbox.models import OutgoingEmail

    meeting_pk = dict(seeded.ids["meeting"])["real"]
    forms = [
        ("/meld-interesse/", InterestRegistration),
        (f"/informasjonsmoter/{meeting_pk}/meld-pa/", MeetingSignUp),
        ("/min-side/bli-igangsetter/", FacilitatorApplication),
        ("/finn-gruppe/trondelag/levanger/sorggruppe-levanger/", OutgoingEmail),
    ]
    for path, model in forms:
        before = model.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, seeded.post_data, REMOTE_ADDR="10.9.9.9")
        assert response.status_code == 302, f"{path} did not take the crawl's POST: {response.status_code}"
        assert model.objects.count() == before + 1, path


CSRF_EXEMPT = {
    # Wagtail's admin API (Django REST framework): DRF exempts its views from Django's CSRF check
    # and makes the check itself for a logged-in session; an anonymous visitor is sent to log in.
    "admin/api/main/pages/": "the page chooser's API",
    "admin/api/main/pages/<pk>/": "the page chooser's API",
    "admin/api/main/pages/find/": "the page chooser's API",
    "admin/api/main/pages/<pk>/action/<action_name>/": "the page explorer's actions",
    "admin/api/main/documents/": "the document chooser's API",
    "admin/api/main/documents/<pk>/": "the document chooser's API",
    "admin/api/main/documents/find/": "the document chooser's API",
    "admin/api/main/images/": "the image chooser's API",
    "admin/api/main/images/<pk>/": "the image chooser's API",
    "admin/api/main/images/find/": "the image chooser's API",
}


DIRECTORY_SEARCH_ROUTES = {
    "home.DirectoryPage:", "home.DirectoryPage:<county_slug>/", "home.DirectoryPage:<county_slug>/<municipality_slug>/",
}


def test_every_response_carries_the_security_headers(crawl):
    def problem(probe):
        wrong = []
        expected_csp = ADMIN_CSP if probe.path.startswith("/admin/") else PUBLIC_CSP
        if probe.html and probe.headers["Content-Security-Policy"] != expected_csp:
            wrong.append(f"Content-Security-Policy: {probe.headers['Content-Security-Policy']}")
        elif not probe.headers["Content-Security-Policy"]:
            wrong.append("no Content-Security-Policy")
        # The directory's search pages may ask for the position ("Use my location"); no other.
        searching = probe.status == 200 and probe.route is not None and probe.route.key in DIRECTORY_SEARCH_ROUTES
        if probe.headers["Permissions-Policy"] != (GEOLOCATION_ALLOWED_POLICY if searching else PERMISSIONS_POLICY):
            wrong.append(f"Permissions-Policy: {probe.headers['Permissions-Policy']}")
        if probe.headers["X-Content-Type-Options"] != "nosniff":
            wrong.append(f"X-Content-Type-Options: {probe.headers['X-Content-Type-Options']}")
        if probe.headers["Referrer-Policy"] != "same-origin":
            wrong.append(f"Referrer-Policy: {probe.headers['Referrer-Policy']}")
        return ", ".join(wrong)

    found = _sweep(crawl, problem)
    assert not found, _report(found, "samhold.middleware and Django's SecurityMiddleware set these on every response.")


def test_min_side_and_private_links_are_never_stored(crawl):
    seed = _CACHE["seed"]

    def problem(probe):
        cache_control = [part.strip() for part in (probe.headers["Cache-Control"] or "").split(",")]
        if probe.in_min_side and "no-store" not in cache_control:
            return f"Min side with Cache-Control: {probe.headers['Cache-Control']}"
        private = any(token in probe.path for token in seed.tokens.values()) or seed.reset[1] in probe.path
        if private and probe.status == 200 and "no-store" not in cache_control:
            return f"a private link's page with Cache-Control: {probe.headers['Cache-Control']}"
        if private and probe.status == 200 and probe.headers["X-Robots-Tag"] != "noindex, nofollow":
            return f"a private link's page with X-Robots-Tag: {probe.headers['X-Robots-Tag']}"
        return ""

    found = _sweep(crawl, problem)
    assert not found, _report(found, "A browser or a shared cache must keep nothing from Min side or a private link.")


def test_nothing_answers_500(crawl):
    found = _sweep(crawl, lambda probe: "a server error" if probe.status >= 500 else "")
    assert not found, _report(found, "Whatever is in the address, the answer is a page, a redirect or a 4xx.")


def test_no_answer_shows_a_persons_details(crawl):
    seed = _CACHE["seed"]

    def problem(probe):
        own = {owner for owner, token in seed.tokens.items() if token in probe.path}
        shown = [f"{owner}: {text!r}" for owner, text in probe.shows if owner not in own]
        return f"shows {', '.join(shown)}" if shown else ""

    found = _sweep(crawl, problem)
    assert not found, _report(found, "Only a person's own private link may show what they told us.")


def test_nothing_unpublished_is_shown(crawl):
    seed = _CACHE["seed"]
    asked = {draft: 0 for draft in seed.drafts}

    def problem(probe):
        drafts = [draft for draft in seed.drafts if draft in probe.path and probe.asked_for.page is not None]
        for draft in drafts:
            asked[draft] += 1
        if drafts and probe.method != "POST" and probe.status != 404:
            return f"{' and '.join(seed.drafts[d] for d in drafts)} answered {probe.status}, not 404"
        return ""

    found = _sweep(crawl, problem)
    assert not found, _report(found, "A draft is for its facilitator and the coordinators, never the public.")
    assert all(asked.values()), f"the crawl never asked for {[seed.drafts[d] for d, n in asked.items() if not n]}"


def test_an_anonymous_visitor_gets_no_cookie_but_the_csrf_cookie(crawl):
    def problem(probe):
        cookies = set(probe.cookies) - {settings.CSRF_COOKIE_NAME}
        # Django's reset link keeps its token in the session and sends the browser on to a URL
        # without it, so that the token does not linger in the address bar or a Referer.
        if cookies == {settings.SESSION_COOKIE_NAME} and probe.route and "<uidb64>/<token>" in probe.route.key:
            return ""
        return f"sets {sorted(cookies)}" if cookies else ""

    found = _sweep(crawl, problem)
    assert not found, _report(found, "The privacy statement promises no cookie but the CSRF cookie to a visitor.")


def test_the_crawl_reaches_every_route_and_public_lists_only_real_ones(crawl):
    seed = _CACHE["seed"]
    routes = {route.key for route in django_routes() + page_routes(seed.pages)}
    reached = {probe.route.key for probe in crawl if probe.route is probe.asked_for}
    # Wagtail's own admin/login/ is shadowed by Samhold's guarded one, which has the same route.
    assert routes == reached, f"the crawl's paths never reached {sorted(routes - reached)}: teach Seed to fill them"
    seeded_models = {type(page) for page in seed.pages}
    unseeded = sorted(model._meta.label for model in get_page_models() if model is not Page and model not in seeded_models)
    assert not unseeded, f"no page of {unseeded} is seeded, so its routes are not crawled: add one to `seeded`"
    stale = sorted((set(PUBLIC) | set(CSRF_EXEMPT)) - routes)
    assert not stale, f"PUBLIC or CSRF_EXEMPT name routes that no longer exist: {stale}"


@pytest.mark.parametrize("case", sorted(KNOWN_FINDINGS), ids=" ".join)
def test_a_known_finding_is_still_there(case, crawl, request):
    """A strict xfail where the finding happens: it fails here while the bug is there, and the
    suite goes red once it is fixed, so that the entry leaves KNOWN_FINDINGS. On a database where
    it does not happen, the same probes must pass."""
    reason, databases = KNOWN_FINDINGS[case]
    probes = [probe for probe in crawl if probe.case == case]
    assert probes, f"The crawl no longer asks {case}: the route has changed or is gone; remove the entry."
    if connection.vendor in databases:
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))
    for check in (
        test_every_route_is_public_or_asks_for_a_login,
        test_a_post_without_a_csrf_token_is_refused_and_changes_nothing,
        test_every_response_carries_the_security_headers,
        test_min_side_and_private_links_are_never_stored,
        test_nothing_answers_500,
        test_no_answer_shows_a_persons_details,
        test_an_anonymous_visitor_gets_no_cookie_but_the_csrf_cookie,
    ):
        check(_FindingsProbes(probes))


# Password resets ----------------------------------------------------------------------------
# Every form that e-mails a reset link to whoever types an address is a way to flood a person's
# mailbox, and the README promises these e-mails are limited. Found from the resolver too.

# (Wagtail's own reset form at /admin/password_reset/ had no limit; it now leads to Min side's,
# so it is no longer a reset form the resolver finds.)


def _password_reset_routes() -> list[Route]:
    from django.contrib.auth.views import PasswordResetView

    return [
        route
        for route in django_routes()
        if issubclass(getattr(route.callback, "view_class", type), PasswordResetView)
        # Only forms one can reach: a pattern shadowed by an earlier one (the admin's old form,
        # now led to Min side's) is never served.
        and resolve(route.url("nb", {})).func is route.callback
    ]


@pytest.mark.parametrize("route", _password_reset_routes(), ids=lambda route: route.key)
def test_every_password_reset_form_limits_the_e_mail_it_sends(route, client, site, people, django_capture_on_commit_callbacks, request):
    limit = settings.SAMHOLD_PASSWORD_RESET_LIMIT_PER_EMAIL_PER_HOUR
    address = people["coordinator"].email  # staff: every reset form knows the address
    for _ in range(limit + 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(route.url("nb", {}), {"email": address}, REMOTE_ADDR="10.9.8.7")
        assert response.status_code == 302
    assert len([message for message in mail.outbox if address in message.to]) == limit

