"""Running code in threads of its own, each on its own database connection.

`race(threads, fn)` releases ``fn`` in that many threads at once and hands back what each call
returned or raised. `in_thread(fn)` starts one thread for a test that holds it at a chosen point
and acts meanwhile. Either way each thread closes its database connection when it is done, and
no outcome is lost: an exception raised in a thread reaches the test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from django.db import connection

T = TypeVar("T")

BARRIER_SECONDS = 30
JOIN_SECONDS = 60


class Worker(Generic[T]):
    """``fn(*args)`` in a thread of its own, which closes its database connection when done."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self._fn = fn
        self._args = args
        self._result: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            self._result = self._fn(*self._args)
        except BaseException as error:  # handed to the test by join()
            self._error = error
        finally:
            connection.close()

    def start(self) -> Worker[T]:
        self._thread.start()
        return self

    def join(self, timeout: float = JOIN_SECONDS) -> T:
        """Wait for the thread; return what ``fn`` returned, or raise what it raised."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError(f"the thread still runs after {timeout} seconds")
        if self._error is not None:
            raise self._error
        return cast(T, self._result)


def in_thread(fn: Callable[..., T], *args: Any) -> Worker[T]:
    """Start ``fn(*args)`` in a thread of its own; ``join()`` returns its result or raises."""
    return Worker(fn, *args).start()


def race(threads: int, fn: Callable[[int], T]) -> list[T | Exception]:
    """Run ``fn(0)`` … ``fn(threads - 1)`` in ``threads`` threads released together by a barrier.

    Returns, in thread order, what each call returned, or the exception it raised (a broken
    barrier and a thread still running after the join timeout included), for the test to
    assert on.
    """
    barrier = threading.Barrier(threads)

    def released(index: int) -> T:
        barrier.wait(timeout=BARRIER_SECONDS)
        return fn(index)

    workers = [Worker(released, index).start() for index in range(threads)]
    results: list[T | Exception] = []
    for worker in workers:
        try:
            results.append(worker.join())
        except Exception as error:
            results.append(error)
    return results
