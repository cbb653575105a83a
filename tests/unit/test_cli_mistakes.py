"""Issue 14, operator mistakes: exit 2 before any work, one line on stderr, no traceback."""

from __future__ import annotations

import os

import pytest

from pipelines import console, ingest
from pipelines.options import UsageError, check_command_line, check_output, run_command


def _fails(argv, capsys) -> str:
    assert ingest.main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    return lines[0]


@pytest.fixture
def inputs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (data / name).write_text("Ferry news\n\nFares rise on 1 July 2025.\n")
    return data


def test_a_typo_names_the_flag_it_meant(tmp_path, capsys):
    out = tmp_path / "out"
    line = _fails(["--output", str(out), "--txt", "x"], capsys)
    assert line == "dateline ingest: unknown option --txt (did you mean --text?)"
    assert not out.exists()


def test_an_unknown_flag_is_refused(tmp_path, capsys, inputs):
    line = _fails(
        ["--output", str(tmp_path / "o"), "--text", str(inputs / "a.txt"), "--bogus-flag", "1"], capsys
    )
    assert line == "dateline ingest: unknown option --bogus-flag; --help lists the options"
    line = _fails(["--output", str(tmp_path / "o"), "--text", "x", "--fetch-timout=3"], capsys)
    assert line == "dateline ingest: unknown option --fetch-timout (did you mean --fetch-timeout?)"


def test_a_glob_the_shell_expanded_says_quote_the_glob(tmp_path, capsys, inputs):
    expanded = sorted(str(p) for p in inputs.iterdir())  # what `--text data/*` becomes unquoted
    line = _fails(["--output", str(tmp_path / "o"), "--text", *expanded], capsys)
    assert line.startswith(f"dateline ingest: unexpected argument '{expanded[1]}' after --text: ")
    assert "quote the glob" in line
    assert not (tmp_path / "o").exists()


def test_a_bad_value_is_one_line_not_argparse_usage(tmp_path, capsys):
    line = _fails(["--output", str(tmp_path / "o"), "--text", "x", "--max-input-bytes", "lots"], capsys)
    assert line == "dateline ingest: argument --max-input-bytes/--max_input_bytes: invalid int value: 'lots'"


@pytest.mark.parametrize(
    "beam_flags",
    [
        ["--runner", "DirectRunner", "--direct_num_workers", "1"],
        ["--direct_running_mode", "in_memory", "--project", "p", "--temp_location", "/tmp/t"],
        ["--experiments", "a", "--experiments=b", "--region", "europe-west1", "--save_main_session"],
        ["--job_name", "x", "--sdk_location", "container", "--streaming"],
    ],
)
def test_beam_pipeline_options_still_pass_through(beam_flags):
    check_command_line(["--output", "o", "--text", "x", *beam_flags])


