"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "hJq4r2m0S1vS0QKQp2Fh2Xo6dK2mJ0VbV1aZp6x8N3E="


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"DEBUG", "TESTING", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update({"TESTING": "false", "DEBUG": "false", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production(**extra: str) -> dict[str, str]:
    return {
        "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "partners.example.com",
        "ENCRYPTION_KEY": GOOD_KEY,
        **extra,
    }


def test_production_settings_pass_the_deploy_check() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_the_development_tools_starts_and_serves_its_urls() -> None:
    script = (
        "import sys, django; django.setup(); from django.apps import apps; "
        "from django.urls import reverse; "
        "print(reverse('portal:home'), reverse('admin:index')); "
        "assert not apps.is_installed('devtools'); "
        "loaded = {m.split('.')[0] for m in sys.modules}; "
        "assert not loaded & {'devtools', 'emulator'}, loaded & {'devtools', 'emulator'}"
    )
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", **_production(DEVTOOLS="false")
    )
    assert result.returncode == 0, result.stderr
    unset = {"DEBUG", "TESTING", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"TESTING": "false", "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings"})
    env.update(_production(DEVTOOLS="false"))
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["/", "/admin/"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ENCRYPTION_KEY": "not-a-key"}, "ENCRYPTION_KEY must be 32"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five' is not an integer"),
        ({"EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND must be one of"),
        ({"EXPORT_LEASE_SECONDS": "2"}, "EXPORT_LEASE_SECONDS=2 is too short"),
        ({"EXPORT_RESUME_SWEEP_SECONDS": "45"}, "EXPORT_RESUME_SWEEP_SECONDS=45 cannot be kept"),
        ({"EXPORT_RESUME_SWEEP_SECONDS": "0"}, "EXPORT_RESUME_SWEEP_SECONDS=0 cannot be kept"),
    ],
)
def test_bad_values_stop_the_start_with_a_clear_message(env: dict[str, str], message: str) -> None:
    settings_env = _production(**env)
    if env.get("SECRET_KEY") == "":
        settings_env.pop("SECRET_KEY")
    result = _manage("check", **settings_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://portal@db.example.com:5432/portal", "django.db.backends.postgresql"),
    ],
)
def test_database_url_chooses_the_database_with_sqlite_by_default(url: str, engine: str) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _manage("shell", "-c", code, **_production(DATABASE_URL=url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine
