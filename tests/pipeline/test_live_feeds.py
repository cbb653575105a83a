"""Feeds over HTTP, end to end, against a real server on 127.0.0.1 started by the test."""

from __future__ import annotations

import json

import pytest

from pipelines import ingest
from tests.pipeline.conftest import rows
from tests.support.http_server import LoopbackServer

FAST = ["--allow-private-hosts", "--per-host-delay", "0", "--fetch-retries", "1", "--fetch-timeout", "5"]


def rss(items: list[tuple[str, str, str]], title: str = "Loopback Wire") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Tue, 24 Jun 2025 10:00:00 +0300</pubDate>"
        f"<description>{text}</description></item>"
        for t, link, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"{body}</channel></rss>"
    ).encode()


@pytest.fixture
def server(http_server) -> LoopbackServer:
    """Static routes (``server.routes[path] = (status, headers, body)``) answer 304 to a matching ETag."""
    return http_server


def summary(output) -> dict:
    return json.loads((output / "_summary.json").read_text())


def test_etag_makes_an_unchanged_feed_cost_one_304(server, tmp_path):
    link = "https://news.example/a"
    server.routes["/feed.xml"] = (
        200,
        {"ETag": '"v1"', "Content-Type": "application/rss+xml"},
        rss([("Dam opens", link, "The dam opened on 2 June 2025.")]),
    )
    output = tmp_path / "out"
    args = ["--output", str(output), "--feed", f"{server.base}/feed.xml", *FAST]
    assert ingest.main(args) == 0
    assert summary(output)["counts"]["documents"] == 1
    state = json.loads((output / "_state" / "http.json").read_text())
    assert state["feeds"][f"{server.base}/feed.xml"]["etag"] == '"v1"'
    assert ingest.main(args) == 0
    second = summary(output)
    assert second["skips_by_reason"] == {"not_modified": 1}
    assert (second["counts"]["documents"], second["counts"]["inputs"], second["balanced"]) == (0, 1, True)
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert rows(output, "SELECT title FROM documents") == [("Dam opens",)]


def test_changed_feed_items_replace_old_versions(server, tmp_path):
    a = ("Bridge closes", "https://news.example/bridge", "The bridge closed on 20 June 2025.")
    b = ("Port strike", "https://news.example/strike", "Dockers struck on 21 June 2025.")
    server.routes["/feed.xml"] = (200, {}, rss([a, b]))
    output = tmp_path / "out"
    args = ["--output", str(output), "--feed", f"{server.base}/feed.xml", *FAST]
    assert ingest.main(args) == 0
    b_edited = (b[0], b[1], "Dockers struck on 22 June 2025, not on the 21st as planned.")
    c = ("Ferry returns", "https://news.example/ferry", "The ferry returned on 23 June 2025.")
    server.routes["/feed.xml"] = (200, {}, rss([a, b_edited, c]))
    assert ingest.main(args) == 0
    counts = summary(output)["counts"]
    assert (counts["documents"], counts["unchanged"], counts["changed"]) == (2, 1, 1)
    assert rows(output, "SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1") == []
    assert rows(
        output, "SELECT title, timex_value FROM events WHERE date_source = 'text' ORDER BY title"
    ) == [
        ("Bridge closes", "2025-06-20"),
        ("Ferry returns", "2025-06-23"),
        ("Port strike", "2025-06-22"),
    ]


def test_same_article_in_two_feeds_is_one_document(server, tmp_path):
    text = "Officials confirmed the merger on 19 June 2025."
    server.routes["/one.xml"] = (
        200,
        {},
        rss([("Merger", "https://news.example/merger?utm_source=one&amp;id=7", text)], "One"),
    )
    server.routes["/two.xml"] = (
        200,
        {},
        rss([("Merger", "https://NEWS.example:443/merger?id=7&amp;fbclid=xyz#top", text)], "Two"),
    )
    output = tmp_path / "out"
    args = [
        "--output",
        str(output),
        "--feed",
        f"{server.base}/one.xml",
        "--feed",
        f"{server.base}/two.xml",
        *FAST,
    ]
    assert ingest.main(args) == 0
    assert rows(output, "SELECT url FROM documents") == [("https://news.example/merger?id=7",)]
    assert summary(output)["counts"]["duplicates"] == 1


def test_refused_and_failing_feeds_are_reject_rows_and_the_run_goes_on(server, tmp_path):
    server.routes["/ok.xml"] = (
        200,
        {},
        rss([("Fine", "https://news.example/fine", "All fine on 1 June 2025.")]),
    )
    server.routes["/meta"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    output = tmp_path / "out"
    # (A redirect to a private address is refused without --allow-private-hosts; with the flag, which this
    # loopback server needs, it would be followed, so that case is tested in tests/fetch without traffic.)
    feeds = [f"{server.base}/{p}" for p in ("ok.xml", "meta", "missing.xml")]
    args = ["--output", str(output), *[x for f in feeds for x in ("--feed", f)], *FAST]
    assert ingest.main(args) == 0
    got = dict(rows(output, "SELECT input_ref, error_type FROM rejects WHERE stage = 'fetch'"))
    assert got == {
        f"{server.base}/meta": "FetchBlockedAddress",
        f"{server.base}/missing.xml": "FetchHttpStatus",
    }
    assert rows(output, "SELECT title FROM documents") == [("Fine",)]
    assert summary(output)["balanced"]
    # Nothing was ever requested from the refused hosts: only our own server saw traffic.
    assert set(server.paths()) == {"/ok.xml", "/meta", "/missing.xml"}


def test_loopback_is_refused_without_the_flag(server, tmp_path):
    server.routes["/feed.xml"] = (200, {}, rss([("X", "https://news.example/x", "Text.")]))
    output = tmp_path / "out"
    assert (
        ingest.main(["--output", str(output), "--feed", f"{server.base}/feed.xml", "--per-host-delay", "0"])
        == 0
    )
    assert rows(output, "SELECT error_type FROM rejects") == [("FetchBlockedAddress",)]
    assert server.requests == []


def test_fetch_articles_fills_teasers_and_honours_robots(server, tmp_path):
    page = (
        "<html><head><meta property='article:published_time' content='2025-06-24T08:00:00+03:00'>"
        "<title>Tunnel</title></head><body><article><h1>Tunnel opens</h1>"
        + "".join(
            f"<p>Paragraph {i}: the tunnel under the bay opened to traffic on 23 June 2025 after years of work.</p>"
            for i in range(20)
        )
        + "</article></body></html>"
    ).encode()
    server.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /private/\n",
    )
    server.routes["/story/tunnel"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    server.routes["/private/secret"] = (200, {"Content-Type": "text/html"}, page)
    items = [
        ("Tunnel opens", f"{server.base}/story/tunnel", "Teaser: the tunnel opened."),
        ("Secret", f"{server.base}/private/secret", "Teaser: a secret."),
    ]
    server.routes["/feed.xml"] = (200, {}, rss(items))
    output = tmp_path / "out"
    args = ["--output", str(output), "--feed", f"{server.base}/feed.xml", "--fetch-articles", *FAST]
    assert ingest.main(args) == 0
    got = {
        title: (body_from, "Paragraph 19" in body)
        for title, body_from, body in rows(output, "SELECT title, body_from, body FROM documents")
    }
    assert got == {"Tunnel opens": ("article", True), "Secret": ("feed_summary", False)}
    assert "/private/secret" not in server.paths()
    assert server.paths().count("/robots.txt") == 1
