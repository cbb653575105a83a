"""Which runner executes a pipeline whose options name none (or ``DirectRunner``).

Beam's DirectRunner first tries Prism, which it downloads from the internet on every run; offline that
costs a failed lookup and a fallback, and on a locked-down host it is traffic nobody asked for. We go
straight to what it falls back to: the FnApiRunner (which honours ``--direct_num_workers`` and
``--direct_running_mode``). Any other ``--runner`` is left to Beam.
"""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.runner import PipelineRunner

LOCAL_NAMES = (None, "DirectRunner", "direct", "directrunner")


def local_runner(options: PipelineOptions) -> PipelineRunner | None:
    """The FnApiRunner for local runs, set up as Beam's own DirectRunner does; None for other runners."""
    if options.view_as(StandardOptions).runner not in LOCAL_NAMES:
        return None
    from apache_beam.portability.api import beam_provision_api_pb2
    from apache_beam.runners.portability.fn_api_runner import fn_runner
    from apache_beam.runners.portability.portable_runner import JobServiceHandle

    encoded = JobServiceHandle.encode_pipeline_options(options.get_all_options())
    provision = fn_runner.ExtendedProvisionInfo(
        beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded)
    )
    return fn_runner.FnApiRunner(provision_info=provision)
