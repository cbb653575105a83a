"""The generator is the ground truth of every benchmark figure: it must be reproducible and consistent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

import pytest

from benchmarks.corpus import (
    DEFAULT_PUBLISHED,
    future_expression,
    generate,
    iso_week,
    make_doc,
    past_expression,
    plan,
    render_text,
    town_name,
)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(120, root, seed=7, html_share=0.25)
    return root


@pytest.fixture(scope="module")
def gold(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()]


def test_same_arguments_same_bytes(corpus: Path, tmp_path: Path) -> None:
    generate(120, tmp_path, seed=7, html_share=0.25)
    assert _digest(tmp_path) == _digest(corpus)


def test_another_seed_other_bytes(tmp_path: Path) -> None:
    generate(10, tmp_path / "a", seed=1)
    generate(10, tmp_path / "b", seed=2)
    assert (tmp_path / "a" / "gold.jsonl").read_bytes() != (tmp_path / "b" / "gold.jsonl").read_bytes()


def test_requested_counts_and_kinds(corpus: Path, gold: list[dict]) -> None:
    assert plan(120, 0.25) == plan(120, 0.25)
    expected = plan(120, 0.25)
    assert (expected.n_html, expected.n_feed + expected.n_jsonl + expected.n_txt) == (30, 90)
    kinds = {k: sum(1 for d in gold if d["kind"] == k) for k in ("feed", "jsonl", "txt", "html")}
    assert kinds == {"feed": expected.n_feed, "jsonl": expected.n_jsonl, "txt": expected.n_txt, "html": 30}
    assert len(list((corpus / "html").glob("*.html"))) == 30
    assert len(list((corpus / "text").glob("story-*.txt"))) == expected.n_txt
    items = sum(p.read_text(encoding="utf-8").count("<item>") for p in (corpus / "feeds").glob("feed-*.xml"))
    assert items == expected.n_feed
    lines = [
        json.loads(line)
        for p in (corpus / "text").glob("*.jsonl")
        for line in p.read_text(encoding="utf-8").splitlines()
    ]
    assert sum(1 for r in lines if "text" in r) == expected.n_jsonl
    assert set(lines[0]) == {"text", "id", "title", "url", "source", "published", "language"}
    assert sum(1 for r in lines if "text" not in r) == 1  # the deliberately broken line


def test_text_only_corpus_has_no_pages(tmp_path: Path) -> None:
    generate(15, tmp_path, seed=3, html_share=0.0)
    assert list((tmp_path / "html").glob("*.html")) == []


def test_titles_are_unique_join_keys(gold: list[dict]) -> None:
    assert len({d["title"] for d in gold}) == len(gold)
    assert len({town_name(i) for i in range(100_000)}) == 100_000


def test_broken_inputs_are_present_and_not_in_gold(corpus: Path, gold: list[dict]) -> None:
    assert b"\x00" in (corpus / "text" / "binary-blob.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        (corpus / "text" / "latin1-notes.txt").read_bytes().decode("utf-8")
    assert "</rss>" not in (corpus / "feeds" / "broken-feed.xml").read_text(encoding="utf-8")
    assert not any("Selvale" in d["title"] or d["title"] == "Record without text" for d in gold)


def test_every_gold_expression_occurs_in_its_body() -> None:
    for index, kind in enumerate(["feed", "jsonl", "txt", "html"] * 10):
        doc = make_doc(11, index, kind)
        body = doc.body
        cursor = 0
        for event in doc.events:  # in body order, so each is found after the previous one
            found = body.find(event["text"], cursor)
            assert found >= 0, (index, event)
            cursor = found + len(event["text"])


def test_boilerplate_is_rendered_but_not_gold() -> None:
    docs = [make_doc(5, i, "jsonl") for i in range(60)]
    rendered = [render_text(d) for d in docs]
    assert any("©" in r for r in rendered) and any("Photo:" in r for r in rendered)
    assert any(cue in r for r in rendered for cue in ("Read also", "Related:", "READ MORE:"))
    for doc, text in zip(docs, rendered, strict=True):
        assert "©" not in doc.body
        assert all(p in text for p in doc.body.split("\n\n"))


def test_languages_and_lengths() -> None:
    docs = [make_doc(2, i, "jsonl") for i in range(200)]
    languages = {d.language for d in docs}
    assert "en" in languages and len(languages) >= 4
    assert sum(d.language == "en" for d in docs) > 140
    assert all(1800 <= len(d.body) <= 6500 for d in docs)


def test_gold_values_follow_the_conventions(gold: list[dict]) -> None:
    for doc in gold:
        day = dt.datetime.fromisoformat(doc["published"]).date()
        for event in doc["events"]:
            text, value = event["text"], event["value"]
            if text == "yesterday":
                assert value == (day - dt.timedelta(days=1)).isoformat()
            elif text.lower() == "this year":
                assert value == str(day.year)
            elif text.lower() == "last week":
                assert value == iso_week(day - dt.timedelta(days=7))
            elif text.endswith("years ago"):
                assert int(value) < day.year
    txt = [d for d in gold if d["kind"] == "txt"]
    assert txt and all(d["published"] == DEFAULT_PUBLISHED for d in txt)


def test_relative_expressions_resolve_against_the_publication_day() -> None:
    pub = dt.date(2025, 6, 26)  # a Thursday
    seen = {}
    rng = random.Random(0)
    for _ in range(3000):
        phrase, text, value = past_expression(rng, pub)
        seen[text] = value
    assert seen["Tuesday"] == "2025-06-24"
    assert seen["last Friday"] == "2025-06-20"
    assert seen["last week"] == "2025-W25"
    assert seen["three years ago"] == "2022"
    assert seen["March"] == "2025-03" and seen["September"] == "2024-09"
    assert seen["last month"] == "2025-05"
    assert "Thursday" not in seen  # the publication weekday itself is never a bare past weekday
    future = {}
    for _ in range(2000):
        phrase, text, value = future_expression(rng, pub)
        future[text] = value
    assert future["Monday"] == "2025-06-30"
    assert future["next week"] == "2025-W27"
    assert future["tomorrow"] == "2025-06-27"
