"""The sdist a worker installs is complete: the pipeline runs from it alone, outside the checkout."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tarfile

from tests.deploy.conftest import REPO, local_tables
from tests.pipeline.conftest import sample_args

PACKAGES = ("pipelines", "transforms", "schemas")

RUN_AND_REPORT = """
import json, sys
from pipelines import ingest
code = ingest.main(sys.argv[1:])
ours = {name: getattr(module, "__file__", None) for name, module in sorted(sys.modules.items())
        if name.split(".")[0] in ("pipelines", "transforms", "schemas")}
print("MODULES " + json.dumps({"code": code, "modules": ours}))
"""


def build_sdist(dist: pathlib.Path) -> pathlib.Path:
    """The command Beam's stager falls back to for --setup_file (egg-info kept out of the checkout)."""
    dist.mkdir()
    subprocess.run(
        [
            sys.executable,
            "setup.py",
            "-q",
            "egg_info",
            "--egg-base",
            str(dist),
            "sdist",
            "--dist-dir",
            str(dist),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (sdist,) = dist.glob("dateline-*.tar.gz")
    return sdist


def install(sdist: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    """Lay the sdist's packages and package data out as an install would, using only the sdist.

    ``pip install --no-build-isolation`` would need the ``wheel`` package next to setuptools < 70, and
    build isolation would need an index: ``build_py`` from the unpacked sdist is the offline
    equivalent (it is the step of ``bdist_wheel`` that collects packages and package data).
    """
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "src", filter="data")
    (root,) = (work / "src").iterdir()
    site = work / "site"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(site)],
        cwd=root,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return site


def test_sdist_holds_every_module_and_data_file(tmp_path):
    sdist = build_sdist(tmp_path / "dist")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    wanted = {
        p.relative_to(REPO).as_posix()
        for package in PACKAGES
        for p in (REPO / package).rglob("*")
        if p.suffix in (".py", ".json") and "__pycache__" not in p.parts
    }
    assert any(w.endswith(".json") for w in wanted)
    assert wanted - names == set()
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "deploy/", "samples/"))]


def test_pipeline_runs_from_the_installed_package_only(samples_dir, demo_output, tmp_path):
    site = install(build_sdist(tmp_path / "dist"), tmp_path)
    json_files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.json"))
    assert json_files == sorted(p.relative_to(REPO).as_posix() for p in (REPO / "transforms").rglob("*.json"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    output = tmp_path / "out"
    # Worker processes unpickle the DoFns, so they too must find everything in the installed package.
    args = sample_args(
        samples_dir, output, "--direct_running_mode=multi_processing", "--direct_num_workers=2"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(site)
    proc = subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT, *args],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("MODULES "))[8:])
    assert report["code"] == 0
    modules = report["modules"]
    assert {"pipelines.ingest", "transforms.temporal", "transforms.boilerplate", "schemas.tables"} <= set(
        modules
    )
    outside = {name: path for name, path in modules.items() if not (path or "").startswith(str(site))}
    assert outside == {}
    assert local_tables(output) == local_tables(demo_output)
