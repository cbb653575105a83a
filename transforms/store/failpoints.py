"""Named crash points, for the crash tests: ``DATELINE_CRASH_AT=<point>[:<n>]`` in the environment
kills this process's group with SIGKILL the n-th time (default: first) execution reaches ``<point>``.

That is the death an operator's ``kill -9`` of the process tree brings, at a moment chosen exactly
instead of by a timer, so each step of a commit can be shown to recover. ``DATELINE_STALL_AT=<point>:<s>``
instead sleeps ``s`` seconds there, so a test's readers are sure to read while that step is pending.
Unset, a point costs two dictionary lookups.
"""

from __future__ import annotations

import os
import signal
import time

ENV = "DATELINE_CRASH_AT"
STALL_ENV = "DATELINE_STALL_AT"
_reached: dict[str, int] = {}


def reach(point: str) -> None:
    stall = os.environ.get(STALL_ENV)
    if stall:
        target, _, seconds = stall.partition(":")
        if target == point:
            time.sleep(float(seconds or 1))
    spec = os.environ.get(ENV)
    if not spec:
        return
    target, _, nth = spec.partition(":")
    if target != point:
        return
    _reached[point] = _reached.get(point, 0) + 1
    if _reached[point] >= int(nth or 1):
        os.killpg(os.getpgrp(), signal.SIGKILL)
