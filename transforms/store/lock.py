"""Locks on a local output: one committer at a time, and a lease that says a run is still alive.

Both are ``flock`` locks, which the kernel drops when their process dies (``kill -9`` included), so a
crashed run never leaves a lock behind. On object stores there are no such locks: Delta's own
optimistic concurrency rejects a conflicting commit there (see ``docs/storage.md``).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator

from transforms.store import layout

log = logging.getLogger("dateline.store")


def _open_lock(path: str) -> int:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


@contextlib.contextmanager
def commit_lock(output: str, run_id: str, wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the output's commit lock; a second run waits (and says so), or gives up after ``wait_seconds``."""
    if not layout.is_local(output):
        yield
        return
    path = layout.control(layout.local_path(output), "commit.lock")
    fd = _open_lock(path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another run"
            log.warning("waiting for %s to finish committing to %s", holder, output)
            started = time.monotonic()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if wait_seconds is not None and time.monotonic() - started > wait_seconds:
                        raise TimeoutError(f"{output} is being committed by {holder}") from None
                    time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"run {run_id} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class RunLease:
    """Held from a run's start to its end: files named with a run id whose lease is free belong to a dead run."""

    def __init__(self, output: str, run_id: str):
        self.output = output
        self.run_id = run_id
        self._fd: int | None = None

    def __enter__(self) -> RunLease:
        if layout.is_local(self.output):
            self._fd = _open_lock(_lease_path(self.output, self.run_id))
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(_lease_path(self.output, self.run_id))
            os.close(self._fd)
            self._fd = None


def _lease_path(output: str, run_id: str) -> str:
    return layout.control(layout.local_path(output), "active", run_id)


def run_is_alive(output: str, run_id: str) -> bool | None:
    """True while the run holds its lease; False when it took one and died; None for a run that took
    no lease here (it ended cleanly, runs elsewhere, or is a test pipeline): callers judge those by age."""
    path = _lease_path(output, run_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return False
