"""The ingest CLI on the bundled samples, read back with DuckDB and pyarrow exactly as users would."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pyarrow.dataset as ds
import pytest

from pipelines import ingest, query
from tests.pipeline.conftest import rows, sample_args, table
from transforms.store.sql import connect

UTC = dt.timezone.utc


def data_files(output: pathlib.Path) -> list[pathlib.Path]:
    """Data files and control files; the plain views are links into _views and are not counted twice."""
    return sorted(p for p in output.rglob("*") if p.is_file() and "_views" not in p.parts)


def test_layout_and_types_as_every_plain_reader_sees_them(demo_output):
    assert (demo_output / "_summary.json").exists()
    assert (demo_output / "_dateline" / "head.json").exists()
    for name in ("documents", "events", "rejects"):
        plain = demo_output / name
        assert plain.is_symlink() and plain.is_dir()
        assert all(p.name.startswith("part-") and p.suffix == ".parquet" for p in plain.iterdir())
        assert (demo_output / "tables" / name / "_delta_log").is_dir()
    rel = table(demo_output, "events")
    events = dict(zip(rel.columns, map(str, rel.types), strict=True))
    assert events["event_date"] == "DATE"
    assert events["event_end"] == "DATE"
    assert events["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert events["char_start"] == "INTEGER"
    docs = table(demo_output, "documents")
    doc_types = dict(zip(docs.columns, map(str, docs.types), strict=True))
    assert doc_types["published_date"] == "DATE"
    assert doc_types["removed"] == "VARCHAR[]"


def test_pandas_pyarrow_polars_and_duckdb_read_the_same_rows_and_types(demo_output):
    import pandas as pd
    import polars as pl
    import pyarrow.parquet as pq

    con = connect(str(demo_output))
    for name in ("documents", "events", "rejects"):
        want = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        assert want > 0
        arrow = pq.read_table(demo_output / name)
        frame = pd.read_parquet(demo_output / name)
        lazy = pl.scan_parquet(str(demo_output / name / "*.parquet")).collect()
        assert arrow.num_rows == len(frame) == lazy.height == want, name
    events = pq.read_table(demo_output / "events").schema
    assert str(events.field("event_date").type) == "date32[day]"
    assert str(events.field("published_at").type) == "timestamp[us, tz=UTC]"
    frame = pd.read_parquet(demo_output / "events")
    assert str(frame["published_at"].dtype).startswith("datetime64[") and "UTC" in str(
        frame["published_at"].dtype
    )
    assert frame["event_date"].dropna().map(type).eq(dt.date).all()
    delta = pl.read_delta(str(demo_output / "tables" / "events"))
    assert delta.height == len(frame) and delta.schema["event_date"] == pl.Date


def test_documents_rows(demo_output):
    got = rows(
        demo_output,
        "SELECT input_kind, source, title, published_at, published_from, language, published_date "
        "FROM documents ORDER BY published_at, title",
    )
    tz3, tz2 = dt.timezone(dt.timedelta(hours=3)), dt.timezone(dt.timedelta(hours=2))
    expected = [
        (
            "feed",
            "Northwind Wire",
            "Harbour authority reopens the eastern pier after storm repairs",
            dt.datetime(2025, 6, 11, 8, 15, tzinfo=tz3),
            "feed",
            "en",
            dt.date(2025, 6, 11),
        ),
        (
            "html",
            "vellmar-daily.example",
            "Harbour festival draws record crowds",
            dt.datetime(2025, 6, 16, 7, 45, tzinfo=tz3),
            "html_meta",
            "en",
            dt.date(2025, 6, 16),
        ),
        (
            "feed",
            "Northwind Wire",
            "City council approves budget with new tram line",
            dt.datetime(2025, 6, 18, 17, 40, tzinfo=tz3),
            "feed",
            "en",
            dt.date(2025, 6, 18),
        ),
        (
            "jsonl",
            "Valley Wire",
            "Grain terminal doubles capacity",
            dt.datetime(2025, 6, 19, 14, 20, tzinfo=tz3),
            "jsonl",
            "en",
            dt.date(2025, 6, 19),
        ),
        (
            "feed",
            "Coastline Herald",
            "Seal count shows colony growing again",
            dt.datetime(2025, 6, 20, 16, 0, tzinfo=tz2),
            "feed",
            "en",
            dt.date(2025, 6, 20),
        ),
        (
            "jsonl",
            "Talbote",
            "Bürgermeister eröffnet neue Brücke",
            dt.datetime(2025, 6, 20, 18, 0, tzinfo=tz2),
            "jsonl",
            "de",
            dt.date(2025, 6, 20),
        ),
        (
            "jsonl",
            "Valley Wire",
            "Schools switch to a four-day week",
            dt.datetime(2025, 6, 21, 9, 0, tzinfo=tz3),
            "jsonl",
            "en",
            dt.date(2025, 6, 21),
        ),
        (
            "jsonl",
            "Diario del Valle",
            "Festival de música vuelve al puerto",
            dt.datetime(2025, 6, 22, 11, 0, tzinfo=tz2),
            "jsonl",
            "es",
            dt.date(2025, 6, 22),
        ),
        (
            "feed",
            "Northwind Wire",
            "Regional airport records busiest May",
            dt.datetime(2025, 6, 23, 10, 5, tzinfo=tz3),
            "feed",
            "en",
            dt.date(2025, 6, 23),
        ),
        (
            "feed",
            "Coastline Herald",
            "Lighthouse museum to open in restored keeper's house",
            dt.datetime(2025, 6, 24, 9, 30, tzinfo=tz2),
            "feed",
            "en",
            dt.date(2025, 6, 24),
        ),
        (
            "html",
            "herald.example",
            "Central library reopens after renovation",
            dt.datetime(2025, 6, 25, 10, 0, tzinfo=tz2),
            "html_jsonld",
            "en",
            dt.date(2025, 6, 25),
        ),
        (
            "txt",
            "text",
            "Ministry: Republic of Ostmark sent drones and fuel trucks to its ally",
            dt.datetime(2025, 6, 26, 9, 0, tzinfo=tz3),
            "default",
            "en",
            dt.date(2025, 6, 26),
        ),
        (
            "txt",
            "text",
            "River ferry returns after a two-week pause",
            dt.datetime(2025, 6, 26, 9, 0, tzinfo=tz3),
            "default",
            "en",
            dt.date(2025, 6, 26),
        ),
        (
            "txt",
            "text",
            "Міська рада затвердила план ремонту мостів",
            dt.datetime(2025, 6, 26, 9, 0, tzinfo=tz3),
            "default",
            "uk",
            dt.date(2025, 6, 26),
        ),
    ]
    assert [(*r[:3], r[3].astimezone(UTC), *r[4:]) for r in got] == [
        (*e[:3], e[3].astimezone(UTC), *e[4:]) for e in expected
    ]
    urls = dict(rows(demo_output, "SELECT title, url FROM documents WHERE url IS NOT NULL"))
    # Tracking parameters and fragments are gone from canonical URLs.
    assert (
        urls["Harbour authority reopens the eastern pier after storm repairs"]
        == "https://northwind.example/news/eastern-pier-reopens"
    )
    assert urls["Regional airport records busiest May"] == "https://northwind.example/news/airport-may"
    assert (
        urls["Harbour festival draws record crowds"]
        == "https://vellmar-daily.example/city/harbour-festival-record"
    )


def test_rejects_name_every_bad_input(demo_output):
    got = rows(
        demo_output,
        "SELECT stage, error_type, input_kind, input_ref FROM rejects ORDER BY input_ref, error_type",
    )
    simplified = [
        (stage, kind, input_kind, ref.split("/samples/")[1]) for stage, kind, input_kind, ref in got
    ]
    assert simplified == [
        ("parse", "MalformedFeed", "feed", "feeds/broken-feed.xml"),
        ("parse", "EmptyEntry", "feed", "feeds/broken-feed.xml#entry=0"),
        ("read", "InvalidUtf8", "txt", "text/latin1-mislabelled.txt"),
        ("read", "BinaryContent", "txt", "text/not-really-text.txt"),
        ("parse", "MissingText", "jsonl", "text/wires.jsonl#line=6"),
        ("parse", "InvalidJson", "jsonl", "text/wires.jsonl#line=7"),
    ]
    messages = dict(rows(demo_output, "SELECT error_type, error_message FROM rejects"))
    assert messages["InvalidUtf8"] == "not valid UTF-8 at byte 3"
    payload = rows(demo_output, "SELECT payload FROM rejects WHERE error_type = 'BinaryContent'")[0][0]
    assert payload.startswith("\\x89PNG") and len(payload) < 2100


def test_summary_accounts_for_every_input(demo_output):
    summary = json.loads((demo_output / "_summary.json").read_text())
    counts = summary["counts"]
    assert summary["balanced"] is True
    assert counts["documents"] == 14
    assert counts["duplicates"] == 1  # wires.jsonl repeats vw-101 on its last line
    assert counts["skipped"] == 1  # the blank line in wires.jsonl
    assert counts["rejects"] == 6
    assert counts["inputs"] == 22
    assert summary["skips_by_reason"] == {"blank_line": 1, "duplicate": 1}
    ((n_docs,),) = rows(demo_output, "SELECT count(*) FROM documents")
    ((n_events, n_pub),) = rows(
        demo_output, "SELECT count(*), count(*) FILTER (WHERE date_source = 'publication') FROM events"
    )
    ((n_rejects,),) = rows(demo_output, "SELECT count(*) FROM rejects")
    assert (n_docs, n_rejects, n_pub) == (14, 6, 14)
    assert n_events == counts["events"]


def test_event_offsets_index_the_body(demo_output):
    got = rows(
        demo_output,
        "SELECT e.date_text, substr(d.body, e.char_start + 1, e.char_end - e.char_start), e.sentence, "
        "position(e.date_text IN e.sentence) > 0 FROM events e JOIN documents d USING (doc_id) "
        "WHERE e.date_source = 'text'",
    )
    assert len(got) > 20
    for date_text, span, sentence, inside in got:
        assert span == date_text
        assert inside, (date_text, sentence)


@pytest.mark.parametrize(
    "title_prefix, date_text, value, granularity, start, end",
    [
        ("Ministry: Republic of Ostmark", "this year", "2025", "year", "2025-01-01", "2025-12-31"),
        ("Harbour authority reopens", "March 3", "2025-03-03", "day", "2025-03-03", "2025-03-03"),
        ("City council approves", "17 June 2025", "2025-06-17", "day", "2025-06-17", "2025-06-17"),
        ("Grain terminal", "12.06.2025", "2025-06-12", "day", "2025-06-12", "2025-06-12"),
        ("Grain terminal", "January 2024", "2024-01", "month", "2024-01-01", "2024-01-31"),
        ("Regional airport", "May 2025", "2025-05", "month", "2025-05-01", "2025-05-31"),
        ("Lighthouse museum", "5 July 2025", "2025-07-05", "day", "2025-07-05", "2025-07-05"),
        ("River ferry", "last week", "2025-W25", "week", "2025-06-16", "2025-06-22"),
        ("Seal count", "three years ago", "2022", "year", "2022-01-01", "2022-12-31"),
    ],
)
def test_dated_events(demo_output, title_prefix, date_text, value, granularity, start, end):
    got = rows(
        demo_output,
        "SELECT timex_value, granularity, event_date, event_end, timex_type FROM events "
        f"WHERE date_source = 'text' AND date_text = '{date_text}' AND starts_with(title, '{title_prefix}')",
    )
    assert got == [(value, granularity, dt.date.fromisoformat(start), dt.date.fromisoformat(end), "DATE")]


def test_publication_events(demo_output):
    got = rows(
        demo_output,
        "SELECT event_date, event_end, granularity, timex_value, sentence, char_start FROM events "
        "WHERE date_source = 'publication' AND starts_with(title, 'Seal count')",
    )
    day = dt.date(2025, 6, 20)
    assert got == [(day, day, "day", "2025-06-20", "Seal count shows colony growing again", None)]


def test_read_also_lists_yield_no_events_and_leave_the_body(demo_output):
    ((body, removed),) = rows(
        demo_output, "SELECT body, removed FROM documents WHERE starts_with(title, 'Ministry: Republic')"
    )
    assert "Read also" not in body
    assert "for over three years" not in body
    assert "this year" in body
    assert any("for over three years" in block for block in removed)
    # The seed-style article: nothing dated from the related-headlines list, no "three years ago".
    dated = rows(
        demo_output,
        "SELECT date_text, timex_value FROM events WHERE date_source = 'text' AND starts_with(title, 'Ministry: Republic') ORDER BY char_start",
    )
    assert ("this year", "2025") in dated
    assert all("three years" not in text and text != "2024" for text, _ in dated), dated
    ((leaks,),) = rows(
        demo_output,
        "SELECT count(*) FROM documents WHERE regexp_matches(body, '(?i)read also|see also|читайте також')",
    )
    assert leaks == 0


def test_unknown_dates_are_null_and_date_filters_work(demo_output):
    dataset = ds.dataset(str(demo_output / "events"), format="parquet")
    table_rows = dataset.to_table(filter=ds.field("event_date") == dt.date(2025, 6, 24))
    assert set(table_rows.column("event_date").to_pylist()) == {dt.date(2025, 6, 24)}
    unknown = dataset.to_table(filter=ds.field("event_date").is_null())
    assert unknown.num_rows >= 1 and "PRESENT_REF" in unknown.column("timex_value").to_pylist()
    ((nulls,),) = rows(
        demo_output, "SELECT count(*) FROM events WHERE event_date IS NULL AND timex_value = 'PRESENT_REF'"
    )
    assert nulls >= 1


def test_rerun_gives_the_same_rows_and_no_temp_files(samples_dir, tmp_path):
    output = tmp_path / "out"
    assert ingest.main(sample_args(samples_dir, output)) == 0
    first = {t: sorted(map(repr, table(output, t).fetchall())) for t in ("documents", "events", "rejects")}
    data_before = [p for p in data_files(output) if p.suffix == ".parquet"]
    assert ingest.main(sample_args(samples_dir, output)) == 0
    second = {t: sorted(map(repr, table(output, t).fetchall())) for t in ("documents", "events", "rejects")}
    assert second == first
    new = [p for p in data_files(output) if p.suffix == ".parquet" and p not in data_before]
    assert new == []  # unchanged documents and the same rejects again: no data file added or rewritten
    assert not [p for p in data_files(output) if p.name.startswith(".") or p.name.endswith(".tmp")]
    summary = json.loads((output / "_summary.json").read_text())
    assert summary["counts"]["unchanged"] == 14 and summary["counts"]["documents"] == 0
    assert summary["balanced"]


def test_changed_document_replaces_its_old_version(samples_dir, tmp_path):
    work = tmp_path / "in"
    work.mkdir()
    jsonl = work / "wire.jsonl"
    first = {
        "id": "a-1",
        "source": "Wire",
        "title": "Dam works",
        "published": "2025-06-10T10:00:00+00:00",
        "text": "Engineers inspected the dam on 2 June 2025.",
    }
    other = {
        "id": "a-2",
        "source": "Wire",
        "title": "Bridge",
        "published": "2025-06-10T10:00:00+00:00",
        "text": "The bridge opened on 1 May 2025.",
    }
    jsonl.write_text(json.dumps(first) + "\n" + json.dumps(other) + "\n")
    output = tmp_path / "out"
    args = ["--output", str(output), "--text", str(jsonl)]
    assert ingest.main(args) == 0
    edited = dict(first, text="Engineers inspected the dam again on 9 June 2025.")
    jsonl.write_text(json.dumps(edited) + "\n" + json.dumps(other) + "\n")
    assert ingest.main(args) == 0
    assert rows(output, "SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1") == []
    assert rows(output, "SELECT title, body FROM documents ORDER BY title") == [
        ("Bridge", "The bridge opened on 1 May 2025."),
        ("Dam works", "Engineers inspected the dam again on 9 June 2025."),
    ]
    assert rows(
        output, "SELECT title, timex_value FROM events WHERE date_source = 'text' ORDER BY title"
    ) == [
        ("Bridge", "2025-05-01"),
        ("Dam works", "2025-06-09"),
    ]
    summary = json.loads((output / "_summary.json").read_text())["counts"]
    assert (summary["documents"], summary["changed"], summary["unchanged"]) == (1, 1, 1)


def test_multi_processing_matches_in_process(samples_dir, demo_output, tmp_path):
    output = tmp_path / "mp"
    extra = ("--direct_num_workers=2", "--direct_running_mode=multi_processing")
    assert ingest.main(sample_args(samples_dir, output, *extra)) == 0
    for name in ("documents", "events", "rejects"):
        assert sorted(map(repr, table(output, name).fetchall())) == sorted(
            map(repr, table(demo_output, name).fetchall())
        )


def test_local_batches_give_the_rows_of_one_run(samples_dir, demo_output, tmp_path):
    """A tiny --local-batch-mb runs the samples file by file; rows and the summed summary match one run."""
    output = tmp_path / "batched"
    assert ingest.main(sample_args(samples_dir, output, "--local-batch-mb", "0.001")) == 0
    for name in ("documents", "events", "rejects"):
        assert sorted(map(repr, table(output, name).fetchall())) == sorted(
            map(repr, table(demo_output, name).fetchall())
        )
    batched = json.loads((output / "_summary.json").read_text())
    single = json.loads((demo_output / "_summary.json").read_text())
    assert batched["batches"] > 5 and batched["balanced"]
    for key in ("inputs", "documents", "duplicates", "rejects", "skipped", "events", "text_events"):
        assert batched["counts"][key] == single["counts"][key], key
    assert batched["rejects_by_type"] == single["rejects_by_type"]


def test_no_publication_date_means_unknown_event_dates(tmp_path):
    text = tmp_path / "undated" / "note.txt"
    text.parent.mkdir()
    text.write_text(
        "Ferry strike\n\nThe strike began on Tuesday and ended yesterday. It was the first since March 3, 2019.\n"
    )
    output = tmp_path / "out"
    assert ingest.main(["--output", str(output), "--text", str(text)]) == 0
    got = rows(
        output,
        "SELECT date_source, date_text, timex_value, event_date FROM events ORDER BY date_source, char_start",
    )
    assert got[0] == ("publication", None, None, None)
    by_text = {r[1]: r for r in got[1:]}
    assert by_text["March 3, 2019"] == ("text", "March 3, 2019", "2019-03-03", dt.date(2019, 3, 3))
    for relative in ("Tuesday", "yesterday"):
        _, _, value, day = by_text[relative]
        assert day is None and (value is None or "X" in value), by_text[relative]
    assert rows(output, "SELECT published_at, published_date FROM documents") == [(None, None)]


def test_usage_errors_are_one_line(tmp_path, capsys):
    assert ingest.main(["--text", "x"]) == 2
    assert ingest.main(["--output", str(tmp_path / "o")]) == 2
    assert ingest.main(["--output", str(tmp_path / "o"), "--text", "x", "--default-published", "soon"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "dateline ingest: --output DIR is required",
        "dateline ingest: nothing to ingest: give --feed, --feeds-file, --text or --html",
        "dateline ingest: --default-published: unparseable publication time 'soon'",
    ]


def test_glob_without_match_is_a_reject(tmp_path):
    output = tmp_path / "out"
    ok = tmp_path / "a.txt"
    ok.write_text("Title\n\nThe council met on 2 June 2025.\n")
    assert (
        ingest.main(["--output", str(output), "--text", str(ok), "--html", str(tmp_path / "nope" / "*.html")])
        == 0
    )
    assert rows(output, "SELECT stage, error_type FROM rejects") == [("discover", "NoMatch")]


def test_query_cli(demo_output, capsys, tmp_path):
    assert query.main([str(demo_output), "SELECT count(*) AS n FROM documents", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n14\n"
    assert (
        query.main(
            [str(demo_output), "SELECT title FROM documents WHERE language = 'de'", "--format", "json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == [{"title": "Bürgermeister eröffnet neue Brücke"}]
    assert query.main([str(demo_output), "--summary"]) == 0
    out = capsys.readouterr().out
    assert (
        "== Documents per source" in out and "Northwind Wire" in out and "== Five latest dated events" in out
    )
    assert query.main([str(tmp_path / "missing"), "SELECT 1"]) == 2
    assert capsys.readouterr().err == f"dateline query: no such output directory: {tmp_path / 'missing'}\n"
    (tmp_path / "empty").mkdir()
    assert query.main([str(tmp_path / "empty"), "SELECT 1"]) == 2
    assert "holds no dateline output" in capsys.readouterr().err
    assert query.main([str(demo_output), "SELECT nope FROM documents"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_html_bodies_do_not_repeat_the_headline(demo_output):
    got = rows(
        demo_output, "SELECT title, split_part(body, chr(10), 1) FROM documents WHERE input_kind = 'html'"
    )
    assert sorted(got) == [
        (
            "Central library reopens after renovation",
            "The central library of Skarvik reopened on Wednesday after a renovation that took 18 months and cost 6.5 million euros.",
        ),
        (
            "Harbour festival draws record crowds",
            "About 48,000 people visited the Vellmar harbour festival over the weekend, the organisers said on Sunday, beating the previous record set in 2019.",
        ),
    ]
