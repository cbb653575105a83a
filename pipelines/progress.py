"""Progress of a local run: a live bar on a terminal, plain ``batch N of M`` lines elsewhere.

The launcher reports to a ``Progress``: the inputs it listed, then each batch as it starts and ends
(with that batch's summary). On a terminal a rich progress bar shows batches done, documents/s and the
time left; otherwise (CI, a pipe, a log file) one INFO line per batch, shown by default, hidden by -q.
Feed URLs are fetched inside the pipeline: the local runner passes the fetch counters on while it runs
(``pipelines.runners.LocalRunner``), shown as ``feeds N/M`` on the bar or as ``feeds: ...`` lines.
A standing ``dateline stream`` job reports its polls the same way (``StreamProgress``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from pipelines import console

log = logging.getLogger("dateline.ingest")

LINE_SECONDS = 2.0  # at most one plain progress line this often (the last one always)


def terminal():
    """A rich console on stderr (rich is imported only when something is drawn)."""
    from rich.console import Console

    return Console(stderr=True, force_terminal=True)


def is_feed_url(spec) -> bool:
    return getattr(spec, "kind", None) == "feed" and str(spec.pattern).startswith(("http://", "https://"))


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return (
        f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
    )


class Progress:
    """Reports a run in batches; ``live`` draws a terminal bar (default: when stderr is a terminal)."""

    def __init__(self, live: bool | None = None, enabled: bool = True) -> None:
        self.enabled = enabled
        self.live = enabled and (console.is_tty() if live is None else live)
        self.started = time.monotonic()
        self.inputs = 0
        self.inputs_done = 0
        self.documents = 0
        self.batches = 0
        self.feeds = 0  # feed URLs to fetch
        self.feeds_done = 0
        self.feeds_failed = 0
        self._feeds_before = (0, 0)  # done, failed by earlier batches' runs
        self._last_line = 0.0
        self._lock = threading.Lock()
        self._bar = None
        self._task = None
        self._text = ""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def listed(self, batches: Sequence[Sequence]) -> None:
        """The inputs were listed and split into batches."""
        self.batches = len(batches)
        self.inputs = sum(len(b) for b in batches)  # specs: files once split, else patterns
        self.feeds = sum(1 for b in batches for spec in b if is_feed_url(spec))
        if not self.enabled:
            return
        if self.batches <= 1:
            if self.live:
                self._text = f"dateline: ingesting {self.inputs} inputs"
                self._bar = terminal().status(self._text)
                self._bar.start()
            return
        if self.live:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("[bold]dateline[/] {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("inputs · {task.fields[docs]} docs · {task.fields[rate]} docs/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=terminal(),
                transient=True,
            )
            self._bar.start()
            self._text = f"batch 1 of {self.batches}"
            self._task = self._bar.add_task(self._text, total=self.inputs, docs=0, rate="-")
        log.info(
            "%d files and feed URLs listed, run in %d batches (--local-batch-mb)", self.inputs, self.batches
        )

    def listener(self) -> Callable[[dict[str, int]], None] | None:
        """What the local runner calls with its counters, when there are feed URLs to show."""
        return self.counters if self.enabled and self.feeds else None

    def counters(self, totals: dict[str, int]) -> None:
        """The running pipeline's user counters (``fetch/feeds_*``), from the runner's threads."""
        done_before, failed_before = self._feeds_before
        failed = totals.get("fetch/feeds_failed", 0)
        done = totals.get("fetch/feeds_fetched", 0) + totals.get("fetch/feeds_not_modified", 0) + failed
        with self._lock:
            done, failed = done_before + done, failed_before + failed
            if (done, failed) == (self.feeds_done, self.feeds_failed):
                return
            self.feeds_done, self.feeds_failed = done, failed
            self._show_feeds()

    def _feeds_text(self) -> str:
        failed = f", {self.feeds_failed} failed" if self.feeds_failed else ""
        return f"feeds {self.feeds_done}/{self.feeds} fetched{failed}"

    def _show_feeds(self) -> None:
        if self._bar is not None:
            text = f"{self._text} · {self._feeds_text()}"
            if self._task is None:
                self._bar.update(text)
            else:
                self._bar.update(self._task, description=text)
            return
        now = time.monotonic()
        if self.feeds_done < self.feeds and now - self._last_line < LINE_SECONDS:
            return
        self._last_line = now
        failed = f", {self.feeds_failed} failed" if self.feeds_failed else ""
        log.info("feeds: %d of %d fetched%s", self.feeds_done, self.feeds, failed)

    def batch_started(self, number: int, inputs: int) -> None:
        self._feeds_before = (self.feeds_done, self.feeds_failed)
        if not self.enabled or self.batches <= 1:
            return
        if self._bar is not None:
            self._text = f"batch {number} of {self.batches}"
            self._bar.update(self._task, description=self._text)
        else:
            log.info("batch %d of %d: %d files", number, self.batches, inputs)

    def batch_done(self, number: int, inputs: int, summary: dict) -> None:
        self.inputs_done += inputs
        self.documents += summary["counts"]["documents"]
        if not self.enabled or self.batches <= 1:
            return
        elapsed = self.elapsed()
        rate = self.documents / elapsed if elapsed > 0 else 0.0
        if self._bar is not None:
            self._bar.update(self._task, advance=inputs, docs=self.documents, rate=f"{rate:.1f}")
            return
        left = ""
        if self.inputs_done < self.inputs and self.inputs_done:
            left = f", about {duration(elapsed / self.inputs_done * (self.inputs - self.inputs_done))} left"
        log.info(
            "batch %d of %d done: %d documents so far, %.1f documents/s%s",
            number,
            self.batches,
            self.documents,
            rate,
            left,
        )


class StreamProgress:
    """A standing job's polls: a live status line on a terminal, a plain line per change elsewhere."""

    def __init__(self, feeds: int, live: bool | None = None, enabled: bool = True) -> None:
        self.feeds = feeds
        self.enabled = enabled
        self.live = enabled and (console.is_tty() if live is None else live)
        self.polls = self.failed = self.new = 0
        self._lock = threading.Lock()
        self._status = None

    def __enter__(self) -> StreamProgress:
        if self.live:
            self._status = terminal().status(f"dateline: polling · {self.text()}")
            self._status.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def listener(self) -> Callable[[dict[str, int]], None] | None:
        return self.counters if self.enabled else None

    def text(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.polls} feed polls ({self.feeds} feeds a round){failed}; {self.new} new documents"

    def counters(self, totals: dict[str, int]) -> None:
        now = (totals.get("stream/polls", 0), totals.get("stream/poll_failures", 0))
        now += (totals.get("stream/new_versions", 0),)
        with self._lock:
            if now == (self.polls, self.failed, self.new):
                return
            self.polls, self.failed, self.new = now
            if self._status is not None:
                self._status.update(f"dateline: polling · {self.text()}")
            else:
                logging.getLogger("dateline.stream").info("%s", self.text())
