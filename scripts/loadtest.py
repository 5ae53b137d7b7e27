"""`make loadtest`: the production stack under load, measured from outside.

Starts gunicorn with the production settings (as `make serve` does) on a free port against the
configured database (DATABASE_URL; `make bench` fills one with 10,000 groups), then runs
CLIENTS concurrent clients for SECONDS seconds through a fixed mix of requests, each client on
its own keep-alive connection, as browsers are:

- filtered directory searches (text, municipality, theme, day, all of them, later pages),
- group pages and municipality pages,
- the form posts people make: contact a group, register interest, sign up for an
  information meeting (about 2 % of requests; the forms are read first, with their CSRF token),
- a static CSS file, to compare the directory with the cheapest answer the stack gives.

Prints requests per second, p50/p95/p99 per kind, and errors: a 5xx, a dropped connection or
a timeout. A 4xx is counted apart: posting the same form many times from one address meets the
rate limits (429), which is the site doing its job.

    python scripts/loadtest.py [--clients 16] [--seconds 60] [--url http://127.0.0.1:PORT]

With --url it measures a site already running there instead of starting one.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
POST_SHARE = 0.02


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


class FormReader(HTMLParser):
    """The fields of the page's first form posted to `action` (or any POST form)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "checkboxes": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "checkbox":
                self._form["checkboxes"].append((attrs["name"], attrs.get("value") or "on"))
            elif kind == "radio":
                self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")
            elif kind not in {"submit", "button", "file"}:
                self._form["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"][attrs["name"]] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"].setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def filled(form: dict, serial: int) -> dict:
    """The form with what a person would type: a name, an address of the example domain, a
    Norwegian mobile number, a short message, and every box ticked (the consents)."""
    fields = dict(form["fields"])
    for name in fields:
        lowered = name.lower()
        if fields[name]:
            continue
        if "email" in lowered or "epost" in lowered:
            fields[name] = f"last{serial}@example.org"
        elif "phone" in lowered or "telefon" in lowered:
            fields[name] = f"4{serial % 10_000_000:07d}"
        elif "name" in lowered or "navn" in lowered:
            fields[name] = "Kari"
        elif lowered not in {"website", "hjemmeside"}:
            fields[name] = "Hei, jeg lurer på om det er plass i gruppa."
    pairs = list(fields.items()) + form["checkboxes"]
    return pairs


