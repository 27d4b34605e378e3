"""The API's settings: the cache behind the throttles, and rates that fail loudly when bad."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import config.settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION', ''))"
)


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "API_"))}
    clean.update({"TESTING": "true", **env})
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cache_is_local_memory_without_redis_url():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_cache_is_redis_when_redis_url_is_set():
    result = _settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]


@pytest.mark.parametrize("name", ["API_THROTTLE_USER", "API_THROTTLE_ANON"])
@pytest.mark.parametrize("value", ["lots", "600", "0/minute", "600/fortnight"])
def test_a_bad_throttle_rate_stops_the_start_naming_the_variable(name, value):
    result = _settings(**{name: value})
    assert result.returncode != 0
    assert f"{name}={value!r} is not a rate" in result.stderr


def test_good_throttle_rates_are_accepted():
    result = _settings(API_THROTTLE_USER="5/s", API_THROTTLE_ANON="1000/day")
    assert result.returncode == 0, result.stderr
