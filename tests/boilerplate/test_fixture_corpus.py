"""Every fixture document: its must_remove lines go (into `removed`), its must_keep lines stay."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.boilerplate.conftest import event_values, text_fixtures
from transforms.boilerplate import line_signature, strip_text
from transforms.boilerplate.cues import available_languages

CASES = text_fixtures()
EVENT_CASES = [(name, doc) for name, doc in CASES if "events" in doc]


def _run(doc: dict, language: str | None):
    repeated = frozenset(line_signature(line) for line in doc.get("repeated", []))
    return strip_text(doc["text"], language, repeated)


def test_corpus_covers_every_language_and_is_large_enough():
    assert len(CASES) >= 40
    assert {doc["language"] for _, doc in CASES if doc["language"]} == set(available_languages())
    assert {doc["language"] for _, doc in EVENT_CASES} >= {"it", "nl", "pt"}
    assert any(doc["language"] is None for _, doc in CASES)


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[name for name, _ in CASES])
@pytest.mark.parametrize("as_given", [True, False], ids=["given-language", "no-language"])
def test_fixture(name: str, doc: dict, as_given: bool):
    result = _run(doc, doc["language"] if as_given else None)
    body = Counter(result.body.split("\n"))
    dropped = Counter(line for block in result.removed for line in block.split("\n"))
    original = Counter(doc["text"].split("\n"))
    must_remove, must_keep = Counter(doc["must_remove"]), Counter(doc["must_keep"])
    for line, n in must_remove.items():
        # A line may occur both as boilerplate (at an edge) and as content (mid-text): compare counts.
        assert body[line] == original[line] - n, f"{name}: should have been removed: {line!r}"
        assert dropped[line] == n, f"{name}: removed line missing from `removed`: {line!r}"
    for line, n in must_keep.items():
        assert body[line] == n, f"{name}: should have been kept: {line!r}"
        assert dropped[line] == original[line] - n, f"{name}: kept line also reported removed: {line!r}"


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[name for name, _ in CASES])
def test_nothing_lost_and_idempotent(name: str, doc: dict):
    result = _run(doc, doc["language"])
    original = [line for line in doc["text"].split("\n") if line.strip()]
    kept = [line for line in result.body.split("\n") if line.strip()]
    dropped = [line for block in result.removed for line in block.split("\n") if line.strip()]
    assert sorted(kept + dropped) == sorted(original), name
    again = _run({**doc, "text": result.body}, doc["language"])
    assert again.removed == [] and again.body == result.body, name


@pytest.mark.parametrize(("name", "doc"), EVENT_CASES, ids=[name for name, _ in EVENT_CASES])
@pytest.mark.parametrize("as_given", [True, False], ids=["given-language", "no-language"])
def test_fixture_events_come_only_from_kept_sentences(name: str, doc: dict, as_given: bool):
    """Dated headlines of the removed blocks give no event; every date in a kept sentence does."""
    language = doc["language"] if as_given else None
    assert event_values(doc["text"], language=language, published=doc["published"]) == doc["events"], name
