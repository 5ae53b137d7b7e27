"""The hostile-input sweep's code (scripts/hostile_sweep.py), and the production WSGI application
to send its requests to in-process, as gunicorn would."""

import contextlib
import importlib.util
import sys
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location("hostile_sweep", ROOT / "scripts" / "hostile_sweep.py")
hostile_sweep = importlib.util.module_from_spec(_spec)
sys.modules["hostile_sweep"] = hostile_sweep  # dataclasses look their module up there
_spec.loader.exec_module(hostile_sweep)


@contextlib.contextmanager
def wsgi_transport():
    """samhold.wsgi's application (with its request class) behind the sweep's WSGI transport. The
    test's database transaction stays open: Django's per-request connection clean-up is held off,
    as the test client does."""
    from samhold.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield hostile_sweep.WsgiTransport(application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
