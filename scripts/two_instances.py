"""The app servers are stateless: two instances of the production stack, on two ports, against one
PostgreSQL database and one Redis, behave as one site (`make two-instances`, and CI).

It prepares the database as `make serve` does (migrate, geography, themes, static files) and adds
the demo content, starts gunicorn twice with the production settings (deploy/gunicorn.conf.py,
two workers each) and proves over HTTP, as one visitor's browser would see it:

1. a session made on one instance works on the other (a facilitator logs in on A, Min side on B
   knows them; the CSRF token A gave works on B);
2. an edit through one is visible at once on the other: the facilitator changes a group's status
   on A, and B's group page and directory search show it in the next request, though B had just
   cached that search; the groups' cache version rose in Redis, and A and B render the same page;
3. a login lockout holds across both: five wrong passwords, three on A and two on B, lock the
   account on both, even for the right password;
4. rate limits hold across both: the contact form's and "my data" form's limits per network,
   used up on A and B together, refuse the next one on either.

    .venv/bin/python scripts/two_instances.py [--fresh] [--workers N] [--timeout SECONDS]

Two variables name what it uses, and both must be scratch: TWO_INSTANCES_DATABASE_URL a PostgreSQL
database (created if missing, dropped first with --fresh), TWO_INSTANCES_CACHE_URL a Redis database
(redis://host:port/number). The proof empties that Redis database, clears the limits' counts, sets
the demo facilitator's password and changes a group. They have no defaults and are not
DATABASE_URL and CACHE_URL, so the proof never touches a database nobody named for it.

Prints each check; exits 0 when all held, 1 when one failed, 2 when the instances could not be
set up. Never runs longer than --timeout (default 300 s), and stops every process it started,
whatever happens.
"""

import argparse
import difflib
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
REQUEST_TIMEOUT = 30
SITE_HOST = "127.0.0.1:8000"


class SetupFailed(Exception):
    """The instances could not be prepared or started (exit 2)."""


class CheckFailed(Exception):
    """A check did not hold (exit 1)."""


class TimedOut(BaseException):
    """The whole proof took longer than --timeout."""


# --- Processes -------------------------------------------------------------------------------


class Instance:
    """One gunicorn, in a process group of its own so it and its workers stop together."""

    def __init__(self, name: str, env: dict, log_dir: Path):
        self.name = name
        self.env = env
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def label(self) -> str:
        return f"{self.name} (:{self.port})"

    def start(self, port: int) -> None:
        self.port = port
        # The log goes to a file, never a pipe nobody reads: a full pipe would block gunicorn.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--config", "deploy/gunicorn.conf.py"],
                cwd=REPO_ROOT,
                env={**self.env, "PORT": str(port), "HOST": "127.0.0.1"},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # Workers outlive a killed master only briefly; make sure of the whole group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(instance: Instance, deadline: float) -> bool:
    """True once /healthz answers 200 with the database ok; False if gunicorn stopped."""
    while time.monotonic() < deadline:
        if instance.process is None or instance.process.poll() is not None:
            return False
        try:
            response = request(instance, "GET", "/healthz", timeout=2)
            if response.status == 200 and json.loads(response.body).get("database") == "ok":
                return True
        except (OSError, http.client.HTTPException, ValueError):
            pass
        time.sleep(0.2)
    raise SetupFailed(f"{instance.label} did not answer /healthz in time:\n{instance.log_tail()}")


def start_both(instances: list[Instance], attempts: int = 3) -> None:
    """Start each instance on a free port; a port taken between choosing it and gunicorn binding
    it (another program's luck) means another port, not a failed proof."""
    for instance in instances:
        for attempt in range(1, attempts + 1):
            instance.start(free_port())
            if wait_until_ready(instance, time.monotonic() + 90):
                break
            instance.stop()
            if attempt == attempts:
                raise SetupFailed(f"{instance.name} would not start:\n{instance.log_tail()}")


def run_manage(env: dict, *args: str, timeout: int = 300) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SetupFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


