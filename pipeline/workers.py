"""Worker processes for the steps that are independent per audience: MkDocs builds and audits.

MkDocs and the audit are pure Python, so threads would take turns; processes use every
core. With one job or one core the work runs in this process, exactly as before.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager


class InlineExecutor(Executor):
    """Runs each job at once in this process: the pool of a one-job build or a one-core machine."""

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed to whoever asks for the result, as a pool would; Ctrl+C is not
            future.set_exception(exc)
        return future


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def worker_pool(jobs: int) -> Iterator[Executor]:
    """A process per core, at most one per job. On Linux the workers are forked, so they start at once
    with everything already imported; elsewhere fork is unsafe and Python's default start is used."""
    workers = min(jobs, cores())
    if workers < 2:
        yield InlineExecutor()
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_own_std_streams)
    try:
        yield pool
    finally:  # after an error, start no job that is still waiting
        pool.shutdown(wait=True, cancel_futures=True)


def _own_std_streams() -> None:
    """Give a forked worker its own stdout and stderr objects: another thread of the parent (the
    terminal spinner) may have held the old ones' lock at the moment of the fork, and the worker
    flushes them when it exits."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            fd = stream.fileno()
        except (AttributeError, ValueError, io.UnsupportedOperation):
            continue
        setattr(sys, name, open(os.dup(fd), "w", encoding=stream.encoding, errors=stream.errors,  # noqa: SIM115
                                buffering=1))
