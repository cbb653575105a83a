"""Suite-wide guard: no test may reach beyond loopback; test lanes.

Beam's DirectRunner tries to download the Prism runner from the internet before falling back to its
local runners. The product avoids that path (pipelines/runners.py); here the Prism entry point is made
to fail at once for every ``pipeline`` test (those that build pipelines), so the fallback happens offline.
"""

import pytest


@pytest.fixture(scope="session")
def _no_prism_download():
    from apache_beam.runners.portability import prism_runner

    def refuse(self, *args, **kwargs):
        raise RuntimeError("Prism is downloaded at run time; tests run offline")

    original = prism_runner.PrismRunner.run_pipeline
    prism_runner.PrismRunner.run_pipeline = refuse
    yield
    prism_runner.PrismRunner.run_pipeline = original


@pytest.fixture
def http_server():
    """The shared scripted server on 127.0.0.1 (tests/support/http_server.py), closed after the test."""
    from tests.support.http_server import LoopbackServer

    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.close()


# Test lanes (``make test-fast`` runs ``-m 'not slow and not pipeline'``, ``make test`` everything).
PIPELINE_DIRS = ("pipeline",)  # every test there runs a Beam pipeline or the CLI around one
PIPELINE_FIXTURES = ("demo_output", "demo_report")  # an ingest of the samples, shared per session


def pytest_collection_modifyitems(config, items):
    """``pipeline``: the test runs a Beam pipeline (seconds each); marked by folder or by fixture. Those
    tests, and only they, get the Prism guard (the unit lane never imports Beam for it)."""
    for item in items:
        folder = item.path.parent.name
        if folder in PIPELINE_DIRS or any(f in item.fixturenames for f in PIPELINE_FIXTURES):
            item.add_marker(pytest.mark.pipeline)
        if item.get_closest_marker("pipeline"):
            item.fixturenames.insert(0, "_no_prism_download")