# --- HTTP, as one browser --------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: str):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


def request(instance: Instance, method: str, path: str, *, data=None, cookies=None, timeout=REQUEST_TIMEOUT) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=timeout)
    try:
        # One host name for both, as behind a load balancer: the site's own address.
        headers = {"Host": SITE_HOST, "User-Agent": "samhold-two-instances"}
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        return Response(raw.status, raw.getheaders(), raw.read().decode("utf-8", errors="replace"))
    finally:
        connection.close()


class Browser:
    """Cookies kept per host, as a browser keeps them (not per port): what A sets, B is sent.
    Secure cookies are sent over plain HTTP here, as browsers do for 127.0.0.1."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def _keep(self, response: Response) -> None:
        for name, value in response.headers:
            if name.lower() != "set-cookie":
                continue
            jar = SimpleCookie()
            jar.load(value)
            for morsel in jar.values():
                if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                    self.cookies.pop(morsel.key, None)
                else:
                    self.cookies[morsel.key] = morsel.value

    def get(self, instance: Instance, path: str) -> Response:
        response = request(instance, "GET", path, cookies=self.cookies)
        self._keep(response)
        return response

    def post(self, instance: Instance, path: str, data) -> Response:
        response = request(instance, "POST", path, data=data, cookies=self.cookies)
        self._keep(response)
        return response


class _Forms(html.parser.HTMLParser):
    """Every <form> on a page with the values it would submit as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and attrs.get("name") and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                fields.append((attrs["name"], None))  # known, not sent
                return
            fields.append((attrs["name"], attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and attrs.get("name"):
            self._select = (attrs["name"], "multiple" in attrs)
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            fields.append((self._textarea, ""))

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select and self._form is not None:
            option, self._option = self._option, None
            value = option["value"] if option["value"] is not None else option["text"].strip()
            name, multiple = self._select
            if self._select_first is None:
                self._select_first = value
            if option["selected"]:
                if not multiple:
                    self._form["fields"] = [(n, v) for n, v in self._form["fields"] if n != name]
                self._form["fields"].append((name, value))
                self._select_chosen = True
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            if not multiple and not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((name, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A browser drops the line break that follows <textarea> (Django's widget writes one).
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value[1:] if value.startswith("\n") else value)
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_with(page: Response, field: str) -> dict:
    """The form on the page that has `field`, with its values."""
    parser = _Forms()
    parser.feed(page.body)
    for form in parser.forms:
        if any(name == field for name, _value in form["fields"]):
            return form
    raise CheckFailed(f"no form with the field {field!r} on the page (status {page.status})")


def submit_values(form: dict, **changes) -> list[tuple[str, str]]:
    values = [(name, value) for name, value in form["fields"] if value is not None and name not in changes]
    for name, value in changes.items():
        values.extend((name, item) for item in (value if isinstance(value, list) else [value]))
    return values


def without_tokens(body: str) -> str:
    """A page with what differs from request to request (CSRF tokens) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


# --- The proof -------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, holds: bool, what: str, detail: str = "") -> None:
        print(f"{'ok  ' if holds else 'FAIL'}  {what}" + (f"\n        {detail}" if detail and not holds else ""), flush=True)
        if not holds:
            self.failures += 1


def prepare(env: dict, fresh: bool, database_url: str) -> None:
    create_database(database_url, fresh=fresh)
    print("Preparing the database as make serve does (migrate, geography, themes, static files), then the demo…", flush=True)
    run_manage(env, "migrate", "--noinput")
    run_manage(env, "load_geography")
    run_manage(env, "load_themes")
    run_manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    run_manage(env, "seed_demo")


def create_database(url: str, *, fresh: bool) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            if fresh:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def scenario() -> dict:
    """What the proof works with, from the database (this process runs Django with the same
    settings and environment as the instances): the demo facilitator with a new password, a
    published group they may change, another group to write to. The limits' counts are cleared
    and the cache emptied, so nothing from an earlier run counts."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.urls import reverse
    from django.utils import translation

    from facilitators.models import LoginAttempt, User
    from facilitators.scope import Access, group_access
    from facilitators.services.startups import group_in_review
    from groups.models import PUBLIC_STATUS_LABELS, TAKING_MEMBERS_STATUSES, SelfHelpGroup, Status
    from samhold.models import RateMark
    from samhold.site import directory_page, group_url

    cache.clear()
    RateMark.objects.all().delete()
    LoginAttempt.objects.all().delete()

    facilitator = User.objects.get(email="igangsetter@example.org")
    password = secrets.token_urlsafe(18)
    facilitator.set_password(password)
    facilitator.save(update_fields=["password"])
    editable = [
        group
        for group in SelfHelpGroup.objects.filter(live=True, municipality__isnull=False).select_related("municipality").order_by("pk")
        if group_access(facilitator, group) == Access.FULL
        and not group_in_review(group)
        and group.status in (*TAKING_MEMBERS_STATUSES, Status.CLOSED)
    ]
    if not editable:
        raise SetupFailed("the demo has no published group the facilitator may change")
    group = editable[0]
    # Each run turns the status over: taking members ↔ closed to new members.
    new_status = Status.CLOSED if group.status in TAKING_MEMBERS_STATUSES else Status.RECRUITING
    contact_group = (
        SelfHelpGroup.objects.filter(live=True, status__in=TAKING_MEMBERS_STATUSES, contact__isnull=False)
        .exclude(pk=group.pk)
        .order_by("pk")
        .first()
    )
    if contact_group is None:
        raise SetupFailed("the demo has no other published group with a contact person")
    with translation.override("nb"):
        return {
            "email": facilitator.email,
            "first_name": facilitator.first_name,
            "password": password,
            "group": group,
            "group_name": group.name,
            "group_path": urlsplit(group_url(group)).path,
            "edit_path": reverse("facilitators:group_edit", args=[group.pk]),
            "old_label": str(PUBLIC_STATUS_LABELS[group.status]),
            "new_status": str(new_status),
            "new_label": str(PUBLIC_STATUS_LABELS[new_status]),
            "new_taking": new_status in TAKING_MEMBERS_STATUSES,
            "search_path": f"{urlsplit(directory_page().get_url()).path}?kommune={group.municipality.number}",
            "contact_path": urlsplit(group_url(contact_group)).path,
            "login_path": reverse("facilitators:login"),
            "home_path": reverse("facilitators:home"),
            "my_links_path": reverse("facilitators:my_links"),
        }


def groups_version() -> int:
    from groups.selectors import groups_version as version

    return version()


def published_at_once(group_id: int) -> bool:
    """The change went live (a status change does), not to the coordinator for review."""
    from groups.models import SelfHelpGroup

    group = SelfHelpGroup.objects.get(pk=group_id)
    return group.live and not group.has_unpublished_changes


def contact_mail_count() -> int:
    from outbox.models import OutgoingEmail

    return OutgoingEmail.objects.count()


def prove(a: Instance, b: Instance, s: dict) -> Report:
    report = Report()
    browser = Browser()

    # 1. A session made on one instance works on the other.
    login_page = browser.get(a, s["login_path"])
    form = form_with(login_page, "password")
    response = browser.post(a, s["login_path"], submit_values(form, username=s["email"], password=s["password"]))
    report.check(
        response.status == 302 and "sessionid" in browser.cookies,
        f"session: {s['email']} logs in on {a.label}",
        f"status {response.status}, cookies {sorted(browser.cookies)}",
    )
    home_b = browser.get(b, s["home_path"])
    report.check(
        home_b.status == 200 and s["first_name"] in home_b.body,
        f"session: Min side on {b.label} knows them from the session made on {a.label}",
        f"status {home_b.status}, Location {home_b.header('Location')!r}",
    )
    anonymous = request(b, "GET", s["home_path"])
    report.check(anonymous.status == 302, f"session: without the cookie, {b.label} sends Min side to the login", f"status {anonymous.status}")

    # 2. An edit through A is visible at once on B. B first shows (and caches) the group and the
    # municipality's search; the form comes from B, the change goes to A, with A's CSRF cookie.
    before_page = browser.get(b, s["group_path"])
    for _warm in range(3):
        before_search = request(b, "GET", s["search_path"])
    report.check(
        before_page.status == 200 and s["old_label"] in before_page.body and before_search.status == 200,
        f"edit: {b.label} shows {s['group_name']!r} as {s['old_label']!r}",
        f"status {before_page.status}/{before_search.status}",
    )
    version_before = groups_version()
    edit_form = form_with(browser.get(b, s["edit_path"]), "status")
    response = browser.post(a, s["edit_path"], submit_values(edit_form, status=s["new_status"]))
    published = response.status == 302 and published_at_once(s["group"].pk)
    report.check(
        published,
        f"edit: the facilitator sets the status to {s['new_status']!r} through {a.label}, published at once",
        f"status {response.status}: {without_tokens(response.body)[:300]}",
    )
    version_after = groups_version()
    report.check(
        version_after > version_before,
        f"edit: the groups' cache version in Redis rose ({version_before} → {version_after})",
    )
    after_page = request(b, "GET", s["group_path"])
    report.check(
        after_page.status == 200 and s["new_label"] in after_page.body,
        f"edit: {b.label} shows it as {s['new_label']!r} in the next request",
        f"status {after_page.status}",
    )
    after_search_b = request(b, "GET", s["search_path"])
    listed = s["group_path"] in after_search_b.body
    report.check(
        after_search_b.status == 200 and listed == s["new_taking"],
        f"edit: {b.label}'s directory search {'lists' if s['new_taking'] else 'no longer lists'} it (cached before the change)",
        f"status {after_search_b.status}, listed {listed}",
    )
    after_search_a = request(a, "GET", s["search_path"])
    difference = "\n".join(
        list(difflib.unified_diff(
            without_tokens(after_search_a.body).splitlines(), without_tokens(after_search_b.body).splitlines(),
            "A", "B", n=0, lineterm="",
        ))[:12]
    )
    report.check(
        not difference,
        f"edit: {a.label} and {b.label} render the same search page, counts included",
        difference,
    )

    # 3. A login lockout holds across both: 3 wrong passwords on A, 2 on B.
    statuses = []
    for instance in (a, a, a, b, b):
        visitor = Browser()
        page = visitor.get(instance, s["login_path"])
        wrong = visitor.post(instance, s["login_path"], submit_values(form_with(page, "password"), username=s["email"], password="feil-passord"))
        statuses.append(wrong.status)
    report.check(
        statuses == [200, 200, 200, 200, 429],
        "lockout: five wrong passwords, three on A and two on B: the fifth, on B, locks the account (429)",
        f"statuses {statuses}",
    )
    for instance in (a, b):
        visitor = Browser()
        page = visitor.get(instance, s["login_path"])
        right = visitor.post(instance, s["login_path"], submit_values(form_with(page, "password"), username=s["email"], password=s["password"]))
        report.check(right.status == 429, f"lockout: {instance.label} then refuses even the right password (429)", f"status {right.status}")

    # 4. Rate limits hold across both: five messages per network an hour (3 on A, 2 on B).
    mails_before = contact_mail_count()
    statuses = []
    for number, instance in enumerate((a, a, a, b, b, b, a)):
        visitor = Browser()
        page = visitor.get(instance, s["contact_path"])
        values = submit_values(
            form_with(page, "message"),
            name="Ola",
            email=f"ola{number}@example.net",
            message="Hei, jeg lurer på om jeg kan bli med i gruppa.",
            consent="on",
        )
        statuses.append(visitor.post(instance, s["contact_path"], values).status)
    report.check(
        statuses == [302] * 5 + [429, 429],
        "rate limit: the contact form takes five messages from one network, three on A and two on B, then refuses on both (429)",
        f"statuses {statuses}",
    )
    statuses = []
    for number, instance in enumerate((b, b, a, a, b, a, b)):
        visitor = Browser()
        page = visitor.get(instance, s["my_links_path"])
        values = submit_values(form_with(page, "email"), email=f"kari{number}@example.net")
        statuses.append(visitor.post(instance, s["my_links_path"], values).status)
    report.check(
        statuses == [302] * 5 + [429, 429],
        "rate limit: 'my data' links, five per network, two on B and three on A, then refused on both (429)",
        f"statuses {statuses}",
    )
    sent = contact_mail_count() - mails_before
    # (The addresses asking for "my data" hold nothing, so those five send nothing.)
    report.check(sent == 5, f"rate limit: exactly the five messages let through were queued as e-mail ({sent})")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="Drop and recreate the database first.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance (default 2).")
    parser.add_argument("--timeout", type=int, default=300, help="Give up after this many seconds (default 300).")
    args = parser.parse_args(argv)

    database_url = os.environ.get("TWO_INSTANCES_DATABASE_URL", "").strip()
    cache_url = os.environ.get("TWO_INSTANCES_CACHE_URL", "").strip()
    if not database_url.startswith(("postgres://", "postgresql://")) or not urlsplit(database_url).path.strip("/"):
        print("TWO_INSTANCES_DATABASE_URL must name a scratch PostgreSQL database, like "
              "postgres://postgres@127.0.0.1:5432/samhold_two_instances.", file=sys.stderr)
        return 2
    if not re.fullmatch(r"redis://[^/]+/\d+", cache_url):
        print("TWO_INSTANCES_CACHE_URL must name a scratch Redis database by number, like "
              "redis://127.0.0.1:6379/15 (the proof empties it).", file=sys.stderr)
        return 2

    log_dir = Path(tempfile.mkdtemp(prefix="samhold-two-instances-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_", "MEDIA_"))},
        "DJANGO_SETTINGS_MODULE": "samhold.settings.production",
        # One secret for both, as every instance of a site must share it (sessions, CSRF, links).
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://{SITE_HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "SAMHOLD_TRUSTED_PROXY_COUNT": "0",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "WEB_CONCURRENCY": str(args.workers),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEBUG", None)
    instances = [Instance("A", env, log_dir), Instance("B", env, log_dir)]

    def stop_on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    def out_of_time(_signum, _frame):
        raise TimedOut

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)
    started = time.monotonic()
    try:
        prepare(env, args.fresh, database_url)
        os.environ.update(env)
        sys.path.insert(0, str(REPO_ROOT))
        details = scenario()
        start_both(instances)
        print(f"Two instances of the production stack: {instances[0].label} and {instances[1].label}, "
              f"{args.workers} workers each, one PostgreSQL ({urlsplit(database_url).path.lstrip('/')}) and one Redis ({cache_url}).", flush=True)
        report = prove(instances[0], instances[1], details)
    except SetupFailed as error:
        print(f"Could not set up the two instances: {error}", file=sys.stderr)
        return 2
    except CheckFailed as error:
        print(f"FAIL  {error}", file=sys.stderr)
        return 1
    except TimedOut:
        print(f"Gave up after {args.timeout} s.", file=sys.stderr)
        for instance in instances:
            print(f"--- {instance.name}:\n{instance.log_tail()}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        for instance in instances:
            instance.stop()
    elapsed = time.monotonic() - started
    if report.failures:
        for instance in instances:
            print(f"--- gunicorn {instance.name}'s log:\n{instance.log_tail()}", file=sys.stderr)
        print(f"{report.failures} check(s) failed ({elapsed:.0f} s). The servers' logs are in {log_dir}.", file=sys.stderr)
        return 1
    shutil.rmtree(log_dir, ignore_errors=True)
    print(f"All checks held: the app servers share nothing but PostgreSQL and Redis ({elapsed:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
