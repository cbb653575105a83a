"""Seed paragraphs from the issue: a DATE for "this year" and only a DURATION for "for over three years"."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag

DCT = date(2025, 6, 26)


def test_this_year_in_a_forecast() -> None:
    text = "The ministry expects North Korea to double the pace of development this year."
    found = tag(text, DCT)
    assert [(t.text, t.type, t.value) for t in found] == [("this year", "DATE", "2025")]


def test_for_over_three_years_is_only_a_duration() -> None:
    text = "Ukrainians who had been in Russia for over three years have returned home."
    found = tag(text, DCT)
    assert [t.type for t in found] == ["DURATION"]
    assert (found[0].text, found[0].value, found[0].mod) == ("over three years", "P3Y", "MORE_THAN")


def test_a_short_report() -> None:
    text = (
        "KYIV, June 26 - Repair crews restored power on Tuesday after strikes that began in early March. "
        "About 2,000 workers rallied outside parliament, demanding raises promised three years ago. "
        "The regulator meets every Monday and will review import limits next week."
    )
    got = [(t.text, t.type, t.value, t.mod) for t in tag(text, DCT)]
    assert got == [
        ("June 26", "DATE", "2025-06-26", None),
        ("Tuesday", "DATE", "2025-06-24", None),
        ("early March", "DATE", "2025-03", "START"),
        ("three years ago", "DATE", "2022", None),
        ("every Monday", "SET", "XXXX-WXX-1", None),
        ("next week", "DATE", "2025-W27", None),
    ]
