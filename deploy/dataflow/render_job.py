"""Render the Dataflow job for an ingest command line, offline: no credentials, no network.

python -m deploy.dataflow.render_job WORKDIR -- --runner DataflowRunner --project P --region R \
    --temp_location gs://BUCKET/tmp --output gs://BUCKET/out --setup_file ./setup.py --feed ...

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

from pipelines.ingest import build
from pipelines.options import IngestOptions

JOB_FILE = "job.json"


def dry_run(argv: Sequence[str]) -> apiclient.Job:
    """The job DataflowRunner would submit, built exactly as ``pipelines.ingest.run`` builds it."""
    options = PipelineOptions([*argv, "--dry_run=True", "--no_auth"])
    if options.view_as(StandardOptions).runner not in ("DataflowRunner", "dataflow"):
        raise SystemExit("render_job: pass --runner DataflowRunner")
    options.view_as(SetupOptions).save_main_session = False  # as in pipelines.ingest.run
    pipeline = beam.Pipeline(options=options)
    build(pipeline, options.view_as(IngestOptions))
    return pipeline.run().job


def render(argv: Sequence[str], workdir: pathlib.Path) -> dict:
    """Stage the job's artifacts under ``workdir/staging`` and write ``workdir/job.json``."""
    job = dry_run(argv)
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
    if len(args) < 2 or args[1] != "--":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    workdir = pathlib.Path(args[0])
    job = render(args[2:], workdir)
    pool = job["environment"]["workerPools"][0]
    print(f"job {job['name']} ({job['type']}) -> {workdir / JOB_FILE}")
    print(f"container {pool['workerHarnessContainerImage']}")
    print("packages " + ", ".join(p["name"] for p in pool["packages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
