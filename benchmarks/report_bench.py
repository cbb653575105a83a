"""How long ``dateline report`` takes, and how big the page gets, on a large synthetic output.

The output is committed straight through the store an ingest uses (the tables' own Arrow schemas,
Delta commits, the plain view), so a 100k-document, 2M-event output takes seconds, not an ingest.

Usage: ``python -m benchmarks.report_bench --docs 100000 --events-per-doc 20 --out DIR``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

import numpy as np
import pyarrow as pa

from pipelines import report
from schemas import DOCUMENTS, EVENTS, REJECTS, Table
from transforms.accounting import write_summary
from transforms.store import layout
from transforms.store.commit import commit
from transforms.store.tables import write_file

SOURCES = [f"Source {i:02d}" for i in range(30)]
LANGUAGES = ["en"] * 86 + ["uk", "uk", "uk", "ru", "ru", "de", "de", "de", "es", "es", "fr", "fr", "pl", "pl"]
GRANULARITIES = np.array(
    ["day"] * 70 + ["week"] * 5 + ["month"] * 12 + ["quarter"] * 3 + ["year"] * 9 + ["decade"]
)
SPAN_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365, "decade": 3652}
EPOCH = np.datetime64("2020-01-01", "D")


def _pick(rng, values, n) -> pa.Array:
    values = pa.array(values)
    return pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, len(values), n), pa.int32()), values).cast(
        pa.string()
    )


def _write(output: str, table: Table, data: pa.Table, files: int = 1, summary: dict | None = None) -> None:
    """Commit ``data`` in ``files`` runs (1 as one ingest writes it, more as a run in local batches),
    through the store an ingest commits with; ``summary`` goes with the last."""
    step = -(-data.num_rows // files) if data.num_rows else 1
    slices = [data.slice(first, step) for first in range(0, data.num_rows, step)] or [data]
    for k, part in enumerate(slices):
        last = k == len(slices) - 1
        run_id = "synthetic" if last and summary is not None else f"synthetic{table.name}{k}"
        written = write_file(output, table, layout.data_file_name(run_id, "", f"{k:04d}"), part)
        commit(output, run_id, [written], {}, summary if last else None, compact_over=10**9)


def make_output(output: str, docs: int, events_per_doc: int, seed: int = 17, batches: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    pub_day = EPOCH + rng.integers(5 * 365, 6 * 365, docs)  # one year of publications (2025)
    doc_ids = pa.array([f"d{i:08x}" for i in range(docs)])
    source_ix = rng.integers(0, len(SOURCES), docs)
    sources = pa.array(np.array(SOURCES)[source_ix])
    languages = pa.array(np.array(LANGUAGES)[rng.integers(0, len(LANGUAGES), docs)])
    urls = pa.array([f"https://news{s}.example/a/{i}" for i, s in zip(range(docs), source_ix, strict=True)])
    titles = pa.array([f"Headline number {i} about the harbour" for i in range(docs)])
    published_at = pa.array(pub_day.astype("datetime64[us]") + np.timedelta64(9, "h")).cast(
        pa.timestamp("us", tz="UTC")
    )
    body = "The council met on Tuesday and agreed the plan for next year. " * 25
    blocks = [["Share on Facebook", "Read also: storm closes pier"], ["Photo: archive"], []]
    documents = pa.table(
        {
            "doc_id": doc_ids,
            "source": sources,
            "url": urls,
            "title": titles,
            "published_at": published_at,
            "published_from": pa.array(["feed"] * docs),
            "language": languages,
            "body": pa.array([body] * docs),
            "body_from": pa.array(["feed_content"] * docs),
            "removed": pa.array([blocks[i % 3] for i in range(docs)], pa.list_(pa.string())),
            "input_kind": pa.array(["feed"] * docs),
            "input_ref": pa.array([f"feeds/{i // 50}.xml#entry={i % 50}" for i in range(docs)]),
            "content_hash": doc_ids,
            "published_date": pa.array(pub_day),
        },
        schema=DOCUMENTS.arrow_schema,
    )
    _write(output, DOCUMENTS, documents, batches)

    n = docs * events_per_doc
    owner = rng.integers(0, docs, n)
    gran = GRANULARITIES[rng.integers(0, len(GRANULARITIES), n)]
    offset = np.rint(rng.normal(0, 120, n)).astype("int64")
    start = pub_day[owner] + offset
    span = np.vectorize(SPAN_DAYS.get)(gran)
    days = (start - EPOCH).astype("int64")
    start = EPOCH + np.where(span > 1, days - days % np.minimum(span, 365), days)
    end = start + (span - 1)
    is_pub = rng.random(n) < 1 / events_per_doc
    events = pa.table(
        {
            "event_id": pa.array([f"e{i:09x}" for i in range(n)]),
            "doc_id": doc_ids.take(pa.array(owner)),
            "event_end": pa.array(end),
            "granularity": pa.array(gran),
            "timex_value": _pick(rng, ["2025-06-24", "2025-W25", "2025-06", "2025"], n),
            "timex_type": pa.array(["DATE"] * n),
            "timex_mod": pa.nulls(n, pa.string()),
            "date_text": _pick(rng, ["Tuesday", "last week", "in June", "next year", "the 1990s"], n),
            "date_source": pa.array(np.where(is_pub, "publication", "text")),
            "sentence": _pick(
                rng, [f"Sentence {k}: the ferry line reopens after repairs." for k in range(500)], n
            ),
            "char_start": pa.array(rng.integers(0, 1000, n).astype("int32")),
            "char_end": pa.array(rng.integers(1000, 1100, n).astype("int32")),
            "published_at": published_at.take(pa.array(owner)),
            "source": sources.take(pa.array(owner)),
            "url": urls.take(pa.array(owner)),
            "title": titles.take(pa.array(owner)),
            "language": languages.take(pa.array(owner)),
            "event_date": pa.array(start),
        },
        schema=EVENTS.arrow_schema,
    )
    _write(output, EVENTS, events, batches)

    r = max(1, docs // 100)
    rejects = pa.table(
        {
            "reject_id": pa.array([f"r{i}" for i in range(r)]),
            "input_ref": pa.array([f"feeds/bad-{i}.xml" for i in range(r)]),
            "input_kind": pa.array(["feed"] * r),
            "error_type": _pick(rng, ["MalformedFeed", "InvalidUtf8", "EmptyEntry"], r),
            "error_message": pa.array(["could not parse"] * r),
            "payload": pa.nulls(r, pa.string()),
            "stage": _pick(rng, ["read", "parse", "extract"], r),
        },
        schema=REJECTS.arrow_schema,
    )
    summary = {
        "run_id": "synthetic",
        "balanced": True,
        "counts": {"inputs": docs + r, "documents": docs, "events": n, "rejects": r},
    }
    _write(output, REJECTS, rejects, summary=summary)
    write_summary(output, summary)
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--events-per-doc", type=int, default=20)
    parser.add_argument(
        "--batches", type=int, default=1, help="Commits (files) per table, as a run in N local batches makes."
    )
    parser.add_argument("--out", required=True, help="Directory for the synthetic output and report.html.")
    args = parser.parse_args(argv)
    started = time.monotonic()
    make_output(args.out, args.docs, args.events_per_doc, batches=args.batches)
    made = time.monotonic() - started
    stats = report.build(args.out, os.path.join(args.out, "report.html"))
    print(
        f"{dt.date.today()} synthetic output: {args.docs:,} documents, {stats.events:,} dated events, "
        f"{args.batches} commit(s) per table "
        f"(written in {made:.1f} s); report {stats.bytes / 1e6:.1f} MB in {stats.seconds:.1f} s, "
        f"{stats.marks:,} timeline marks{' (sampled)' if stats.sampled else ''}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
