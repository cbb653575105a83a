"""The sdist a worker installs is complete: the pipeline runs from it alone, outside the checkout."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tarfile
import zipfile

import pytest

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


DATA_SUFFIXES = (".json", ".toml")  # boilerplate cues; temporal lexicons and rules


def data_files(root: pathlib.Path) -> list[str]:
    """The package data under ``root``/transforms, relative to ``root``."""
    return sorted(
        p.relative_to(root).as_posix() for p in (root / "transforms").rglob("*") if p.suffix in DATA_SUFFIXES
    )


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
        if p.suffix in (".py", *DATA_SUFFIXES) and "__pycache__" not in p.parts
    }
    assert all(any(w.endswith(suffix) for w in wanted) for suffix in DATA_SUFFIXES)
    assert wanted - names == set()
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "deploy/", "samples/"))]


def test_pipeline_runs_from_the_installed_package_only(samples_dir, demo_output, tmp_path):
    site = install(build_sdist(tmp_path / "dist"), tmp_path)
    assert data_files(site) == data_files(REPO)
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


WHEEL_BUILD_NOISE = ("Package would be ignored", "warning: no files found")


@pytest.mark.slow
def test_wheel_installs_with_the_pip_python_ships_and_runs_quietly(samples_dir, tmp_path):
    """A new user's first minutes: ``python -m venv``, ``pip install dateline-*.whl`` with the pip that
    venv brings (no upgrade), then ``dateline ingest`` and ``dateline query`` from elsewhere.

    Slow (apache-beam and its dependencies are installed): pip's own cache and the configured indexes
    make repeated runs take about a minute.
    """
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert not [n for n in WHEEL_BUILD_NOISE if n in built.stdout + built.stderr]
    (wheel,) = dist.glob("dateline-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    data = set(data_files(REPO))
    assert data and data <= names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "deploy/", "samples/"))]

    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, env=env)
    pip_version = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    installed = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert installed.returncode == 0, pip_version + installed.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    dateline = str(venv / "bin" / "dateline")
    version = subprocess.run([dateline, "--version"], capture_output=True, text=True, env=env, cwd=elsewhere)
    assert version.stdout == "dateline 0.1.0\n"
    output = tmp_path / "out"
    ingest = subprocess.run(
        [dateline, "ingest", *sample_args(samples_dir, output)],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    # Nothing but our own lines: no Beam import-time warnings (apitools: no [gcp] extra here).
    assert [line for line in ingest.stderr.splitlines() if not line.startswith("dateline")] == []
    assert ingest.stdout.startswith("inputs 22 = documents 14 + duplicates 1")
    assert f"output: {output}" in ingest.stdout
    query = subprocess.run(
        [dateline, "query", str(output), "SELECT count(*) AS n FROM documents", "--format", "csv"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=120,
    )
    assert (query.returncode, query.stdout, query.stderr) == (0, "n\n14\n", "")
    # Worker processes: none of their option re-parsing or start-up chatter.
    workers = subprocess.run(
        [
            dateline,
            "ingest",
            *sample_args(
                samples_dir,
                tmp_path / "out2",
                "--direct_num_workers",
                "2",
                "--direct_running_mode",
                "multi_processing",
            ),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=300,
    )
    assert workers.returncode == 0, workers.stderr[-3000:]
    assert "Discarding unparseable args" not in workers.stderr
    assert "INFO:apache_beam" not in workers.stderr
