"""A report of the bundled samples (ingested once per session) and a headless Chromium to open it."""

from __future__ import annotations

import os

import pytest

from pipelines import report
from tests.pipeline.conftest import demo_output, samples_dir  # noqa: F401 - the shared ingest fixtures
from tests.report.browser import Browser, chromium_path


@pytest.fixture(scope="session")
def demo_report(demo_output, tmp_path_factory):  # noqa: F811
    path = tmp_path_factory.mktemp("report") / "report.html"
    stats = report.build(str(demo_output), str(path))
    return path, stats


@pytest.fixture(scope="module")
def browser():
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Browser() as b:
        yield b
