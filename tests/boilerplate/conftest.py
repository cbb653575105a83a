"""Fixture corpus loaders shared by the boilerplate tests."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.records import raw_doc
from transforms.documents import build_document
from transforms.events import text_events

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "boilerplate"


def text_fixtures() -> list[tuple[str, dict]]:
    """(name, document) for every plain-text fixture, sorted by name."""
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(FIXTURES.glob("*.json"))]


def html_fixtures() -> list[tuple[str, str, dict]]:
    """(name, html, expectations) for every HTML fixture page, sorted by name."""
    out = []
    for page in sorted((FIXTURES / "html").glob("*.html")):
        expect = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        out.append((page.stem, page.read_text(encoding="utf-8"), expect))
    return out


def event_values(content: str, **fields) -> list[str]:
    """Timex values of the text events of a document built from ``content``, along the pipeline's path.

    Why: a headline left in a "read also" list becomes a false event; this checks the end result, not
    only the stripped text.
    """
    return [event.timex_value for event in text_events(build_document(raw_doc(content=content, **fields)))]
