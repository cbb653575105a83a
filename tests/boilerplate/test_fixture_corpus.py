"""Every fixture document: its must_remove lines go (into `removed`), its must_keep lines stay."""

from __future__ import annotations

import pytest

from tests.boilerplate.conftest import text_fixtures
from transforms.boilerplate import line_signature, strip_text

CASES = text_fixtures()
LANGUAGES = {"en", "uk", "ru", "de", "fr", "es", "pl"}


def _run(doc: dict, language: str | None):
    repeated = frozenset(line_signature(line) for line in doc.get("repeated", []))
    return strip_text(doc["text"], language, repeated)


def test_corpus_covers_every_language_and_is_large_enough():
    assert len(CASES) >= 14
    assert {doc["language"] for _, doc in CASES if doc["language"]} == LANGUAGES
    assert any(doc["language"] is None for _, doc in CASES)


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[name for name, _ in CASES])
@pytest.mark.parametrize("as_given", [True, False], ids=["given-language", "no-language"])
def test_fixture(name: str, doc: dict, as_given: bool):
    result = _run(doc, doc["language"] if as_given else None)
    body_lines = result.body.split("\n")
    removed_lines = [line for block in result.removed for line in block.split("\n")]
    for line in doc["must_remove"]:
        assert line not in body_lines, f"{name}: should have been removed: {line!r}"
        assert line in removed_lines, f"{name}: removed line missing from `removed`: {line!r}"
    for line in doc["must_keep"]:
        assert line in body_lines, f"{name}: should have been kept: {line!r}"
        assert line not in removed_lines, f"{name}: kept line also reported removed: {line!r}"


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[name for name, _ in CASES])
def test_nothing_lost_and_idempotent(name: str, doc: dict):
    result = _run(doc, doc["language"])
    original = [line for line in doc["text"].split("\n") if line.strip()]
    kept = [line for line in result.body.split("\n") if line.strip()]
    dropped = [line for block in result.removed for line in block.split("\n") if line.strip()]
    assert sorted(kept + dropped) == sorted(original), name
    again = _run({**doc, "text": result.body}, doc["language"])
    assert again.removed == [] and again.body == result.body, name
