"""What the commands print: our own lines by default, Beam's chatter only with ``--verbose``.

Imported by ``pipelines/__init__.py``, so the filters are in place before ``apache_beam`` is imported
(its optional-dependency warnings fire at import time, on the root logger).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence

QUIET, NORMAL, VERBOSE = -1, 0, 1

# Messages nobody running dateline can act on, by the logger that emits them.
NOISE = {
    # apache_beam.io.gcp.internal.clients.bigquery without the [gcp] extra, logged on the root logger.
    "root": ("apitools not found",),
    # Worker processes (--direct_running_mode multi_processing) re-parse the pipeline options without
    # our options classes, and warn about every dateline flag; their lines reach us through this logger.
    "apache_beam.runners.portability.local_job_service": (
        "Discarding unparseable args",
        "No semi_persistent_directory found",
        "apitools not found",
        "No session file found",
        "[while running",  # a worker's failure: re-raised here and reported by us in one line
    ),
    # A DoFn's failure, logged with its traceback before Beam re-raises it (reported by us in one line).
    "apache_beam.runners.common": ("[while running",),
    "apache_beam.options.pipeline_options": ("Discarding unparseable args",),
}


class _DropNoise(logging.Filter):
    def __init__(self, needles: Sequence[str]) -> None:
        super().__init__()
        self.needles = tuple(needles)
        self.active = True

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.active:
            return True
        message = record.getMessage()
        return not any(needle in message for needle in self.needles)


_FILTERS: dict[str, _DropNoise] = {}


def install_filters() -> None:
    """Drop the known noise (idempotent); ``setup_logging(VERBOSE)`` lets it through again."""
    for name, needles in NOISE.items():
        if name not in _FILTERS:
            _FILTERS[name] = _DropNoise(needles)
            logging.getLogger(None if name == "root" else name).addFilter(_FILTERS[name])


class _Formatter(logging.Formatter):
    """Our INFO lines as ``dateline: ...``; warnings and errors with their level and logger."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith("dateline") and record.levelno == logging.INFO:
            return f"dateline: {record.getMessage()}"
        return f"{record.levelname} {record.name}: {record.getMessage()}" + (
            "\n" + self.formatException(record.exc_info) if record.exc_info else ""
        )


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(verbosity: int = NORMAL) -> None:
    """Quiet: warnings only. Normal: our INFO lines, others' warnings. Verbose: everything at INFO+.

    Replaces our earlier handler and a bare stderr handler that ``logging.warning`` may have put on the
    root logger before us; other handlers (a test runner's capture, an embedding application's) stay.
    """
    install_filters()
    for f in _FILTERS.values():
        f.active = verbosity < VERBOSE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _StderrHandler) or (
            type(handler) is logging.StreamHandler and handler.stream in (sys.stderr, sys.__stderr__)
        ):
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(_Formatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbosity >= VERBOSE else logging.WARNING)
    ours = {QUIET: logging.WARNING, NORMAL: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.getLogger("dateline").setLevel(ours)


def pop_verbosity(argv: Sequence[str]) -> tuple[list[str], int]:
    """``-v/--verbose`` and ``-q/--quiet`` taken out of the arguments (Beam must not see them)."""
    rest, verbosity = [], NORMAL
    for arg in argv:
        if arg in ("-v", "--verbose"):
            verbosity = VERBOSE
        elif arg in ("-q", "--quiet"):
            verbosity = QUIET
        else:
            rest.append(arg)
    return rest, verbosity


def quiet_workers(argv: Sequence[str], verbosity: int) -> list[str]:
    """Local worker processes (multi_processing) log at ERROR unless --verbose or the user chose a level.

    They re-parse the options without our classes ("Discarding unparseable args ...") and log their
    start-up at INFO, straight to our stderr. Other runners keep their own logging.
    """
    import argparse

    from pipelines.runners import is_local  # Beam is imported by the command already

    argv = list(argv)
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--runner")
    parser.add_argument("--default_sdk_harness_log_level")
    try:
        chosen = parser.parse_known_args(argv)[0]
    except argparse.ArgumentError:
        return argv  # e.g. a --runner without a value: check_command_line reports it
    if verbosity >= VERBOSE or not is_local(chosen.runner) or chosen.default_sdk_harness_log_level:
        return argv
    return [*argv, "--default_sdk_harness_log_level=ERROR"]


def version() -> str:
    """The installed distribution's version; the package's own when run from a checkout."""
    from importlib import metadata

    from pipelines import __version__

    try:
        return metadata.version("dateline")
    except metadata.PackageNotFoundError:
        return __version__


def is_tty(stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def explain(exc: BaseException) -> str:
    """One line saying what failed: the innermost error of a pipeline failure, its file when known."""
    if isinstance(exc, OSError) and exc.filename:
        what = exc.strerror or type(exc).__name__
        return f"{what}: {exc.filename}"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    # Beam wraps a worker's failure in a long message whose last "SomeError: ..." line is the cause.
    causes = [line for line in lines if line.split(":", 1)[0].endswith(("Error", "Exception"))]
    text = (causes[-1] if causes else lines[0] if lines else type(exc).__name__).split(" [while running")[0]
    if not text.split(":", 1)[0].endswith(("Error", "Exception")):
        text = f"{type(exc).__name__}: {text}"
    return text if len(text) <= 300 else text[:299] + "…"


def report_failure(command: str, exc: BaseException, verbosity: int, output: str | None = None) -> int:
    """Print a failure as one line (traceback first with --verbose); exit status 1."""
    if verbosity >= VERBOSE:
        traceback.print_exception(exc, file=sys.stderr)
    text = explain(exc)
    hint = "; check that --output is a directory you can write" if output and output in text else ""
    tail = "" if verbosity >= VERBOSE else " (--verbose shows the traceback)"
    print(f"{command}: error: {text}{hint}{tail}", file=sys.stderr)
    return 1
