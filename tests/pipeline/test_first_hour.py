"""What a new user sees: help that teaches, quiet runs that say how far they are, one-line errors."""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
import subprocess
import sys

import pytest

from pipelines import cli, console, ingest, query, stream
from pipelines.options import IngestOptions
from pipelines.progress import Progress
from tests.pipeline.conftest import REPO
from tests.pipeline.test_live_feeds import FAST, rss


def texts(tmp_path, n: int = 2):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i}.txt").write_text(
            f"Council {i}\n\nThe council met on {i + 2} June 2025 in the hall.\n"
        )
    return folder


def test_ingest_help_groups_flags_with_defaults_and_names_beam_options(capsys):
    assert ingest.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dateline ingest --output DIR")
    assert "ingest.py" not in out
    sections = re.findall(r"^(\S[^\n]*):$", out, re.M)
    assert sections[:4] == [
        "inputs (at least one)",
        "output",
        "fetching (feed URLs and --fetch-articles)",
        "tuning",
    ]
    assert re.search(r"--output DIR\s+Required\.", out)
    flat = " ".join(out.split())  # argparse wraps help text at any width
    assert "(default: 16.0)" in flat and "(default: 20.0)" in flat and "(default: 3)" in flat
    for beam in ("--runner", "--direct_num_workers", "--project", "--region", "--temp_location"):
        assert beam in out, beam
    assert "-v, --verbose" in out and "-q, --quiet" in out
    assert "--feeds_file" not in out  # the underscore twins are accepted, not listed


def test_every_flag_has_help():
    parser = argparse.ArgumentParser(add_help=False)
    IngestOptions._add_argparse_args(parser)
    stream.StreamOptions._add_argparse_args(parser)
    assert [a.dest for a in parser._actions if not (a.help or "").strip()] == []


def test_stream_and_query_help(capsys):
    assert stream.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dateline stream --output DIR")
    assert "--poll-interval SECONDS" in out and "(default: 300.0)" in out and "--runner" in out
    with pytest.raises(SystemExit) as exit_:
        query.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dateline query") and "dateline query out --summary" in out


def test_console_script_lists_commands_runs_stream_and_prints_its_version(capsys, tmp_path):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dateline")
    assert all(re.search(rf"^  {c} +\S.* \(dateline {c} --help\)$", out, re.M) for c in cli.COMMANDS), out
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "dateline 0.1.0\n"
    assert cli.main(["stream", "--output", str(tmp_path), "--feed", "feeds/local.xml"]) == 2
    assert capsys.readouterr().err == (
        "dateline stream: streaming polls http(s) feed URLs; ingest files with dateline ingest\n"
    )
    assert cli.main(["injest"]) == 2
    assert capsys.readouterr().err == (
        "dateline: unknown command 'injest': use one of ingest, query, stream, compact, report "
        "(dateline --help)\n"
    )


