"""Pipeline options: the ingest CLI contract, parsed by Beam so every runner sees the same flags.

Also what ``dateline ingest`` and ``dateline stream`` share beyond the flags: the inputs they name
(``input_specs``), the checks made before any work (``check_options``) and the frame of their
``main`` (``run_command``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, _BeamArgumentParser

from pipelines import console
from transforms.beam.sources import InputSpec
from transforms.errors import InputError
from transforms.readers import normalise_published
from transforms.store.view import LayoutError, check_layout

MiB = 2**20


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit status 2, before any work."""


class IngestOptions(PipelineOptions):
    """Inputs, output and the knobs of each stage (``dateline ingest --help`` lists them)."""

    @classmethod
    def _add_argparse_args(cls, parser) -> None:
        inputs = parser.add_argument_group("inputs (at least one)")
        inputs.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="URL_OR_GLOB",
            help="RSS/Atom feed: http(s) URL, path or quoted glob; repeats.",
        )
        inputs.add_argument(
            "--feeds-file",
            "--feeds_file",
            dest="feeds_file",
            metavar="FILE",
            help="File of feed URLs/paths, one a line, '#' comments.",
        )
        inputs.add_argument(
            "--text",
            action="append",
            default=[],
            metavar="GLOB",
            help="Glob of .txt (one doc a file) / .jsonl (one a line); repeats.",
        )
        inputs.add_argument(
            "--html",
            action="append",
            default=[],
            metavar="GLOB",
            help="Glob of saved article pages; repeats.",
        )
        inputs.add_argument(
            "--default-published",
            "--default_published",
            dest="default_published",
            metavar="ISO8601",
            help="Publication time for inputs that carry none (relative dates resolve against it).",
        )
        output = parser.add_argument_group("output")
        output.add_argument(
            "--output",
            metavar="DIR",
            help="Required. Output directory (local path, gs://, s3://); re-runs into it are incremental.",
        )
        fetch = parser.add_argument_group("fetching (feed URLs and --fetch-articles)")
        fetch.add_argument(
            "--http-user-agent",
            "--http_user_agent",
            dest="http_user_agent",
            default=None,
            metavar="UA",
            help="User-Agent for HTTP (default: one naming dateline).",
        )
        fetch.add_argument(
            "--fetch-timeout",
            "--fetch_timeout",
            dest="fetch_timeout",
            type=float,
            default=20.0,
            metavar="SECONDS",
            help="Seconds one HTTP attempt may take in total (connect, headers, body), however the host drips.",
        )
        fetch.add_argument(
            "--fetch-budget",
            "--fetch_budget",
            dest="fetch_budget",
            type=float,
            default=120.0,
            metavar="SECONDS",
            help="Seconds one feed or page may take over all its attempts, redirects and backoff.",
        )
        fetch.add_argument(
            "--max-fetch-bytes",
            "--max_fetch_bytes",
            dest="max_fetch_bytes",
            type=int,
            default=10 * MiB,
            metavar="BYTES",
            help="Larger responses (after decompression) are rejected.",
        )
        fetch.add_argument(
            "--fetch-retries",
            "--fetch_retries",
            dest="fetch_retries",
            type=int,
            default=3,
            metavar="N",
            help="Retries (exponential backoff) on connection errors, timeouts, 429 and 5xx.",
        )
        fetch.add_argument(
            "--allow-private-hosts",
            "--allow_private_hosts",
            dest="allow_private_hosts",
            action="store_true",
            default=False,
            help="Let feeds on loopback/private addresses through (never link-local or cloud metadata).",
        )
        fetch.add_argument(
            "--per-host-concurrency",
            "--per_host_concurrency",
            dest="per_host_concurrency",
            type=int,
            default=2,
            metavar="N",
            help="Requests in flight to one host at most.",
        )
        fetch.add_argument(
            "--per-host-delay",
            "--per_host_delay",
            dest="per_host_delay",
            type=float,
            default=1.0,
            metavar="SECONDS",
            help="Pause between two requests to one host (a robots.txt Crawl-delay wins if longer).",
        )
        fetch.add_argument(
            "--fetch-articles",
            "--fetch_articles",
            dest="fetch_articles",
            action="store_true",
            default=False,
            help="Fetch the linked page of feed entries shorter than --article-min-chars (robots.txt honoured).",
        )
        fetch.add_argument(
            "--article-min-chars",
            "--article_min_chars",
            dest="article_min_chars",
            type=int,
            default=1200,
            metavar="N",
            help="Feed entries with less visible text than this count as teasers.",
        )
        tuning = parser.add_argument_group("tuning")
        tuning.add_argument(
            "--max-input-bytes",
            "--max_input_bytes",
            dest="max_input_bytes",
            type=int,
            default=20 * MiB,
            metavar="BYTES",
            help="Larger files (and JSONL lines) are rejected, not read.",
        )
        tuning.add_argument(
            "--local-batch-mb",
            "--local_batch_mb",
            dest="local_batch_mb",
            type=float,
            default=16.0,
            metavar="MIB",
            help="Local runs only: run the inputs in batches of about this many MiB of files, which keeps "
            "memory flat (Beam's local runner holds a run's data in memory); 0 = one run.",
        )
        tuning.add_argument(
            "--repeated-min-docs",
            "--repeated_min_docs",
            dest="repeated_min_docs",
            type=int,
            default=3,
            metavar="N",
            help="A line opening/closing at least this many documents of one source is boilerplate for it.",
        )
        tuning.add_argument(
            "--repeated-min-share",
            "--repeated_min_share",
            dest="repeated_min_share",
            type=float,
            default=0.3,
            metavar="SHARE",
            help="... and at least this share of the source's documents.",
        )


