"""Streaming pipelines under ``TestStream``: Beam's legacy direct runner, fixed, and a run that cannot hang.

``TestStream`` runs only on the ``BundleBasedDirectRunner`` here (the FnApiRunner refuses it, Prism is
a download). That runner has a bug our streaming graph meets: a stateful DoFn's timer firing
(``EmitNewVersions``' expiry, when the watermark passes it) is evaluated on an empty bundle, the
ParDo commits an empty output bundle per tag, and the runner hands each one downstream. A ParDo with
a side input in fixed windows (``StripRepeatedLines``' ``Restrip``) then computes the main input's
window from the bundle's first element: there is none, and ``map_via_end(None)`` raises
``AttributeError`` before the executor's retry loop, so the worker thread dies without reporting and
the monitor waits for it forever. An empty bundle carries nothing, and the runner's watermark manager
already ignores empty bundles, so ``streaming_pipeline`` stops the runner from scheduling consumers
for them while its pipeline runs. Any other failure to finish still fails the test within
``timeout`` instead of blocking the suite.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct import executor
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner

TIMEOUT_SECONDS = 90.0  # a TestStream run here takes seconds; far past that it is stuck, not slow


@contextlib.contextmanager
def _empty_bundles_unconsumed() -> Iterator[None]:
    parallel = executor._ExecutorServiceParallelExecutor  # noqa: SLF001 - the class that schedules bundles
    original = parallel.schedule_consumers

    def schedule_consumers(self, committed_bundle) -> None:
        if committed_bundle.has_elements():
            original(self, committed_bundle)

    parallel.schedule_consumers = schedule_consumers
    try:
        yield
    finally:
        parallel.schedule_consumers = original


def run_to_end(pipeline: beam.Pipeline, timeout: float = TIMEOUT_SECONDS) -> None:
    """Run ``pipeline`` until its sources are done; raise its error, or fail if it is not over in ``timeout``."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            pipeline.run().wait_until_finish()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failures.append(exc)

    worker = threading.Thread(target=run, name="teststream-pipeline", daemon=True)
    with _empty_bundles_unconsumed():
        worker.start()
        worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"the streaming pipeline did not finish within {timeout:.0f} s")
    if failures:
        raise failures[0]


@contextlib.contextmanager
def streaming_pipeline(timeout: float = TIMEOUT_SECONDS) -> Iterator[beam.Pipeline]:
    """A streaming pipeline on the direct runner that supports ``TestStream``, run on leaving the block."""
    options = PipelineOptions([])
    options.view_as(StandardOptions).streaming = True
    pipeline = beam.Pipeline(runner=BundleBasedDirectRunner(), options=options)
    yield pipeline
    run_to_end(pipeline, timeout)
