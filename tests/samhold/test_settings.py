"""Settings: production refuses to start without its variables; development needs none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(settings_module: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_variables(missing):
    env = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "samhold.example.no",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samhold",
    }
    env.pop(missing)
    result = run_check("samhold.settings.production", env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_development_runs_with_no_environment_at_all():
    result = run_check("samhold.settings.dev", {})
    assert result.returncode == 0, result.stderr
