"""The Dataflow submission, rendered offline, and the flex-template files checked against the CLI."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile

import apache_beam as beam
import pytest
from apache_beam.portability.api import beam_runner_api_pb2

from deploy.dataflow import flex_main, render_job
from pipelines.options import IngestOptions
from tests.deploy.conftest import REPO, deny_network

pytestmark = pytest.mark.pipeline  # jobs are rendered by building the real pipelines

BUCKET = "gs://dateline-test-bucket"  # GCS bucket names need 3+ characters; Beam validates them offline
DATAFLOW_ARGS = [
    "--runner",
    "DataflowRunner",
    "--project",
    "dateline-test",
    "--region",
    "europe-west1",
    "--temp_location",
    f"{BUCKET}/tmp",
    "--output",
    f"{BUCKET}/out",
    "--setup_file",
    "./setup.py",
    "--feed",
    f"{BUCKET}/in/feeds/*.xml",
    "--text",
    f"{BUCKET}/in/text/*",
    "--html",
    f"{BUCKET}/in/html/*.html",
    "--default_published",
    "2025-06-26T09:00:00+03:00",
]
OUR_TRANSFORMS = {
    "ReadSources",
    "Dedupe",
    "BuildDocuments",
    "StripRepeatedLines",
    "ExtractEvents",
    "WriteEvents",
    "WriteDocuments",
    "WriteRejects",
    "Commit",
    "Summarize",
}
SDK_IMAGE = (
    f"gcr.io/cloud-dataflow/v1beta3/beam_python{sys.version_info.major}.{sys.version_info.minor}_sdk:"
    f"{beam.__version__}"
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One offline rendering of the batch job (Beam's DataflowRunner with --dry_run, local staging)."""
    workdir = tmp_path_factory.mktemp("dataflow")
    with pytest.MonkeyPatch.context() as mp:
        deny_network(mp)
        mp.chdir(REPO)  # --setup_file ./setup.py, as in the README
        job = render_job.render(DATAFLOW_ARGS, workdir)
    return job, workdir


def staged_pipeline(workdir) -> beam_runner_api_pb2.Pipeline:
    return beam_runner_api_pb2.Pipeline.FromString((workdir / "staging" / "pipeline.pb").read_bytes())


def test_job_is_a_batch_job_with_our_options(rendered):
    job, workdir = rendered
    assert job["type"] == "JOB_TYPE_BATCH"
    assert json.loads((workdir / render_job.JOB_FILE).read_text()) == job
    options = job["environment"]["sdkPipelineOptions"]["options"]
    assert options["output"] == f"{BUCKET}/out"
    assert options["feed"] == [f"{BUCKET}/in/feeds/*.xml"]
    assert options["html"] == [f"{BUCKET}/in/html/*.html"]
    assert options["default_published"] == "2025-06-26T09:00:00+03:00"
    assert (options["project"], options["region"]) == ("dateline-test", "europe-west1")
    assert options["temp_location"].startswith(f"{BUCKET}/tmp/")
    assert options["save_main_session"] is False


