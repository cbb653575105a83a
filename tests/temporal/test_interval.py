"""Interval(first, last, granularity) for every granularity and for START/MID/END narrowing."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import Interval, Timex, value_interval

from .helpers import find

D = date


@pytest.mark.parametrize(
    ("value", "mod", "expected"),
    [
        ("2025-06-24", None, Interval(D(2025, 6, 24), D(2025, 6, 24), "day")),
        ("2025-06-26T15:00", None, Interval(D(2025, 6, 26), D(2025, 6, 26), "day")),
        ("2025-06-26TMO", None, Interval(D(2025, 6, 26), D(2025, 6, 26), "day")),
        ("2025-W25", None, Interval(D(2025, 6, 16), D(2025, 6, 22), "week")),
        ("2025-W01", None, Interval(D(2024, 12, 30), D(2025, 1, 5), "week")),
        ("2025-06", None, Interval(D(2025, 6, 1), D(2025, 6, 30), "month")),
        ("2024-02", None, Interval(D(2024, 2, 1), D(2024, 2, 29), "month")),
        ("2025-Q2", None, Interval(D(2025, 4, 1), D(2025, 6, 30), "quarter")),
        ("2025-H2", None, Interval(D(2025, 7, 1), D(2025, 12, 31), "half")),
        ("2025-SU", None, Interval(D(2025, 6, 1), D(2025, 8, 31), "season")),
        ("2025-SP", None, Interval(D(2025, 3, 1), D(2025, 5, 31), "season")),
        ("2025-FA", None, Interval(D(2025, 9, 1), D(2025, 11, 30), "season")),
        ("2024-WI", None, Interval(D(2024, 12, 1), D(2025, 2, 28), "season")),
        ("2025", None, Interval(D(2025, 1, 1), D(2025, 12, 31), "year")),
        ("199", None, Interval(D(1990, 1, 1), D(1999, 12, 31), "decade")),
        ("20", None, Interval(D(2000, 1, 1), D(2099, 12, 31), "century")),
        ("19", None, Interval(D(1900, 1, 1), D(1999, 12, 31), "century")),
        ("2023", "END", Interval(D(2023, 9, 1), D(2023, 12, 31), "year")),
        ("2023", "START", Interval(D(2023, 1, 1), D(2023, 4, 30), "year")),
        ("2023", "MID", Interval(D(2023, 5, 1), D(2023, 8, 31), "year")),
        ("2025-06", "MID", Interval(D(2025, 6, 11), D(2025, 6, 20), "month")),
        ("2025-06", "END", Interval(D(2025, 6, 21), D(2025, 6, 30), "month")),
        ("199", "START", Interval(D(1990, 1, 1), D(1993, 12, 31), "decade")),
        ("199", "END", Interval(D(1997, 1, 1), D(1999, 12, 31), "decade")),
        ("2025-Q2", "END", Interval(D(2025, 6, 1), D(2025, 6, 30), "quarter")),
        ("2025-W25", "START", Interval(D(2025, 6, 16), D(2025, 6, 17), "week")),
        ("2025", "APPROX", Interval(D(2025, 1, 1), D(2025, 12, 31), "year")),
        ("2025-06-24", "END", Interval(D(2025, 6, 24), D(2025, 6, 24), "day")),
    ],
)
def test_value_interval(value: str, mod: str | None, expected: Interval) -> None:
    assert value_interval(value, mod) == expected
    assert Timex(0, 1, "x", "DATE", value, mod).interval() == expected


@pytest.mark.parametrize(
    "value",
    ["PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-06-24", "XXXX-WXX-1", "XXXX", "2025-13", "2025-02-30"],
)
def test_no_interval(value: str) -> None:
    assert Timex(0, 1, "x", "DATE", value).interval() is None


def test_duration_and_set_have_no_interval() -> None:
    assert Timex(0, 1, "x", "DURATION", "P3Y").interval() is None
    assert Timex(0, 1, "x", "SET", "XXXX-WXX-1").interval() is None


def test_interval_from_tagged_text() -> None:
    t = find("Growth slowed in late 2023, officials said.", "late 2023")
    assert (t.value, t.mod) == ("2023", "END")
    assert t.interval() == Interval(D(2023, 9, 1), D(2023, 12, 31), "year")


def test_weekend_interval() -> None:
    assert value_interval("2025-W26-WE") == Interval(D(2025, 6, 28), D(2025, 6, 29), "week")


def test_decade_without_apostrophe() -> None:
    assert find("Rents soared in the 90s.", "the 90s").value == "199"
