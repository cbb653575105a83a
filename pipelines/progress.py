"""Progress of a local ingest run: a live bar on a terminal, plain ``batch N of M`` lines elsewhere.

The launcher reports to a ``Progress``: the inputs it listed, then each batch as it starts and ends
(with that batch's summary). On a terminal a rich progress bar shows batches done, documents/s and the
time left; otherwise (CI, a pipe, a log file) one INFO line per batch, shown by default, hidden by -q.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from pipelines import console

log = logging.getLogger("dateline.ingest")


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
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _console(self):
        from rich.console import Console

        return Console(stderr=True, force_terminal=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def listed(self, batches: Sequence[Sequence]) -> None:
        """The inputs were listed and split into batches."""
        self.batches = len(batches)
        self.inputs = sum(len(b) for b in batches)  # specs: files once split, else patterns
        if not self.enabled:
            return
        if self.batches <= 1:
            if self.live:
                self._bar = self._console().status(f"dateline: ingesting {self.inputs} inputs")
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
                console=self._console(),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(f"batch 1 of {self.batches}", total=self.inputs, docs=0, rate="-")
        log.info(
            "%d files and feed URLs listed, run in %d batches (--local-batch-mb)", self.inputs, self.batches
        )

    def batch_started(self, number: int, inputs: int) -> None:
        if not self.enabled or self.batches <= 1:
            return
        if self._bar is not None:
            self._bar.update(self._task, description=f"batch {number} of {self.batches}")
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