def test_workers_get_the_sdk_image_and_our_sdist(rendered):
    job, workdir = rendered
    (pool,) = job["environment"]["workerPools"]
    assert pool["workerHarnessContainerImage"] == SDK_IMAGE
    assert [c["containerImage"] for c in pool["sdkHarnessContainerImages"]] == [SDK_IMAGE]
    packages = {p["name"]: p["location"] for p in pool["packages"]}
    # The sdist of setup.py travels as workflow.tar.gz; no pickled main session (save_main_session off).
    assert set(packages) == {"workflow.tar.gz", "submission_environment_dependencies.txt"}
    with tarfile.open(packages["workflow.tar.gz"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
        pkg_info = sdist.extractfile(next(n for n in sdist.getnames() if n.endswith("/PKG-INFO"))).read()
    assert b"\nName: dateline\n" in pkg_info
    data_files = {p.relative_to(REPO).as_posix() for p in (REPO / "transforms").rglob("*.json")}
    assert data_files and data_files <= names
    assert {"setup.py", "pipelines/ingest.py", "schemas/tables.py", "transforms/beam/write.py"} <= names
    # Beam's pipeline proto carries the same artifacts, under the names the workers install them by.
    (env,) = staged_pipeline(workdir).components.environments.values()
    assert beam_runner_api_pb2.DockerPayload.FromString(env.payload).container_image == SDK_IMAGE
    staged_as = {
        beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(d.role_payload).staged_name
        for d in env.dependencies
    }
    assert staged_as == set(packages)


def test_graph_has_our_transforms_and_small_closures(rendered):
    _, workdir = rendered
    pipeline = staged_pipeline(workdir)
    transforms = pipeline.components.transforms
    # Composites may nest them (ProcessDocuments/ExtractEvents): match the step's own name, one level deep.
    steps = {t.unique_name.rsplit("/", 1)[-1] for t in transforms.values() if t.unique_name.count("/") <= 1}
    assert OUR_TRANSFORMS <= steps, OUR_TRANSFORMS - steps
    # Every DoFn travels pickled in its transform's payload; heavy state (lexicons, models) must be
    # built in setup() on the worker, never pickled: no payload comes near 32 KiB.
    biggest = max(transforms.values(), key=lambda t: len(t.spec.payload))
    assert len(biggest.spec.payload) < 32 * 1024, biggest.unique_name


def cli_actions() -> dict[str, argparse.Action]:
    parser = argparse.ArgumentParser(add_help=False)
    IngestOptions._add_argparse_args(parser)
    return {a.dest: a for a in parser._actions}


def test_flex_template_metadata_matches_the_cli():
    metadata = json.loads((REPO / "deploy" / "dataflow" / "metadata.json").read_text())
    params = {p["name"]: p for p in metadata["parameters"]}
    assert len(params) == len(metadata["parameters"])
    actions = cli_actions()
    assert sorted(params) == sorted(actions), {
        "missing": set(actions) - set(params),
        "unknown": set(params) - set(actions),
    }
    assert metadata["streaming"] is False
    for name, param in params.items():
        action = actions[name]
        assert param["label"] and param["helpText"], name
        assert param["isOptional"] is (name != "output"), name
        regexes = param.get("regexes", [])
        if isinstance(action, argparse._StoreTrueAction):
            assert regexes == ["^(true|false)$"], name
        elif action.type is int:
            assert regexes == ["^[0-9]+$"], name
            assert re.match(regexes[0], str(action.default)), name
        elif action.type is float:
            assert regexes and re.match(regexes[0], str(action.default)), name
        # Every parameter reaches the CLI under its dest name, as the launcher passes it.
        value = "true" if isinstance(action, argparse._StoreTrueAction) else "1"
        parsed = IngestOptions(flex_main.template_args([f"--{name}={value}"]))
        assert getattr(parsed, name) in (True, 1, 1.0, "1", ["1"]), name


def test_flex_main_rewrites_switches_only():
    args = ["--output=gs://b/o", "--fetch_articles=true", "--allow_private_hosts=False", "--feed=x"]
    assert flex_main.template_args(args) == ["--output=gs://b/o", "--fetch_articles", "--feed=x"]
    with pytest.raises(SystemExit):
        flex_main.template_args(["--fetch_articles=yes"])


def test_dockerfile_installs_the_project_and_points_at_real_files():
    text = (REPO / "deploy" / "dataflow" / "Dockerfile").read_text()
    assert re.search(r"^FROM gcr\.io/dataflow-templates-base/python311-template-launcher-base$", text, re.M)
    env = dict(re.findall(r'^ENV (\w+)="?([^"\n]+)"?$', text, re.M))
    workdir = re.search(r"^ARG WORKDIR=(\S+)$", text, re.M).group(1)
    copies = re.findall(r"^COPY (.+)$", text, re.M)
    sources = [src for line in copies for src in line.split()[:-1]]
    assert all((REPO / src).exists() for src in sources), sources
    targets = {
        f"{workdir}/{dst.lstrip('./')}" if dst not in ("./", ".") else workdir
        for line in copies
        for dst in [line.split()[-1]]
    }
    py_file = env["FLEX_TEMPLATE_PYTHON_PY_FILE"].replace("${WORKDIR}", workdir)
    setup_file = env["FLEX_TEMPLATE_PYTHON_SETUP_FILE"].replace("${WORKDIR}", workdir)
    assert py_file in targets and py_file.endswith("/flex_main.py")
    assert setup_file == f"{workdir}/setup.py" and "setup.py" in sources
    assert "pip install --no-cache-dir ." in text


def test_network_guard_fails_fast(no_network):
    """The guard the rendering runs under raises at once rather than retrying a connection."""
    import socket

    from tests.deploy.conftest import NetworkDenied

    with pytest.raises(NetworkDenied):
        socket.create_connection(("dataflow.googleapis.com", 443), timeout=1)
    with pytest.raises(NetworkDenied):
        socket.getaddrinfo("storage.googleapis.com", 443)


def test_streaming_job_renders_as_a_streaming_job(tmp_path, no_network, monkeypatch):
    """The README's `python -m pipelines.stream --runner DataflowRunner --streaming ...` translates."""
    monkeypatch.chdir(REPO)
    argv = [a for a in DATAFLOW_ARGS if a not in ("--text", "--html") and not a.startswith(f"{BUCKET}/in/")]
    argv[argv.index("--feed") + 1 : argv.index("--feed") + 1] = ["https://news.example/feed.xml"]
    job = render_job.render(
        [*argv, "--streaming", "--poll-interval", "300", "--window", "300"], tmp_path, stream=True
    )
    assert job["type"] == "JOB_TYPE_STREAMING"
    options = job["environment"]["sdkPipelineOptions"]["options"]
    assert (options["streaming"], options["poll_interval"], options["window"]) == (True, 300.0, 300.0)
    (pool,) = job["environment"]["workerPools"]
    assert {p["name"] for p in pool["packages"]} == {
        "workflow.tar.gz",
        "submission_environment_dependencies.txt",
    }
    transforms = staged_pipeline(tmp_path).components.transforms.values()
    steps = {t.unique_name.rsplit("/", 1)[-1] for t in transforms if t.unique_name.count("/") <= 1}
    assert {"PollFeeds", "ExtractEvents", "WriteEvents", "WriteDocuments", "WriteRejects"} <= steps, steps