def test_unknown_flags_and_stray_arguments_are_named(tmp_path, capsys):
    assert ingest.main(["--outptu", str(tmp_path), "--text", "x"]) == 2
    assert ingest.main(["--output", str(tmp_path), "--text", "a.txt", "b.txt"]) == 2
    assert ingest.main(["--output", str(tmp_path), "--feeds-file", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "dateline ingest: unknown option --outptu (did you mean --output?)"
    assert err[1] == (
        "dateline ingest: unexpected argument 'b.txt' after --text: the shell expanded an unquoted glob "
        "into several paths; quote the glob (e.g. --text 'dir/*') so the pipeline expands it"
    )
    assert err[2].startswith(f"dateline ingest: cannot read --feeds-file {tmp_path / 'nope.txt'}")
    assert len(err) == 3


def test_failures_are_one_line_naming_the_path_with_the_traceback_on_verbose(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    inputs = texts(tmp_path)
    args = ["--output", str(blocker / "out"), "--text", str(inputs / "*.txt")]
    assert ingest.main(args) == 2  # refused before any work
    err = capsys.readouterr().err
    assert err == (
        f"dateline ingest: --output {blocker}/out: {blocker} is a file, so no directory can be made under it\n"
    )
    # A failure while the pipeline runs: one line naming the output, the traceback only with -v.
    from transforms.store import commit as store

    def full_disk(output, *args, **kwargs):
        raise OSError(28, "No space left on device", output)

    monkeypatch.setattr(store, "commit", full_disk)
    args = ["--output", str(tmp_path / "out"), "--text", str(inputs / "*.txt")]
    assert ingest.main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("dateline ingest: error: ") and str(tmp_path / "out") in err
    assert err.rstrip().endswith(
        "check that --output is a directory you can write (--verbose shows the traceback)"
    )
    assert err == (
        f"dateline ingest: error: OSError: [Errno 28] No space left on device: '{tmp_path / 'out'}'; check "
        "that --output is a directory you can write (--verbose shows the traceback)\n"
    )
    assert ingest.main([*args, "--verbose"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("dateline ingest: error: ")


def test_batches_report_progress_lines_and_the_summary_time_rate_and_output(tmp_path, capsys):
    output = tmp_path / "out"
    args = ["--output", str(output), "--text", str(texts(tmp_path) / "*.txt"), "--local-batch-mb", "0.00001"]
    assert ingest.main(args) == 0
    captured = capsys.readouterr()
    assert (
        captured.err.splitlines()[0]
        == "dateline: 2 files and feed URLs listed, run in 2 batches (--local-batch-mb)"
    )
    assert "dateline: batch 1 of 2: 1 files" in captured.err
    rate = r"[\d.]+ documents/s"
    expected = [
        r"dateline: 2 files and feed URLs listed, run in 2 batches \(--local-batch-mb\)",
        r"dateline: batch 1 of 2: 1 files",
        rf"dateline: batch 1 of 2 done: 1 documents so far, {rate}, about \d+s left",
        r"dateline: batch 2 of 2: 1 files",
        rf"dateline: batch 2 of 2 done: 2 documents so far, {rate}",
    ]
    lines = captured.err.splitlines()
    assert len(lines) == len(expected) and all(map(re.fullmatch, expected, lines)), lines
    assert re.search(
        r"^dateline: batch 2 of 2 done: 2 documents so far, [\d.]+ documents/s$", captured.err, re.M
    )
    assert [line for line in captured.err.splitlines() if not line.startswith("dateline: ")] == []
    assert re.search(r"^took \S+ \([\d.]+ s\), [\d.]+ documents/s$", captured.out, re.M)
    assert f"output: {output}  (dateline query {output} --summary)" in captured.out
    # -q: the summary only
    assert ingest.main([*args, "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith(
        "inputs 2 = documents 0 + duplicates 0 + unchanged 2"
    )


def test_live_progress_draws_a_bar_with_rate_and_eta(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    with Progress(live=True) as progress:
        progress.listed([["a", "b"], ["c"]])
        progress.batch_started(1, 2)
        progress.batch_done(1, 2, {"counts": {"documents": 5}})
        progress._bar.refresh()
        drawn = screen.getvalue()
        progress.batch_started(2, 1)
        progress.batch_done(2, 1, {"counts": {"documents": 1}})
    assert (
        "batch 1 of 2" in drawn
        and "2/3" in drawn
        and "5 docs" in drawn
        and "docs/s" in drawn
        and "ETA" in drawn
    )
    assert (progress.inputs_done, progress.documents) == (3, 6)


def test_beam_noise_is_dropped_unless_verbose(capsys):
    console.setup_logging(console.NORMAL)
    logging.warning("apitools not found, and bigquery client libraries are not available")
    worker = logging.getLogger("apache_beam.runners.portability.local_job_service")
    worker.warning("Worker: %s", "message: \"Discarding unparseable args: ['--local_batch_mb=16.0']\"")
    worker.warning("Worker: %s", 'message: "a real problem"')
    logging.getLogger("dateline.ingest").info("our line")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        'WARNING apache_beam.runners.portability.local_job_service: Worker: message: "a real problem"',
        "dateline: our line",
    ]
    console.setup_logging(console.VERBOSE)
    logging.warning("apitools not found")
    assert capsys.readouterr().err == "WARNING root: apitools not found\n"
    console.setup_logging(console.NORMAL)


# Without the [gcp] extra, importing apache_beam logs "apitools not found ..." in every process that
# imports it. The shared venv has the extra, so the child processes (launcher and workers alike, which
# inherit PYTHONPATH) get a sitecustomize that makes ``apitools`` unimportable, as on a plain install.
NO_GCP_EXTRA = """
import sys

class _NoApitools:
    def find_spec(self, name, path=None, target=None):
        if name == "apitools" or name.startswith("apitools."):
            raise ImportError("apitools is not installed")
        return None

sys.meta_path.insert(0, _NoApitools())
"""


@pytest.mark.slow
def test_multi_processing_workers_say_nothing_without_the_gcp_extra(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_GCP_EXTRA)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    probe = subprocess.run(
        [sys.executable, "-c", "import apache_beam"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "apitools not found" in probe.stderr  # the noise is real where nothing silences it
    output = tmp_path / "out"
    args = ["--output", str(output), "--text", str(texts(tmp_path) / "*.txt")]
    args += ["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"]
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("inputs 2 = documents 2 + duplicates 0")


def two_feeds_and_a_missing_one(server):
    server.routes["/a.xml"] = (
        200,
        {},
        rss([("Dam opens", "https://n.example/a", "It opened on 2 June 2025.")]),
    )
    server.routes["/b.xml"] = (200, {}, rss([("Ferry", "https://n.example/b", "It sailed on 3 June 2025.")]))
    feeds = [f"{server.base}/{name}" for name in ("a.xml", "b.xml", "missing.xml")]
    return [arg for url in feeds for arg in ("--feed", url)]


def test_live_feeds_report_how_many_were_fetched_as_lines(tmp_path, capsys, http_server):
    server = http_server
    feeds = two_feeds_and_a_missing_one(server)
    assert ingest.main(["--output", str(tmp_path / "out"), *feeds, *FAST]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "dateline: feeds: 3 of 3 fetched, 1 failed"
    assert all(re.fullmatch(r"dateline: feeds: \d of 3 fetched(, 1 failed)?", line) for line in err), err
    assert len(server.requests) == 3


def test_live_feeds_are_counted_on_the_terminal_display(tmp_path, monkeypatch, http_server):
    feeds = two_feeds_and_a_missing_one(http_server)
    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    with Progress(live=True) as progress:
        summary = ingest.run(["--output", str(tmp_path / "out"), *feeds, *FAST], progress)
    assert summary["counts"]["documents"] == 2
    assert (progress.feeds, progress.feeds_done, progress.feeds_failed) == (3, 3, 1)
    assert "ingesting 3 inputs · feeds 3/3 fetched, 1 failed" in screen.getvalue()
