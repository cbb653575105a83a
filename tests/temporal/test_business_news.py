"""Earnings-report idioms: quarters anchored on the reported period, fiscal years, year-earlier comparisons."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag

from .helpers import find

DCT = date(2025, 10, 28)  # results season for the third quarter


@pytest.mark.parametrize(
    ("text", "span", "typ", "value"),
    [
        ("Acme posted a third-quarter loss of $7 million.", "third-quarter", "DATE", "2025-Q3"),
        ("Profit fell in the quarter, the company said.", "the quarter", "DATE", "2025-Q3"),
        ("Sales in the latest quarter rose 4%.", "the latest quarter", "DATE", "2025-Q3"),
        ("Revenue in the latest period was flat.", "the latest period", "DATE", "2025-Q3"),
        ("Orders slowed in the current quarter.", "the current quarter", "DATE", "2025-Q4"),
        ("Net income for the year ended June 30 rose.", "the year", "DURATION", "P1Y"),
        ("It forecast higher earnings for the full year.", "the full year", "DATE", "2025"),
        ("The deal should close by year-end.", "year-end", "DATE", "2025-12-31"),
        ("The index is up 12% since year-end.", "year-end", "DATE", "2024-12-31"),
        ("Acme expects to earn $3 million in its fourth quarter.", "fourth quarter", "DATE", "2025-Q4"),
    ],
)
def test_business_idiom(text: str, span: str, typ: str, value: str) -> None:
    t = find(text, span, dct=DCT)
    assert (t.type, t.value) == (typ, value)


def test_year_earlier_follows_the_reported_quarter() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year earlier."
    got = [(t.text, t.value) for t in tag(text, DCT)]
    assert got == [("Third-quarter", "2025-Q3"), ("a year earlier", "2024-Q3")]


def test_year_ago_quarter() -> None:
    text = "Sales in the third quarter beat the year-ago quarter."
    got = [(t.text, t.value) for t in tag(text, DCT)]
    assert got == [("the third quarter", "2025-Q3"), ("the year-ago quarter", "2024-Q3")]


def test_year_earlier_without_quarter_is_last_year() -> None:
    assert find("Wages were 3% higher than a year earlier.", "a year earlier", dct=DCT).value == "2024"


def test_month_followed_by_last_year() -> None:
    # one expression, as TimeML marks it ("June last year" = 2024-06, not two timexes)
    got = [(t.text, t.value) for t in tag("In June last year the plant closed.", DCT)]
    assert got == [("June last year", "2024-06")]
    got = [(t.text, t.value) for t in tag("Sales should peak in March of next year.", DCT)]
    assert got == [("March of next year", "2026-03")]
