"""``dateline query``: SQL over an ingest output with DuckDB (:mod:`transforms.store.sql`), views ``documents``, ``events``, ``rejects`` predefined.

dateline query DIR "SELECT ..." [--format table|csv|json]
dateline query DIR --summary
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import io
import json
import sys
from collections.abc import Sequence

from pipelines.console import NORMAL, VERBOSE, report_failure, version
from transforms.store.sql import QueryError, run_query

SUMMARY_QUERIES = (
    (
        "Documents per source",
        "SELECT coalesce(source, '(none)') AS source, count(*) AS documents, "
        "min(published_date) AS first_day, max(published_date) AS last_day "
        "FROM documents GROUP BY ALL ORDER BY documents DESC, source",
    ),
    (
        "Events per month",
        "SELECT strftime(event_date, '%Y-%m') AS month, count(*) FILTER (WHERE date_source = 'text') AS text_events, "
        "count(*) FILTER (WHERE date_source = 'publication') AS publication_events "
        "FROM events WHERE event_date IS NOT NULL GROUP BY ALL ORDER BY month DESC",
    ),
    (
        "Five latest dated events",
        "SELECT event_date, granularity, timex_value, date_text, left(coalesce(sentence, ''), 70) AS sentence "
        "FROM events WHERE date_source = 'text' AND event_date IS NOT NULL "
        "ORDER BY event_date DESC, event_end DESC, event_id LIMIT 5",
    ),
    (
        "Rejects",
        "SELECT stage, error_type, count(*) AS n, any_value(input_ref) AS example FROM rejects "
        "GROUP BY ALL ORDER BY n DESC, stage, error_type",
    ),
)


def _cell(value, width: int | None = 48) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, dt.datetime | dt.date):
        text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    elif isinstance(value, list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def render(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v, None) if v is not None else "" for v in row] for row in rows])
        return buffer.getvalue()
    if fmt == "json":
        return (
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows],
                default=_json_default,
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return str(value)


def summary(output: str) -> str:
    parts = []
    for title, sql in SUMMARY_QUERIES:
        columns, rows = run_query(output, sql)
        parts.append(f"== {title}\n{render(columns, rows)}")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dateline query",
        description="SQL over an ingest output with DuckDB; the views documents, events and rejects are "
        "predefined (columns: README, section Output).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  dateline query out --summary\n"
        '  dateline query out "SELECT event_date, date_text, title FROM events ORDER BY event_date LIMIT 5"\n'
        '  dateline query out "SELECT * FROM rejects" --format csv > rejects.csv\n'
        "more queries: deploy/sql/queries/*.sql",
    )
    parser.add_argument("output", metavar="DIR", help="Directory written by dateline ingest (its --output).")
    parser.add_argument(
        "sql", nargs="?", metavar="SQL", help="SQL over the views documents, events, rejects."
    )
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="Output format (default: table)."
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="Documents per source, events per month, latest events, rejects.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Full tracebacks on errors.")
    parser.add_argument("--version", action="version", version=f"dateline {version()}")
    args = parser.parse_args(argv)
    if not args.sql and not args.summary:
        parser.error("give SQL or --summary")
    try:
        if args.summary:
            sys.stdout.write(summary(args.output))
        else:
            columns, rows = run_query(args.output, args.sql)
            sys.stdout.write(render(columns, rows, args.format))
    except QueryError as exc:
        print(f"dateline query: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one actionable line; the traceback with --verbose
        return report_failure("dateline query", exc, VERBOSE if args.verbose else NORMAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
