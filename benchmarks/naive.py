"""The baseline: what a user would write without the pipeline, a plain loop over the same inputs.

feedparser for feeds, trafilatura for HTML (pages and HTML in feed content), raw text for .txt/.jsonl,
``dateparser.search.search_dates`` anchored at the publication time, and one Parquet file per table.
It is deliberately straightforward, not deliberately slow: each library is called the way its docs show.

Usage: ``python -m benchmarks.naive CORPUS_DIR OUT_DIR [--default-published ISO]`` prints the counts as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.corpus import DEFAULT_PUBLISHED


def _wall_clock(value: str | None) -> dt.datetime | None:
    """ISO 8601 or RFC 822 to a naive local datetime (the offset dropped, the local wall clock kept)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed.replace(tzinfo=None)


def _html_text(markup: str) -> str:
    import lxml.html
    import trafilatura

    text = trafilatura.extract(markup)
    if text:
        return text
    try:  # short fragments: trafilatura may find no "main content"; fall back to all the text
        return lxml.html.fromstring(markup).text_content()
    except Exception:  # noqa: BLE001 - unparseable fragment: no text
        return ""


def iter_documents(corpus_dir: str | Path, default_published: str = DEFAULT_PUBLISHED) -> Iterator[dict]:
    """Every readable document as {kind, title, published (naive datetime), language, body}."""
    import feedparser
    import trafilatura

    root = Path(corpus_dir)
    default = _wall_clock(default_published)
    for path in sorted((root / "feeds").glob("*.xml")):
        feed = feedparser.parse(path.read_bytes())
        lang = (feed.feed.get("language") or "").split("-")[0] or None
        for entry in feed.entries:
            content = entry.get("content") or []
            markup = content[0].get("value", "") if content else entry.get("summary", "")
            body = _html_text(markup) if markup else ""
            if body.strip():
                published = _wall_clock(entry.get("published")) or default
                yield dict(
                    kind="feed", title=entry.get("title"), published=published, language=lang, body=body
                )
    for path in sorted((root / "text").glob("*.jsonl")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(record, dict) or not record.get("text"):
                    continue
                published = _wall_clock(record.get("published")) or default
                yield dict(
                    kind="jsonl",
                    title=record.get("title"),
                    published=published,
                    language=record.get("language"),
                    body=record["text"],
                )
    for path in sorted((root / "text").glob("*.txt")):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        title, _, body = text.partition("\n\n")
        if body.strip():
            yield dict(kind="txt", title=title.strip(), published=default, language=None, body=body)
    for path in sorted((root / "html").glob("*.html")):
        page = path.read_text(encoding="utf-8", errors="replace")
        extracted = trafilatura.bare_extraction(page, with_metadata=True)
        if extracted is None or not extracted.text:
            continue
        published = _wall_clock(extracted.date) or default
        lang = extracted.language or _html_lang(page)
        yield dict(
            kind="html", title=extracted.title, published=published, language=lang, body=extracted.text
        )


def _html_lang(page: str) -> str | None:
    start = page.find('<html lang="')
    return page[start + 12 : page.index('"', start + 12)] if start >= 0 else None


def find_dates(body: str, published: dt.datetime | None, language: str | None) -> list[tuple[str, str]]:
    """(text, YYYY-MM-DD) pairs from dateparser; any exception it raises means no dates.

    Unknown language (.txt files) is taken as English: letting dateparser detect it costs ~20x the time.
    """
    from dateparser.search import search_dates

    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = published
    try:
        found = search_dates(body, settings=settings, languages=[language or "en"])
    except Exception:  # noqa: BLE001 - dateparser raises on odd inputs; the user would skip them
        return []
    return [(text, value.date().isoformat()) for text, value in found or []]


def run_naive(
    corpus_dir: str | Path, out_dir: str | Path, default_published: str = DEFAULT_PUBLISHED
) -> dict:
    """Read, extract, date and write; returns counts and the events as (title, text, value)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs: dict[str, list] = {k: [] for k in ("title", "kind", "published", "language", "body")}
    events: list[tuple[str, str, str]] = []
    started = time.perf_counter()
    for doc in iter_documents(corpus_dir, default_published):
        for key in docs:
            docs[key].append(doc[key])
        events.extend(
            (doc["title"], text, value)
            for text, value in find_dates(doc["body"], doc["published"], doc["language"])
        )
    pq.write_table(pa.table(docs), out / "documents.parquet")
    titles, texts, values = (list(col) for col in zip(*events, strict=True)) if events else ([], [], [])
    pq.write_table(pa.table({"title": titles, "text": texts, "value": values}), out / "events.parquet")
    return {
        "documents": len(docs["title"]),
        "event_count": len(events),
        "seconds": time.perf_counter() - started,
        "events": events,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--default-published", default=DEFAULT_PUBLISHED)
    args = parser.parse_args(argv)
    result = run_naive(args.corpus_dir, args.out_dir, args.default_published)
    result.pop("events")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
