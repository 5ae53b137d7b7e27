"""deploy/: the nginx example and the systemd units are read as their programs would read them,
so they keep pointing at what the project really runs."""

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
APP_DIR = "/srv/samhold"
VENV_BIN = f"{APP_DIR}/.venv/bin/"
SOCKET = "/run/samhold/gunicorn.sock"


def nginx_config() -> str:
    """The config without comments and quoted strings (which may hold braces or semicolons)."""
    text = (DEPLOY / "nginx" / "samhold.conf").read_text()
    text = re.sub(r'"[^"]*"', '""', text)
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def blocks(text: str, name: str) -> list[str]:
    """The bodies of every `name … { … }` block (nested blocks included in the body)."""
    found = []
    for match in re.finditer(rf"(^|[;{{}}\s]){re.escape(name)}(?=[\s{{])[^;{{}}]*\{{", text):
        depth, start = 1, match.end()
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                found.append(text[start:index])
                break
    return found


def directives(text: str) -> list[list[str]]:
    return [statement.split() for statement in re.split(r"[;{}]", text) if statement.strip()]


def test_nginx_config_has_balanced_braces_and_every_statement_ends():
    text = nginx_config()
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    # Every line that is not a block's opening or closing ends its directive with a semicolon.
    for line in text.splitlines():
        line = line.strip()
        if line and not line.endswith(("{", "}", ";")):
            pytest.fail(f"unterminated directive: {line!r}")


def test_nginx_proxies_to_the_gunicorn_socket_the_web_unit_binds():
    text = nginx_config()
    (upstream,) = blocks(text, "upstream samhold_gunicorn")
    assert ["server", f"unix:{SOCKET}", "fail_timeout=0"] in directives(upstream)
    proxied = [d for d in directives(text) if d[0] == "proxy_pass"]
    assert proxied == [["proxy_pass", "http://samhold_gunicorn"]]
    assert f"--bind unix:{SOCKET}" in unit("samhold-web.service")["Service"]["ExecStart"]
    # The site learns the scheme (SECURE_PROXY_SSL_HEADER) and the visitor's address.
    assert ["proxy_set_header", "X-Forwarded-Proto", "$scheme"] in directives(text)
    assert ["proxy_set_header", "X-Forwarded-For", "$proxy_add_x_forwarded_for"] in directives(text)
    assert ["proxy_set_header", "Host", "$host"] in directives(text)


def test_nginx_serves_tls_and_sends_plain_http_there():
    servers = blocks(nginx_config(), "server")
    tls = [s for s in servers if ["listen", "443", "ssl"] in directives(s)]
    assert len(tls) == 1
    tls_directives = directives(tls[0])
    names = {d[0] for d in tls_directives}
    assert {"ssl_certificate", "ssl_certificate_key", "ssl_protocols"} <= names
    protocols = next(d for d in tls_directives if d[0] == "ssl_protocols")[1:]
    assert set(protocols) <= {"TLSv1.2", "TLSv1.3"}
    plain = [s for s in servers if ["listen", "80"] in directives(s)]
    assert len(plain) == 1
    assert ["return", "301", "https://$host$request_uri"] in directives(plain[0])


def test_nginx_serves_the_collected_static_files_but_not_the_documents():
    text = nginx_config()
    (static,) = blocks(text, "location /static/")
    assert ["alias", f"{APP_DIR}/staticfiles/"] in directives(static)
    (documents,) = blocks(text, "location /media/documents/")
    assert ["return", "404"] in directives(documents)
    assert ["access_log", "off"] in directives(text)


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    with open(SYSTEMD / name) as file:
        parser.read_file(file)
    return parser


SERVICES = ["samhold-web.service", "samhold-worker.service", "samhold-housekeeping.service"]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_from_the_venv_with_the_production_settings_and_the_environment_file(name):
    service = unit(name)["Service"]
    assert service["WorkingDirectory"] == APP_DIR
    assert service["EnvironmentFile"] == "/etc/samhold/env"
    assert service["Environment"] == "DJANGO_SETTINGS_MODULE=samhold.settings.production"
    assert shlex.split(service["ExecStart"])[0].startswith(VENV_BIN)
    assert service["User"] == "samhold"


def command(name: str) -> list[str]:
    return shlex.split(unit(name)["Service"]["ExecStart"])


def test_the_web_unit_runs_gunicorn_with_the_projects_config():
    argv = command("samhold-web.service")
    assert argv[0] == f"{VENV_BIN}gunicorn"
    config = argv[argv.index("--config") + 1]
    assert (ROOT / config).is_file()
    assert unit("samhold-web.service")["Service"]["Type"] == "notify"


@pytest.mark.parametrize(
    ("name", "management_command"),
    [("samhold-worker.service", "db_worker"), ("samhold-housekeeping.service", "housekeeping")],
)
def test_the_worker_and_housekeeping_run_the_projects_commands(name, management_command):
    argv = command(name)
    assert argv[:3] == [f"{VENV_BIN}python", "manage.py", management_command]
    assert management_command in get_commands()


def test_the_worker_takes_every_queue_and_is_restarted():
    argv = command("samhold-worker.service")
    assert argv[argv.index("--queue-name") + 1] == "*"
    assert unit("samhold-worker.service")["Service"]["Restart"] == "always"


def test_housekeeping_runs_every_five_minutes_from_its_timer():
    assert unit("samhold-housekeeping.service")["Service"]["Type"] == "oneshot"
    timer = unit("samhold-housekeeping.timer")
    assert timer["Timer"]["Unit"] == "samhold-housekeeping.service"
    assert timer["Timer"]["OnUnitActiveSec"] == "5min"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_every_unit_in_deploy_is_one_of_these():
    assert sorted(p.name for p in SYSTEMD.iterdir()) == sorted([*SERVICES, "samhold-housekeeping.timer"])
