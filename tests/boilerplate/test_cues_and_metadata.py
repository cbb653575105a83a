"""Cue files load and compile; page metadata helpers pick the right values."""

from __future__ import annotations

import json

import pytest
from trafilatura.utils import load_html

from transforms.boilerplate.cues import CUES_DIR, available_languages, compile_cues, load_language
from transforms.boilerplate.strip import CUE, INLINE, classify, cues_for, is_cue_line
from transforms.html_extract import _jsonld_objects, find_language, find_published, find_title, find_url
from transforms.temporal.tagger import SUPPORTED

KNOWN_KEYS = {
    "language",
    "related",
    "related_alone",
    "promo",
    "social",
    "credit",
    "credit_lines",
    "footer",
    "copyright",
    "copyright_lines",
    "keep",
}


def page(
    head: str, body: str = "<p>Text of the page, long enough to be a paragraph.</p>", html_attrs: str = ""
):
    return load_html(f"<!DOCTYPE html><html {html_attrs}><head>{head}</head><body>{body}</body></html>")


def test_one_cue_file_per_language():
    assert available_languages() == ("de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk")
    # every language the tagger reads has its boilerplate cues, so no document goes unstripped
    assert set(available_languages()) == set(SUPPORTED)


@pytest.mark.parametrize("lang", available_languages())
def test_cue_file_is_well_formed_and_compiles(lang: str):
    data = json.loads((CUES_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["language"] == lang
    assert set(data) <= KNOWN_KEYS
    assert all(
        isinstance(v, list) and all(isinstance(x, str) and x for x in v)
        for k, v in data.items()
        if k != "language"
    )
    assert len(data["related"]) >= 10 and data["promo"] and data["credit"] and data["footer"]
    cues = compile_cues((lang,))
    assert cues.languages == (lang,)
    # every related phrase is recognised as a cue line on its own, in its language's cue set
    for phrase in data["related"] + data.get("related_alone", []):
        assert classify(phrase.upper(), cues) == CUE, phrase
        assert is_cue_line(phrase + ":", cues), phrase


def test_unknown_language_file_is_a_clear_error():
    with pytest.raises(ValueError, match="no boilerplate cue file for language 'xx'"):
        load_language("xx")


def test_inline_cue_needs_a_separator():
    cues = cues_for(None)
    assert classify("Lesen Sie auch: Neue Buslinie verbindet Vororte", cues) == INLINE
    assert classify("Lesen Sie auch die Stellungnahme der Gewerkschaft.", cues) is None
    assert classify("Читайте також — Уряд ухвалив бюджет", cues) == INLINE


@pytest.mark.parametrize(
    ("attrs", "head", "expected"),
    [
        ('lang="en-GB"', "", "en"),
        ('lang="UK"', "", "uk"),
        ("", '<meta property="og:locale" content="pt_BR">', "pt"),
        ("", '<meta http-equiv="Content-Language" content="de, en">', "de"),
        ('lang=""', "", None),
        ('lang="not a language"', "", None),
    ],
)
def test_find_language(attrs: str, head: str, expected: str | None):
    assert find_language(page(head, html_attrs=attrs)) == expected


def test_find_url_prefers_canonical_then_og_url_then_given():
    canonical = '<link rel="canonical" href="/a/b"><meta property="og:url" content="https://x.example/og">'
    assert find_url(page(canonical), "https://x.example/feed?id=1") == "https://x.example/a/b"
    assert (
        find_url(page('<meta property="og:url" content="https://x.example/og">'), None)
        == "https://x.example/og"
    )
    assert find_url(page(""), "https://x.example/given") == "https://x.example/given"
    assert find_url(page(""), None) is None
    relative_only = (
        '<link rel="canonical" href="/a/b"><meta property="og:url" content="https://x.example/og">'
    )
    assert find_url(page(relative_only), None) == "https://x.example/og"
    assert find_url(page('<link rel="canonical" href="/a/b">'), None) is None


def test_jsonld_graph_lists_and_broken_scripts():
    head = (
        '<script type="application/ld+json">{broken</script>'
        '<script type="application/ld+json">[{"@type": "Organization"}, {"@graph": ['
        '{"@type": "NewsArticle", "headline": "Graph headline", "datePublished": "2025-06-26T08:00:00+02:00"}]}]'
        "</script>"
    )
    tree = page(head)
    objects = _jsonld_objects(tree)
    assert find_title(tree, objects) == "Graph headline"
    assert find_published(tree, objects) == ("2025-06-26T08:00:00+02:00", "html_jsonld")


def test_published_prefers_precision_then_source_order():
    head = (
        '<meta property="article:published_time" content="2025-06-26">'
        '<meta name="pubdate" content="2025-06-26T09:00:00">'
        '<script type="application/ld+json">{"datePublished": "2025-06-26T10:00:00+03:00"}</script>'
    )
    body = '<time datetime="2025-06-27T11:00:00+03:00">27 June</time><p>Body text of the page.</p>'
    tree = page(head, body)
    assert find_published(tree, _jsonld_objects(tree)) == ("2025-06-26T10:00:00+03:00", "html_jsonld")
    tree = page('<meta property="article:published_time" content="2025-06-26T07:00:00Z">', body)
    assert find_published(tree, []) == ("2025-06-26T07:00:00+00:00", "html_meta")
    assert find_published(page("", "<p>No dates at all here.</p>"), []) == (None, None)
