"""The django-q2 clusters (``manage.py qcluster``), each in a process group of its own, on this
database.

It takes tasks from the ORM broker as a deployed worker does, with the Salesforce seam routed
to the benchmark's emulator. The clusters are asynchronous even when this process runs its own
tasks inline (TESTING), so the benchmark measures the path a saved record really takes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

STOP_SECONDS = 10


class WorkerNotStarted(Exception):
    """The worker cannot run on this database; the message says why."""


def database_url() -> str:
    """A URL of the database this process uses, for another process to open."""
    if connection.vendor != "postgresql":
        raise WorkerNotStarted(
            f"The worker needs PostgreSQL, not {connection.vendor}: it must share the database "
            "with this process. Pass --database-url or set DATABASE_URL."
        )
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


def _environment(*, database: str, emulator_url: str, var_dir: str) -> dict[str, str]:
    """This process's settings for the cluster, with tasks taken from the queue."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        # TESTING off makes the cluster asynchronous; DEBUG then gives the development defaults
        # (keys, hosts) the way TESTING gave them here.
        TESTING="false",
        DEBUG="true" if settings.DEBUG or settings.TESTING else "false",
        SECRET_KEY=settings.SECRET_KEY,
        ENCRYPTION_KEY=settings.ENCRYPTION_KEY,
        DATABASE_URL=database,
        SALESFORCE_EMULATOR_URL=emulator_url,
        UPDATE_PUSH_WINDOW_SECONDS=str(settings.UPDATE_PUSH_WINDOW_SECONDS),
        EMAIL_BACKEND="file",
        VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the cluster as a deployment would (SIGTERM to its main process, which lets running
    tasks finish and their results be saved), then kill whatever is left of its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return  # the whole group has exited
    process.wait(timeout=STOP_SECONDS)


@contextmanager
def worker_process(*, emulator_url: str) -> Iterator[Path]:
    """Run both clusters (``manage.py qcluster``, the main one and the push one) on this
    database, as ``make run`` does; yield the path of their log."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    database = database_url()  # refuses before anything is started
    with tempfile.TemporaryDirectory() as var_dir:
        env = _environment(database=database, emulator_url=emulator_url, var_dir=var_dir)
        log_path = Path(var_dir) / "qcluster.log"
        processes = []
        with log_path.open("wb") as log:
            for cluster_env in (env, {**env, "Q_CLUSTER_NAME": settings.Q_PUSH_CLUSTER}):
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                        [sys.executable, str(manage), "qcluster"],
                        cwd=settings.BASE_DIR,
                        env=cluster_env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        try:
            yield log_path
        finally:
            for process in processes:
                _stop(process)
