"""The demo through Beam's portable job API (the path Flink and Spark job servers take), offline."""

from __future__ import annotations

import json

from pipelines import ingest
from tests.deploy.conftest import local_tables
from tests.pipeline.conftest import sample_args

PORTABLE = ("--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK")


def test_portable_runner_matches_direct_runner(samples_dir, demo_output, tmp_path):
    output = tmp_path / "portable"
    assert ingest.main(sample_args(samples_dir, output, *PORTABLE)) == 0
    got, expected = local_tables(output), local_tables(demo_output)
    for name in ("documents", "events", "rejects"):
        assert len(got[name]) == len(expected[name]) > 0, name
        assert got[name] == expected[name], name
    summary = json.loads((output / "_summary.json").read_text())
    direct = json.loads((demo_output / "_summary.json").read_text())
    assert summary.pop("run_id") != direct.pop("run_id")  # each run names itself
    assert summary == direct
    assert summary["balanced"] is True