class Client:
    """One visitor: a keep-alive connection and a cookie jar."""

    def __init__(self, host, port, timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = None
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn closes a kept-alive connection now and then (max_requests): once more,
                # on a new connection, as a browser would.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, data


def discover(client: Client) -> dict:
    """The addresses the mix needs, read from the running site like a visitor would."""
    status, body = client.request("GET", "/finn-gruppe/?vis=alle")
    html = body.decode("utf-8", "replace")
    if status != 200:
        sys.exit(f"The directory answered {status}; is the database filled (make bench)?")
    groups = sorted(set(re.findall(r'href="(/finn-gruppe/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+/)"', html)))
    groups += sorted(set(re.findall(r'href="(/finn-gruppe/nett/[a-z0-9-]+/)"', html)))
    css = re.findall(r'href="(/static/[^"]+\.css)"', html)
    municipalities = re.findall(r'<option value="(\d{4})"', html)
    themes = re.findall(r'name="tema" value="([a-z0-9-]+)"', html)
    for page in range(2, 6):
        _, body = client.request("GET", f"/finn-gruppe/?vis=alle&side={page}")
        groups += re.findall(r'href="(/finn-gruppe/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+/)"', body.decode("utf-8", "replace"))
    _, body = client.request("GET", "/informasjonsmoter/")
    signups = sorted(set(re.findall(r'href="(/informasjonsmoter/\d+/meld-pa/)"', body.decode("utf-8", "replace"))))
    landing = sorted(set(re.findall(r'(/finn-gruppe/[a-z0-9-]+/[a-z0-9-]+/)', "\n".join(groups))))
    if not (groups and css and municipalities and themes):
        sys.exit("Could not read the directory's groups, municipalities, themes or style sheet.")
    return {
        "groups": sorted(set(groups)),
        "css": css[0],
        "municipalities": municipalities,
        "themes": themes,
        "signups": signups,
        "landing": landing,
    }


def the_mix(site: dict, rng: random.Random):
    """An endless sequence of (kind, method, path), in the mix's proportions."""
    words = ["sorg", "angst", "depresjon", "ensomhet", "pårørende", "samlivsbrudd", "kreft", "rus", "smerte", "mistet"]

    def directory(params):
        return "/finn-gruppe/?" + urlencode(params, doseq=True)

    while True:
        roll = rng.random()
        if roll < POST_SHARE:
            choice = rng.random()
            if choice < 0.5:
                yield "post: contact a group", "POST", rng.choice(site["groups"])
            elif choice < 0.8 or not site["signups"]:
                yield "post: register interest", "POST", "/meld-interesse/"
            else:
                yield "post: meeting sign-up", "POST", rng.choice(site["signups"])
            continue
        roll = rng.random()
        m = rng.choice(site["municipalities"])
        if roll < 0.55:
            shape = rng.choice(["text", "municipality", "theme", "all", "page"])
            params = {
                "text": {"q": rng.choice(words)},
                "municipality": {"kommune": m},
                "theme": {"kommune": m, "tema": rng.choice(site["themes"])},
                "all": {"q": rng.choice(words), "kommune": m, "tema": rng.sample(site["themes"], 2),
                        "dag": str(rng.randrange(7)), "oppmote": rng.choice(["in_person", "online"])},
                "page": {"kommune": m, "side": str(rng.randrange(2, 4)), "vis": "alle"},
            }[shape]
            yield "directory (filtered)", "GET", directory(params)
        elif roll < 0.80:
            yield "group page", "GET", rng.choice(site["groups"])
        elif roll < 0.90:
            yield "municipality page", "GET", rng.choice(site["landing"]) if site["landing"] else directory({})
        else:
            yield "static CSS", "GET", site["css"]


def run_client(url, site, seed, deadline, results, lock):
    parts = urlsplit(url)
    client = Client(parts.hostname, parts.port or 80)
    rng = random.Random(seed)
    serial = seed * 1_000_000
    local = []
    for kind, method, path in the_mix(site, rng):
        if time.monotonic() >= deadline:
            break
        serial += 1
        started = time.perf_counter()
        try:
            if method == "POST":
                status, body = client.request("GET", path)
                reader = FormReader()
                reader.feed(body.decode("utf-8", "replace"))
                form = next((f for f in reader.forms if "csrfmiddlewaretoken" in f["fields"]), None)
                if status != 200 or form is None:
                    local.append((kind, status, (time.perf_counter() - started) * 1000))
                    continue
                target = form["action"] or path
                started = time.perf_counter()
                status, _ = client.request(
                    "POST", target, body=urlencode(filled(form, serial)),
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{url}{path}",
                             "Origin": url},
                )
            else:
                status, _ = client.request(method, path)
        except (OSError, http.client.HTTPException) as error:
            status = f"error: {type(error).__name__}"
        local.append((kind, status, (time.perf_counter() - started) * 1000))
    with lock:
        results.extend(local)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    python = ROOT / ".venv" / "bin" / "python"
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database to measure (make bench fills one with 10,000 groups).")
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samhold.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SAMHOLD_TRUSTED_PROXY_COUNT": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    subprocess.run([str(python), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=environ, check=True)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT, env=environ, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("gunicorn stopped: " + server.stderr.read().decode("utf-8", "replace")[-2000:])
        time.sleep(0.1)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 30 s")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def report(results, seconds, clients):
    total = len(results)
    errors = [r for r in results if isinstance(r[1], str) or r[1] >= 500]
    refused = [r for r in results if isinstance(r[1], int) and 400 <= r[1] < 500]
    print(f"\n{clients} clients, {seconds:.0f} s: {total} requests, {total / seconds:.1f} per second, "
          f"{len(errors)} errors, {len(refused)} answered 4xx")
    print(f"{'request':<26}{'n':>7}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    kinds = sorted({r[0] for r in results})
    figures = {}
    for kind in kinds:
        rows = [r for r in results if r[0] == kind]
        times = [r[2] for r in rows]
        statuses = {}
        for r in rows:
            statuses[r[1]] = statuses.get(r[1], 0) + 1
        figures[kind] = statistics.median(times)
        print(f"{kind:<26}{len(rows):>7}{len(rows) / seconds:>8.1f}{statistics.median(times):>9.1f}"
              f"{percentile(times, 95):>9.1f}{percentile(times, 99):>9.1f}  "
              + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
    directory = [r for r in results if r[0] == "directory (filtered)"]
    if directory and "static CSS" in figures:
        print(f"\nFiltered directory: {len(directory) / seconds:.1f} per second (target ≥ 200 with 16 clients), "
              f"p50 {figures['directory (filtered)']:.1f} ms = {figures['directory (filtered)'] / figures['static CSS']:.1f}× "
              f"the static CSS file's {figures['static CSS']:.1f} ms (target ≤ 3×)")
    for kind, status, _ in errors[:10]:
        print(f"error: {kind}: {status}")
    return 1 if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="a running site to measure instead of starting one")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    server = None
    url = args.url.rstrip("/") if args.url else None
    if url is None:
        port = free_port()
        server = start_server(port)
        url = f"http://127.0.0.1:{port}"
    try:
        parts = urlsplit(url)
        site = discover(Client(parts.hostname, parts.port or 80))
        print(f"{url}: {len(site['groups'])} group pages, {len(site['municipalities'])} municipalities, "
              f"{len(site['signups'])} meetings to sign up for; {args.clients} clients for {args.seconds:.0f} s …")
        # Warm up: every process builds its caches, as on a site that has been running.
        warm_deadline = time.monotonic() + 5
        warm = []
        run_client(url, site, 1, warm_deadline, warm, threading.Lock())
        results, lock = [], threading.Lock()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=run_client, args=(url, site, args.seed + n, deadline, results, lock))
            for n in range(args.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return report(results, time.monotonic() - started, args.clients)
    finally:
        if server is not None:
            stop(server)


if __name__ == "__main__":
    sys.exit(main())
