"""The ``dateline`` console script: ``dateline ingest ...`` and ``dateline query ...``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = "usage: dateline {ingest,query,compact} ...  (dateline ingest --help, dateline query --help)"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "ingest":
        from pipelines import ingest

        return ingest.main(rest)
    if command == "query":
        from pipelines import query

        return query.main(rest)
    if command == "compact":
        from pipelines import compact

        return compact.main(rest)
    print(f"dateline: unknown command {command!r}\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
