"""The local runner's live counters, and Beam's progress poller put back after every run."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import fn_runner

from pipelines.runners import LocalRunner, local_runner

BEAM_POLLER = fn_runner.ProgressRequester


class _Count(beam.DoFn):
    def __init__(self, fail_on: int | None = None) -> None:
        self.fail_on = fail_on
        self.seen = Metrics.counter("test", "seen")

    def process(self, value: int):
        if value == self.fail_on:
            raise ValueError(f"element {value} refused")
        self.seen.inc(value)
        yield value


def _run(listener, fail_on: int | None = None) -> None:
    options = PipelineOptions([])
    with beam.Pipeline(runner=local_runner(options, listener), options=options) as pipeline:
        _ = pipeline | beam.Create([1, 2, 3, 4, 5]) | beam.ParDo(_Count(fail_on))


def test_the_listener_hears_the_user_counters_and_the_poller_is_put_back():
    heard: list[dict[str, int]] = []
    _run(heard.append)
    assert heard, "the listener was never called"
    assert heard[-1] == {"test/seen": 15}
    seen = [totals.get("test/seen", 0) for totals in heard]
    assert all(set(totals) <= {"test/seen"} for totals in heard), heard
    assert seen == sorted(seen), "the totals went backwards"
    assert fn_runner.ProgressRequester is BEAM_POLLER
    assert LocalRunner.active is None


def test_a_failing_run_puts_beams_poller_back_too():
    with pytest.raises(Exception, match="element 3 refused"):
        _run(lambda totals: None, fail_on=3)
    assert fn_runner.ProgressRequester is BEAM_POLLER
    assert LocalRunner.active is None


def test_only_local_runs_get_our_runner():
    assert isinstance(local_runner(PipelineOptions([])), LocalRunner)
    assert isinstance(local_runner(PipelineOptions(["--runner", "DirectRunner"])), LocalRunner)
    assert isinstance(local_runner(PipelineOptions(["--runner", "Direct"])), LocalRunner)  # as Beam reads it
    assert local_runner(PipelineOptions(["--runner", "DataflowRunner"])) is None
