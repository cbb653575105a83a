"""Per-host politeness: a concurrency limit and a minimum spacing between request starts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .types import FetchPolicy


class _HostState:
    __slots__ = ("in_flight", "next_start")

    def __init__(self) -> None:
        self.in_flight = 0
        self.next_start = 0.0


class HostThrottle:
    """One per worker process; thread-safe, and picklable: only the limits travel, the lock and counters are rebuilt."""

    def __init__(self, per_host_concurrency: int = 2, per_host_delay: float = 1.0) -> None:
        if per_host_concurrency < 1:
            raise ValueError("per_host_concurrency must be at least 1")
        self.per_host_concurrency = per_host_concurrency
        self.per_host_delay = max(0.0, per_host_delay)
        self._cond = threading.Condition()
        self._hosts: dict[str, _HostState] = {}

    @classmethod
    def from_policy(cls, policy: FetchPolicy) -> HostThrottle:
        return cls(policy.per_host_concurrency, policy.per_host_delay)

    def __getstate__(self) -> dict:
        return {"per_host_concurrency": self.per_host_concurrency, "per_host_delay": self.per_host_delay}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["per_host_concurrency"], state["per_host_delay"])

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's concurrency slots, starting no sooner than its spacing allows."""
        key = host.lower()
        cond = self._cond
        with cond:
            state = self._hosts.setdefault(key, _HostState())
            while state.in_flight >= self.per_host_concurrency:
                cond.wait()
            state.in_flight += 1
            now = time.monotonic()
            start = max(now, state.next_start)
            state.next_start = start + self.per_host_delay
        try:
            wait = start - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            yield
        finally:
            with cond:
                state.in_flight -= 1
                cond.notify_all()
