"""Gunicorn's settings for Samhold, used by `make serve` and by deploy/systemd/samhold-web.service.

Listens on HOST:PORT (127.0.0.1:8000 unless they are set), or wherever `--bind` on the command
line says (the systemd unit binds a Unix socket for nginx). Workers: WEB_CONCURRENCY if set,
else two per CPU core this process may use, plus one.
"""

import os

_host = os.environ.get("HOST", "").strip() or "127.0.0.1"
if ":" in _host and not _host.startswith("["):
    _host = f"[{_host}]"  # an IPv6 address
bind = [f"{_host}:{os.environ.get('PORT', '').strip() or '8000'}"]

workers = int(os.environ.get("WEB_CONCURRENCY", "").strip() or 2 * len(os.sched_getaffinity(0)) + 1)
wsgi_app = "samhold.wsgi:application"
# A request still running after 30 s is stopped (its worker is replaced); a worker is renewed
# after about a thousand requests, so a slow leak never grows.
timeout = 30
graceful_timeout = 20
max_requests = 1000
max_requests_jitter = 100
# Errors to standard error (the journal under systemd). No access log: paths can hold the
# tokens of private links, and Django's own logging redacts them (samhold.logging); nginx's
# access log is configured the same way (deploy/nginx/samhold.conf).
errorlog = "-"
accesslog = None
# No control socket (gunicorn's runtime console): one fixed path per user would be shared by
# every instance on the machine, such as two `make serve` on two ports.
control_socket_disable = True
