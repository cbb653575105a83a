"""HostThrottle: spacing between request starts and a per-host concurrency limit."""

from __future__ import annotations

import pickle
import threading
import time

from transforms.fetch import FetchPolicy, HostThrottle, fetch


def _run(throttle: HostThrottle, host: str, n: int, hold: float) -> tuple[list[float], int]:
    starts: list[float] = []
    active = 0
    peak = 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal active, peak
        with throttle.slot(host):
            with lock:
                starts.append(time.monotonic())
                active += 1
                peak = max(peak, active)
            time.sleep(hold)
            with lock:
                active -= 1

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    return sorted(starts), peak


def test_spacing_between_starts():
    starts, _ = _run(HostThrottle(per_host_concurrency=4, per_host_delay=0.2), "feeds.example.test", 4, 0.0)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) == 4
    assert all(gap >= 0.19 for gap in gaps), gaps
    assert starts[-1] - starts[0] < 0.9


def test_concurrency_limit():
    started = time.monotonic()
    starts, peak = _run(
        HostThrottle(per_host_concurrency=2, per_host_delay=0.0), "feeds.example.test", 6, 0.2
    )
    assert peak == 2
    assert 0.55 <= time.monotonic() - started < 1.5  # three waves of two


def test_hosts_are_independent():
    throttle = HostThrottle(per_host_concurrency=1, per_host_delay=0.3)
    t0 = time.monotonic()
    with throttle.slot("a.example.test"):
        pass
    with throttle.slot("b.example.test"):
        pass
    assert time.monotonic() - t0 < 0.1
    with throttle.slot("A.EXAMPLE.TEST"):  # same host, any case: waits out the delay
        pass
    assert time.monotonic() - t0 >= 0.29


def test_pickle_round_trip_after_use():
    throttle = HostThrottle.from_policy(FetchPolicy(per_host_concurrency=3, per_host_delay=0.25))
    with throttle.slot("x.example.test"):
        clone = pickle.loads(pickle.dumps(throttle))
    assert (clone.per_host_concurrency, clone.per_host_delay) == (3, 0.25)
    t0 = time.monotonic()
    with clone.slot("x.example.test"):  # fresh state: no leftover in-flight count or delay
        pass
    assert time.monotonic() - t0 < 0.2  # the original would wait out the 0.25 s since its start


def test_fetch_goes_through_the_throttle(server, policy):
    server.static("/f", 200, b"ok")
    throttle = HostThrottle(per_host_concurrency=2, per_host_delay=0.2)
    t0 = time.monotonic()
    for _ in range(3):
        fetch(server.url("/f"), policy, throttle=throttle)
    assert time.monotonic() - t0 >= 0.39