def test_output_that_is_a_file_fails_before_any_work(tmp_path, capsys, inputs):
    target = tmp_path / "report.txt"
    target.write_text("keep me")
    line = _fails(["--output", str(target), "--text", str(inputs / "*.txt")], capsys)
    assert line == f"dateline ingest: --output {target} is an existing file, not a directory"
    assert target.read_text() == "keep me"
    line = _fails(["--output", str(target / "sub"), "--text", str(inputs / "*.txt")], capsys)
    assert (
        line
        == f"dateline ingest: --output {target}/sub: {target} is a file, so no directory can be made under it"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through directory permissions")
def test_output_in_a_read_only_directory_fails(tmp_path, capsys, inputs):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    line = _fails(["--output", str(locked / "out"), "--text", str(inputs / "*.txt")], capsys)
    assert line.startswith(f"dateline ingest: --output {locked}/out is not writable ({locked}: ")


def test_output_that_cannot_be_written_fails():
    with pytest.raises(UsageError, match=r"^--output /proc/self/out is not writable \(/proc/self: "):
        check_output("/proc/self/out", [])  # not writable even for root


@pytest.mark.parametrize(
    ("pattern", "output"),
    [("{d}/**", "{d}/out"), ("{d}/*", "{d}/out"), ("{d}/out/*", "{d}/out"), ("{d}/", "{d}/out")],
)
def test_output_inside_an_input_glob_fails(tmp_path, capsys, inputs, pattern, output):
    pattern, output = pattern.format(d=inputs), output.format(d=inputs)
    line = _fails(["--output", output, "--html", pattern], capsys)
    assert line == (
        f"dateline ingest: --output {output} is inside the input {pattern!r}: the run would read its own "
        "output; write elsewhere or narrow the glob"
    )
    assert not os.path.exists(output)


def test_output_next_to_a_narrow_glob_is_fine(tmp_path, inputs, monkeypatch):
    check_output(
        str(inputs / "out"), [str(inputs / "*.txt"), str(inputs / "**" / "*.html"), "https://x.example/*"]
    )
    monkeypatch.chdir(inputs)
    check_output("out", ["*.txt"])
    with pytest.raises(UsageError):
        check_output("out", ["**"])


@pytest.mark.parametrize(
    ("argv", "quieted"),
    [
        ([], True),
        (["--runner", "DirectRunner"], True),
        (["--runner=direct"], True),
        (["--runner", "Direct"], True),  # Beam matches runner names in any case, "Runner" optional
        (["--runner", "DataflowRunner", "--job_name", "direct-feeds"], False),
        (["--runner", "FlinkRunner", "--temp_location", "/tmp/direct"], False),
        (["--default_sdk_harness_log_level", "INFO"], False),  # the user's own choice stands
        (["--runner"], False),  # no value: left for check_command_line to report
    ],
)
def test_local_workers_are_quieted_unless_another_runner_or_level_is_named(argv, quieted):
    expected = [*argv, "--default_sdk_harness_log_level=ERROR"] if quieted else argv
    assert console.quiet_workers(argv, console.NORMAL) == expected
    assert console.quiet_workers(argv, console.VERBOSE) == argv


def test_ingest_and_stream_share_one_frame_of_exits(tmp_path, capsys):
    """Whatever the command's work raises ends as one line on stderr with its own exit status."""
    out = str(tmp_path / "out")

    def raising(exc):
        def work(argv, verbosity):
            raise exc

        return work

    cases = [
        (KeyboardInterrupt(), 130, "dateline stream: stopped"),
        (UsageError("--window must be positive"), 2, "dateline stream: --window must be positive"),
        (
            OSError(28, "No space left on device", out),
            1,
            f"dateline stream: error: No space left on device: {out}; check that --output is a "
            "directory you can write (--verbose shows the traceback)",
        ),
    ]
    for exc, status, line in cases:
        assert run_command("dateline stream", ["--output", out], lambda: "", raising(exc)) == status
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", line + "\n")
    # --help and --version answer before any work; a mistyped flag is refused before it too
    assert run_command("dateline stream", ["--help"], lambda: "the page\n", raising(AssertionError())) == 0
    assert run_command("dateline stream", ["--version"], lambda: "", raising(AssertionError())) == 0
    assert run_command("dateline stream", ["--outptu", out], lambda: "", raising(AssertionError())) == 2
    assert capsys.readouterr() == (
        f"the page\ndateline {console.version()}\n",
        "dateline stream: unknown option --outptu (did you mean --output?)\n",
    )


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--fetch-articles"], "--fetch-articles"),
        (["--local-batch-mb", "4"], "--local-batch-mb"),
        (["--max-input-bytes", "100", "--article-min-chars", "10"], "--article-min-chars, --max-input-bytes"),
    ],
)
def test_stream_refuses_the_batch_flags_it_would_ignore(tmp_path, flags, named):
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.options import IngestOptions
    from pipelines.stream import StreamOptions, check_stream

    options = PipelineOptions(["--feed", "http://127.0.0.1:9/f.xml", "--output", str(tmp_path), *flags])
    with pytest.raises(UsageError) as err:
        check_stream(options.view_as(IngestOptions), options.view_as(StreamOptions))
    assert str(err.value) == f"{named}: not used when streaming; drop it or use dateline ingest"
    plain = PipelineOptions(["--feed", "http://127.0.0.1:9/f.xml", "--output", str(tmp_path)])
    assert check_stream(plain.view_as(IngestOptions), plain.view_as(StreamOptions))[1] == [
        "http://127.0.0.1:9/f.xml"
    ]
