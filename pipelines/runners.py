"""Which runner executes a pipeline whose options name none (or ``DirectRunner``), and what it reports.

Beam's DirectRunner first tries Prism, which it downloads from the internet on every run; offline that
costs a failed lookup and a fallback, and on a locked-down host it is traffic nobody asked for. We go
straight to what it falls back to: the FnApiRunner (which honours ``--direct_num_workers`` and
``--direct_running_mode``). Any other ``--runner`` is left to Beam.

Two additions over Beam's own local runner:

- worker processes (``multi_processing``) start through ``pipelines.worker``, which quiets Beam's
  import-time warnings there too (a filter installed in the launcher does not reach a worker);
- with a ``listener``, the pipeline's user counters (e.g. ``fetch/feeds_fetched``) are reported while
  it runs: from the workers' progress responses during a bundle and from each bundle's result when it
  ends, so a long feed fetch or a standing streaming job can show how far it is. Beam has no public
  way to this: the FnApiRunner's ``run_pipeline`` returns its result (and ``metrics()``) only when the
  run is over, and it builds its per-bundle progress poller from the module-level name
  ``fn_runner.ProgressRequester`` without a hook for the callback that class takes. So a reporting
  run swaps that name for the length of ``run_pipeline`` and puts it back however the run ends.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable

from apache_beam.metrics import monitoring_infos
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.portability.fn_api_runner import fn_runner
from apache_beam.runners.runner import PipelineRunner
from apache_beam.transforms.environments import SubprocessSDKEnvironment

BEAM_WORKER = "-m apache_beam.runners.worker.sdk_worker_main"
OUR_WORKER = "-m pipelines.worker"
PROGRESS_SECONDS = 0.5

# Called with the run's user counters so far, as {"namespace/name": total}; from runner threads.
Listener = Callable[[dict[str, int]], None]


def user_counters(infos: Iterable) -> Counter:
    """``{"namespace/name": value}`` summed over the monitoring infos of one bundle (all its steps)."""
    totals: Counter = Counter()
    for info in infos:
        if info.urn == monitoring_infos.USER_COUNTER_URN:
            labels = info.labels
            key = f"{labels[monitoring_infos.NAMESPACE_LABEL]}/{labels[monitoring_infos.NAME_LABEL]}"
            totals[key] += monitoring_infos.extract_counter_value(info)
    return totals


class _ReportingRequester(fn_runner.ProgressRequester):
    """Beam's progress poller for one bundle, forwarding each response to the running ``LocalRunner``."""

    def __init__(self, worker_handler, instruction_id, frequency, callback=None) -> None:
        runner = LocalRunner.active
        if callback is None and runner is not None and runner.listener is not None:
            callback = runner.in_flight(instruction_id)
        super().__init__(worker_handler, instruction_id, frequency, callback)


class LocalRunner(fn_runner.FnApiRunner):
    """Beam's FnApiRunner with our worker entry point and, given a listener, live user counters."""

    active: LocalRunner | None = None  # the one reporting run in this process (a CLI runs one at a time)

    def __init__(self, listener: Listener | None = None, **kwargs) -> None:
        self.listener = listener
        self._lock = threading.Lock()
        self._done: Counter = Counter()  # finished bundles
        self._running: dict[str, Counter] = {}  # the bundle under way, by instruction id
        self._generation = 0
        frequency = PROGRESS_SECONDS if listener is not None else None
        super().__init__(progress_request_frequency=frequency, **kwargs)

    # Beam's run_pipeline assigns the multi_processing worker command here; ours replaces it.
    @property
    def _default_environment(self):
        return self.__environment

    @_default_environment.setter
    def _default_environment(self, environment) -> None:
        if isinstance(environment, SubprocessSDKEnvironment) and BEAM_WORKER in environment.command_string:
            environment = SubprocessSDKEnvironment.from_command_string(f"{sys.executable} {OUR_WORKER}")
        self.__environment = environment

    def run_pipeline(self, pipeline, options):
        if self.listener is None:
            return super().run_pipeline(pipeline, options)
        original, fn_runner.ProgressRequester = fn_runner.ProgressRequester, _ReportingRequester
        LocalRunner.active = self
        try:
            return super().run_pipeline(pipeline, options)
        finally:
            fn_runner.ProgressRequester = original
            LocalRunner.active = None

    def in_flight(self, instruction_id: str) -> Callable:
        generation = self._generation

        def record(progress) -> None:
            with self._lock:
                if generation != self._generation:  # a late answer about a bundle already counted
                    return
                self._running[instruction_id] = user_counters(progress.monitoring_infos)
            self._report()

        return record

    def _execute_bundle(self, runner_execution_context, bundle_context_manager, bundle_input):
        result = super()._execute_bundle(runner_execution_context, bundle_context_manager, bundle_input)
        if self.listener is not None:
            with self._lock:
                self._generation += 1
                self._running = {}
                self._done += user_counters(result.process_bundle.monitoring_infos)
            self._report()
        return result

    def _report(self) -> None:
        with self._lock:
            totals = Counter(self._done)
            for running in self._running.values():
                totals += running
        self.listener(dict(totals))


def is_local(runner: str | None) -> bool:
    """``--runner`` names no runner or Beam's DirectRunner (matched as Beam does: any case, "Runner"
    optional): a run ``local_runner`` takes over."""
    return runner is None or runner.lower().removesuffix("runner") == "direct"


def local_runner(options: PipelineOptions, listener: Listener | None = None) -> PipelineRunner | None:
    """The FnApiRunner for local runs, set up as Beam's own DirectRunner does; None for other runners."""
    if not is_local(options.view_as(StandardOptions).runner):
        return None
    from apache_beam.portability.api import beam_provision_api_pb2
    from apache_beam.runners.portability.portable_runner import JobServiceHandle

    encoded = JobServiceHandle.encode_pipeline_options(options.get_all_options())
    provision = fn_runner.ExtendedProvisionInfo(
        beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded)
    )
    return LocalRunner(listener, provision_info=provision)
