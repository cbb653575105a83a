"""Render the Dataflow job for an ingest command line, offline: no credentials, no network.

python -m deploy.dataflow.render_job WORKDIR [--stream] -- --runner DataflowRunner --project P --region R \
    --temp_location gs://BUCKET/tmp --output gs://BUCKET/out --setup_file ./setup.py --feed ...

``--stream`` renders the standing job of ``pipelines.stream`` instead of the batch ingest.

Beam's own ``DataflowRunner`` (with ``--dry_run``) translates the pipeline, builds the sdist of
``setup.py`` and picks the SDK container; then Beam's job-description code stages the artifacts into
``WORKDIR/staging`` instead of GCS and the CreateJob request body is written to ``WORKDIR/job.json``.
Review that file (or diff it in CI) before a real submission; package locations in it point at the
local staging copy where a real submission would have ``gs://.../staging/...``.
"""

from __future__ import annotations

import json
import pathlib
import sys
from collections.abc import Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import (
    GoogleCloudOptions,
    PipelineOptions,
    SetupOptions,
    StandardOptions,
)
from apache_beam.runners.dataflow.internal import apiclient

from pipelines import ingest
from pipelines.options import IngestOptions

JOB_FILE = "job.json"


def dry_run(argv: Sequence[str], stream: bool = False) -> apiclient.Job:
    """The job DataflowRunner would submit, built as ``pipelines.ingest.run`` (or ``stream.run``) builds it."""
    options = PipelineOptions([*argv, "--dry_run=True", "--no_auth"])
    if options.view_as(StandardOptions).runner not in ("DataflowRunner", "dataflow"):
        raise SystemExit("render_job: pass --runner DataflowRunner")
    options.view_as(SetupOptions).save_main_session = False  # as in pipelines.ingest.run
    pipeline = beam.Pipeline(options=options)
    if stream:
        from pipelines import stream as streaming

        options.view_as(StandardOptions).streaming = True
        streaming.build(pipeline, options.view_as(IngestOptions), options.view_as(streaming.StreamOptions))
    else:
        ingest.build(pipeline, options.view_as(IngestOptions))
    return pipeline.run().job


def render(argv: Sequence[str], workdir: pathlib.Path, stream: bool = False) -> dict:
    """Stage the job's artifacts under ``workdir/staging`` and write ``workdir/job.json``."""
    job = dry_run(argv, stream)
    staging = workdir / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    job.options.view_as(GoogleCloudOptions).staging_location = str(staging)
    client = apiclient.DataflowApplicationClient(job.options, str(staging))
    client.create_job_description(job)
    text = job.json()
    (workdir / JOB_FILE).write_text(text)
    return json.loads(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    stream = "--stream" in args[: args.index("--")] if "--" in args else False
    head = [a for a in args[: args.index("--")] if a != "--stream"] if "--" in args else []
    if len(head) != 1:
        print("usage: " + __doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    workdir = pathlib.Path(head[0])
    job = render(args[args.index("--") + 1 :], workdir, stream)
    pool = job["environment"]["workerPools"][0]
    print(f"job {job['name']} ({job['type']}) -> {workdir / JOB_FILE}")
    print(f"container {pool['workerHarnessContainerImage']}")
    print("packages " + ", ".join(p["name"] for p in pool["packages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
