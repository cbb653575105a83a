"""The ``dateline`` console script: ``dateline ingest``, ``dateline query`` and ``dateline stream``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = """\
usage: dateline [--version] [-h] COMMAND [options]

Dated events from news feeds, text and saved HTML, as Parquet you can query.

commands:
  ingest   feeds, text and HTML in; documents, events and rejects out (dateline ingest --help)
  query    SQL over an ingest output with DuckDB               (dateline query --help)
  stream   a standing job that polls feeds window by window    (dateline stream --help)
  compact  merge small files, drop files no reader needs       (dateline compact --help)
  report   one HTML page drawing the timeline of an output     (dateline report --help)

first run (from a clone):
  dateline ingest --output out --feed 'samples/feeds/*.xml' --text 'samples/text/*' \\
      --html 'samples/html/*.html' --default-published 2025-06-26T09:00:00+03:00
  dateline query out --summary
"""

COMMANDS = ("ingest", "query", "stream", "compact", "report")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, end="", file=sys.stdout if args else sys.stderr)
        return 0 if args else 2
    if args[0] == "--version":
        from pipelines.console import version

        print(f"dateline {version()}")
        return 0
    command, rest = args[0], args[1:]
    if command == "ingest":
        from pipelines import ingest

        return ingest.main(rest)
    if command == "query":
        from pipelines import query

        return query.main(rest)
    if command == "report":
        from pipelines import report

        return report.main(rest)
    if command == "compact":
        from pipelines import compact

        return compact.main(rest)
    if command == "stream":
        from pipelines import stream

        return stream.main(rest)
    print(
        f"dateline: unknown command {command!r}: use one of {', '.join(COMMANDS)} (dateline --help)",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