BEAM_HELP = """\
Beam options (any Beam pipeline option passes through; these are the ones that matter):
  --runner NAME           DirectRunner (default: local), DataflowRunner, FlinkRunner, PortableRunner
  --direct_num_workers N  local parallelism (with --direct_running_mode multi_processing|multi_threading)
  Dataflow: --project PROJECT --region REGION --temp_location gs://BUCKET/tmp
            [--setup_file ./setup.py or --sdk_container_image IMAGE]  (see deploy/dataflow/README.md)

output and logging:
  -v, --verbose           Beam's own log lines and full tracebacks
  -q, --quiet             warnings and the final summary only
  --version               print the version and exit
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Defaults shown where there is one worth showing."""

    def _get_help_string(self, action) -> str:
        text = action.help or ""
        if "%(default)" not in text and action.default not in (None, [], False, argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


def help_text(
    command: str = "dateline ingest",
    description: str = "Ingest feeds, text and saved HTML into Parquet tables documents, events, rejects.",
    options: tuple[type[PipelineOptions], ...] = (),
    usage: str = "%(prog)s --output DIR (--feed URL_OR_GLOB | --feeds-file FILE | --text GLOB | --html GLOB)... "
    "[options] [Beam options]",
) -> str:
    """``--help`` of a pipeline command: our options by group, with defaults, then the Beam options."""
    parser = argparse.ArgumentParser(
        prog=command,
        usage=usage,
        description=description,
        formatter_class=_HelpFormatter,
        epilog=BEAM_HELP,
        add_help=False,
    )
    IngestOptions._add_argparse_args(parser)
    for extra in options:
        extra._add_argparse_args(parser)
    for action in parser._actions:  # --feeds-file, not also its Beam-style twin --feeds_file
        action.option_strings = [o for o in action.option_strings if "_" not in o] or action.option_strings
    return parser.format_help()


def fetch_policy(opts: IngestOptions):
    """The HTTP policy the fetch layer applies, from the command line."""
    from transforms.fetch import FetchPolicy

    overrides = dict(
        connect_timeout=min(FetchPolicy.connect_timeout, opts.fetch_timeout),
        read_timeout=opts.fetch_timeout,
        total_timeout=opts.fetch_timeout,
        total_budget=opts.fetch_budget,
        max_bytes=opts.max_fetch_bytes,
        retries=opts.fetch_retries,
        allow_private_hosts=opts.allow_private_hosts,
        per_host_concurrency=opts.per_host_concurrency,
        per_host_delay=opts.per_host_delay,
    )
    if opts.http_user_agent:
        overrides["user_agent"] = opts.http_user_agent
    return FetchPolicy(**overrides)


class _StrictParser(_BeamArgumentParser):
    """Beam's own parser, but a bad value is a UsageError (one line) rather than usage text and exit."""

    def error(self, message):
        raise UsageError(message)


_GLOB_FLAGS = ("--text", "--html", "--feed")


def _parser() -> _StrictParser:
    parser = _StrictParser(allow_abbrev=False)
    classes = {str(cls): cls for cls in PipelineOptions.__subclasses__()}  # what Beam itself parses
    classes.setdefault(str(IngestOptions), IngestOptions)
    for cls in classes.values():
        cls._add_argparse_args(parser)  # noqa: SLF001 - the hook Beam's own get_all_options uses
    return parser


def check_command_line(argv: Sequence[str]) -> None:
    """Refuse what Beam would only log and drop: unknown flags, typos, and stray arguments.

    Beam's pipeline options (``--runner``, ``--direct_num_workers``, ``--project`` ...) pass; a flag no
    options class knows is an error naming the closest known flag; a bare argument is almost always
    an unquoted glob that the shell expanded into several paths.
    """
    argv = list(argv)
    parser = _parser()
    _, unknown = parser.parse_known_args(argv)
    if not unknown:
        return
    known = sorted({s for action in parser._actions for s in action.option_strings if s.startswith("--")})
    first = unknown[0]
    if first.startswith("-"):
        name = first.split("=", 1)[0]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else "; --help lists the options"
        raise UsageError(f"unknown option {name}{hint}")
    flag = _flag_before(argv, first)
    if flag in _GLOB_FLAGS:
        raise UsageError(
            f"unexpected argument {first!r} after {flag}: the shell expanded an unquoted glob into "
            f"several paths; quote the glob (e.g. {flag} 'dir/*') so the pipeline expands it"
        )
    raise UsageError(f"unexpected argument {first!r}: options take the form --name VALUE")


def _flag_before(argv: list[str], stray: str) -> str | None:
    """The flag whose value precedes the first occurrence of ``stray`` (as the argument list reads)."""
    index = next((i for i, arg in enumerate(argv) if arg == stray and i > 0), None)
    if index is None:
        return None
    for arg in reversed(argv[:index]):
        if arg.startswith("--"):
            return arg.split("=", 1)[0]
    return None


# A path of each kind the output holds: an input glob matching any of them would read the output back.
_OUTPUT_PROBES = (
    "",
    "_summary.json",
    "_state/http.json",
    "_dateline/head.json",
    "tables/events/part-0000.parquet",
    "tables/events/_delta_log/00000000000000000000.json",
    "_views/00000001/events/part-0000.parquet",
    "documents/part-0000.parquet",
    "events/part-0000.parquet",
    "rejects/part-0000.parquet",
)


def check_output(output: str, patterns: Sequence[str]) -> None:
    """A local ``--output`` must be a directory we can write and must not be among the inputs."""
    if "://" in output:
        return  # remote filesystems are checked by the runner when it writes
    path = os.path.abspath(output)
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"--output {output} is an existing file, not a directory")
    existing = path
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise UsageError(f"--output {output}: {existing} is a file, so no directory can be made under it")
    _check_writable(output, existing)
    for pattern in patterns:
        if "://" in pattern:
            continue
        glob = os.path.abspath(pattern) + (os.sep + "*" if pattern.endswith(("/", os.sep)) else "")
        from apache_beam.io.filesystem import FileSystem

        matches = re.compile(FileSystem.translate_pattern(glob)).match
        if any(matches(os.path.join(path, probe) if probe else path) for probe in _OUTPUT_PROBES):
            raise UsageError(
                f"--output {output} is inside the input {pattern!r}: the run would read its own output; "
                "write elsewhere or narrow the glob"
            )


