"""Merge an output's small files and drop files no reader needs: ``dateline compact DIR``.

python -m pipelines.compact DIR [--retain-hours 1]

Each run and each streaming window adds a few files; a commit compacts a table on its own once it
holds more than a couple of dozen small ones, and this does it now. Both are Delta commits that change
no row, so readers notice nothing; a kill at any point leaves the previous state, and rerunning
finishes the job.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from transforms.store import commit as store
from transforms.store.head import read_head


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline compact", description=__doc__.split("\n")[0])
    parser.add_argument("output", help="Directory written by dateline ingest.")
    parser.add_argument(
        "--retain-hours",
        type=float,
        default=store.RETAIN_HOURS,
        help="Keep files that commits removed for this long, for readers of older versions (default: %(default)s).",
    )
    args = parser.parse_args(argv)
    if read_head(args.output) is None:
        print(f"dateline compact: {args.output} holds no committed dateline output", file=sys.stderr)
        return 2
    result = store.compact(args.output, retain_hours=args.retain_hours)
    merged = {table: info["files_merged"] for table, info in result["compacted"].items()}
    print(
        "compacted "
        + (", ".join(f"{t}: {n} files merged" for t, n in merged.items()) or "nothing (no small files)")
        + f"; {result['files_deleted']} unreferenced files deleted"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
