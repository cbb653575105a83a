"""The engine compiles every language's data files, and derives its trigger index from the patterns."""

from __future__ import annotations

import re
from datetime import date

import pytest

from transforms.lexicon import available, load
from transforms.temporal import tag
from transforms.temporal.engine import _SEP, _SEP_ASCII, _by_first_letter, _expand, compiled
from transforms.temporal.first import OpenWordError, all_tokens, first_tokens, second_tokens
from transforms.temporal.normalisers import NORMALISERS
from transforms.temporal.tagger import SUPPORTED


def test_every_supported_language_has_data_files() -> None:
    assert set(SUPPORTED) <= set(available())


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_rule_compiles_and_is_reachable(lang: str) -> None:
    L = compiled(lang)
    assert L.rules
    for rule in L.rules:
        assert rule.first, f"{lang} rule {rule.name} has no first token, so no scan can reach it"
        for tok in rule.first:
            assert rule in L.keys[tok]


def test_compiled_once_per_process() -> None:
    assert compiled("en") is compiled("en")


def test_the_fast_separator_class_is_exactly_non_word() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(_SEP, every) == re.findall(r"[^\w]", every)
    ascii_ = "".join(chr(c) for c in range(128))
    assert re.findall(_SEP_ASCII, ascii_) == re.findall(r"[^\w]", ascii_)


def test_words_split_by_first_letter_match_as_their_alternation() -> None:
    words = {"may", "mon", "monday", "m", "day", "days"}
    rx = re.compile("|".join(_by_first_letter(words, r"(?![^\W\d_])")))
    found = {
        w
        for w in ["m", "ma", "may", "mon", "mond", "monday", "mondays", "day", "days", "dayz"]
        if rx.fullmatch(w)
    }
    assert found == {"m", "may", "mon", "monday", "day", "days"}
    assert rx.match("mayor") is None


@pytest.mark.parametrize(
    ("pattern", "tokens"),
    [
        (r"(?i:last|next)\s+week", {"last", "next"}),
        (r"(?:(?i:the)\s+)?(?P<y>\d{4})s", {"the", "#4"}),
        (r"(?P<d>\d{1,2})\.(?P<m>\d\d)", {"#s"}),
        (r"\d+\s+days", {"#s", "#4", "#n"}),
        (r"'(?P<yy>\d0)s", {"'"}),
        (r"Q(?P<n>[1-4])", {"q"}),
        (r"(?:(?!)\s+)?Monday", {"monday"}),  # an empty word list opens nothing
    ],
)
def test_first_tokens(pattern: str, tokens: set[str]) -> None:
    assert first_tokens(pattern) == tokens


@pytest.mark.parametrize("pattern", [r"\w+\s+ago", r"[a-z]+day", r".*", r"(?:week)?"])
def test_open_first_words_are_refused(pattern: str) -> None:
    with pytest.raises(OpenWordError):
        first_tokens(pattern)


def test_all_tokens_include_lookahead_words() -> None:
    # the gate after a first word must know "morning" even where only a lookahead requires it
    assert all_tokens(r"(?i:this)\s+(?=morning|evening)") == {"this", "morning", "evening"}
    assert all_tokens(r"(?i:the)\s+(?:past|last)\s+\d+\s+days?") >= {
        "the",
        "past",
        "last",
        "#s",
        "day",
        "days",
    }


@pytest.mark.parametrize(
    ("pattern", "seconds"),
    [
        (r"(?i:the)\s+(?:past|last)\s+\d+\s+days?", {"the": {"past", "last"}}),
        (r"(?P<d>\d{1,2})(?:st|nd)?(?:\s+(?i:of\s+)?May)?", {"#s": {"st", "nd", "of", "may", None}}),
        (r"(?:(?i:the)\s+)?(?P<y>\d{4})s", {"the": {"#"}, "#4": {"s"}}),
        (r"(?i:this)\s+(?=morning|evening)", {"this": {None}}),  # the match itself ends after "this"
        (r"'(?P<yy>\d0)s", {"'": {"#"}}),
    ],
)
def test_second_tokens(pattern: str, seconds: dict[str, set[str | None]]) -> None:
    # None: a match can end before a second token, so the rule is tried whatever follows
    assert second_tokens(pattern) == seconds


def test_second_tokens_refuse_free_words() -> None:
    with pytest.raises(OpenWordError):
        second_tokens(r"(?i:the)\s+[a-z]+")


def test_a_key_tries_only_the_rules_that_continue_with_the_next_token() -> None:
    L = compiled("en")
    by_word, other = L.split["the"]
    names = {r.name for r in by_word["first"].rules}
    assert {"quarter", "half"} <= names and "sameperiod" not in names
    assert "sameperiod" in {r.name for r in by_word["same"].rules}
    assert all(r in L.keys["the"] for r in other.rules)
    # what a selection tags is what the whole key tags
    text = "In the first half of 2024 and the same quarter two years earlier, the 1990s."
    assert [t.text for t in tag(text, date(2025, 1, 1), "en")] == [
        "the first half of 2024",
        "the same quarter",
        "two years earlier",
        "the 1990s",
    ]


def test_a_non_anchor_first_word_is_tried_only_before_its_words() -> None:
    gates = compiled("en").gates
    assert "government" not in gates["the"] and "quarter" in gates["the"]


def test_macros_expand_tables_and_leave_quantifiers() -> None:
    lex = {"months": {"may": 5, "june": 6}}
    body = _expand(r"(?P<m>{months:cased})\s+\d{1,2}", {}, lex)
    assert r"\d{1,2}" in body
    rx = re.compile(body)
    assert rx.fullmatch("June 24") and rx.fullmatch("MAY 5")
    assert not rx.fullmatch("june 24") and not rx.fullmatch("May 123")


def test_normalisers_named_by_rules_exist() -> None:
    for lang in SUPPORTED:
        for rule in compiled(lang).rules:
            assert rule.normalise in NORMALISERS.values()


def test_every_normaliser_is_named_by_a_rule() -> None:
    used = {rule.normalise for lang in SUPPORTED for rule in compiled(lang).rules}
    unused = sorted(name for name, fn in NORMALISERS.items() if fn not in used)
    assert not unused, f"normalisers no rule names (dead code): {unused}"


def test_lexicon_keys_are_normalised() -> None:
    # apostrophes and case are folded, so a matched "Valentine’s Day" finds its table entry
    assert "valentine's day" in load("en")["holidays"]
    assert tag("They met on Valentine’s Day.", date(2025, 6, 26))[0].value == "2025-02-14"


def test_reject_rule_is_data() -> None:
    # resources/de/rules.toml: a capitalised "Morgen" inside a sentence is the morning
    assert [t.text for t in tag("Am Morgen kam er. Morgen reist er ab.", date(2025, 6, 26), "de")] == [
        "Morgen"
    ]