def _check_writable(output: str, directory: str) -> None:
    import tempfile

    try:
        fd, probe = tempfile.mkstemp(prefix=".dateline-write-check-", dir=directory)
    except OSError as exc:
        raise UsageError(f"--output {output} is not writable ({directory}: {exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)


def read_feeds_file(path: str) -> list[str]:
    """One URL or path a line; blank lines and '#' comments ignored."""
    try:
        with FileSystems.open(path, compression_type="uncompressed") as handle:
            text = handle.read().decode("utf-8-sig")
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"cannot read --feeds-file {path}: {exc}") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def input_specs(opts: IngestOptions) -> list[InputSpec]:
    feeds = list(opts.feed) + (read_feeds_file(opts.feeds_file) if opts.feeds_file else [])
    specs = [InputSpec("feed", f) for f in feeds]
    specs += [InputSpec("text", t) for t in opts.text]
    specs += [InputSpec("html", h) for h in opts.html]
    return specs


def check_options(opts: IngestOptions) -> str | None:
    """Validate what argparse cannot; returns the normalised default publication time."""
    if not opts.output:
        raise UsageError("--output DIR is required")
    try:
        check_layout(opts.output.rstrip("/"))
    except LayoutError as exc:
        raise UsageError(str(exc)) from None
    if not (opts.feed or opts.feeds_file or opts.text or opts.html):
        raise UsageError("nothing to ingest: give --feed, --feeds-file, --text or --html")
    check_output(opts.output, [*opts.feed, *opts.text, *opts.html])
    if opts.default_published is None:
        return None
    try:
        return normalise_published(opts.default_published)
    except InputError as exc:
        raise UsageError(f"--default-published: {exc.message}") from None


def output_of(argv: Sequence[str]) -> str | None:
    """The ``--output`` the arguments name, without a trailing slash; None when they name none."""
    try:
        output = PipelineOptions(list(argv)).view_as(IngestOptions).output
    except Exception:  # noqa: BLE001 - unparseable arguments: check_command_line reports them
        return None
    return output.rstrip("/") if output else None


def run_command(
    command: str,
    argv: Sequence[str] | None,
    help_page: Callable[[], str],
    work: Callable[[list[str], int], int],
) -> int:
    """The frame of ``dateline ingest`` and ``dateline stream``: -v/-q, --help, --version, logging,
    the command-line check, then ``work(argv, verbosity)``; a failure is one line on stderr (exit 2
    for a usage mistake, before any work; 130 when interrupted; 1 otherwise)."""
    argv, verbosity = console.pop_verbosity(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in argv):
        print(help_page(), end="")
        return 0
    if "--version" in argv:
        print(f"dateline {console.version()}")
        return 0
    console.setup_logging(verbosity)
    argv = console.quiet_workers(argv, verbosity)
    try:
        check_command_line(argv)
        return work(argv, verbosity)
    except UsageError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{command}: stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one actionable line; the traceback with --verbose
        return console.report_failure(command, exc, verbosity, output_of(argv))
