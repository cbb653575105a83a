"""No wall clock without a DCT, and relative days resolved in the DCT's own local calendar."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

from transforms.temporal import Interval, Timex, tag

from .helpers import find

KYIV = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The minister resigned yesterday.", "yesterday", "XXXX-XX-XX"),
        ("Talks continue today.", "today", "XXXX-XX-XX"),
        ("The ministry said Friday that exports fell.", "Friday", "XXXX-WXX-5"),
        ("The report came out on June 24.", "June 24", "XXXX-06-24"),
        ("Prices rose last week.", "last week", "XXXX-WXX"),
        ("The economy grew this year.", "this year", "XXXX"),
        ("The war began three years ago.", "three years ago", "PAST_REF"),
        ("Exports fell in the first quarter.", "the first quarter", "XXXX-Q1"),
        ("Inflation slowed in April, the agency said.", "April", "XXXX-04"),
        ("Fans gather next month.", "next month", "XXXX-XX"),
    ],
)
def test_relative_without_dct_has_unknown_parts(text: str, span: str, value: str) -> None:
    t = find(text, span, dct=None)
    assert t.value == value
    assert t.interval() is None


def test_explicit_dates_need_no_dct() -> None:
    t = find("The treaty was signed on June 24, 2025.", "June 24, 2025", dct=None)
    assert t.value == "2025-06-24"
    assert t.interval() == Interval(date(2025, 6, 24), date(2025, 6, 24), "day")


def test_no_dct_values_never_contain_a_real_year_for_relative_words() -> None:
    text = "Yesterday and today, last week and next year, three days ago and on Tuesday."
    for t in tag(text, None):
        assert "X" in t.value or t.value.endswith("_REF"), t


def test_yesterday_in_kyiv_is_the_local_day_before() -> None:
    dct = datetime(2025, 6, 26, 1, 30, tzinfo=KYIV)  # 2025-06-25 22:30 UTC
    t = find("The governor said yesterday that the strike hit a school.", "yesterday", dct=dct)
    assert t.value == "2025-06-25"
    assert find("Officials said today that repairs began.", "today", dct=dct).value == "2025-06-26"


def test_aware_dct_west_of_utc_keeps_its_local_day() -> None:
    dct = datetime(2025, 6, 26, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 2025-06-27 04:30 UTC
    assert find("Talks resumed yesterday.", "yesterday", dct=dct).value == "2025-06-25"


def test_naive_datetime_dct_uses_its_date() -> None:
    assert find("Talks resumed yesterday.", "yesterday", dct=datetime(2025, 1, 1, 0, 5)).value == "2024-12-31"


def test_timex_is_frozen_and_picklable() -> None:
    t = find("Talks resumed on 24 June 2025.", "24 June 2025")
    assert pickle.loads(pickle.dumps(t)) == t
    assert isinstance(t, Timex)
    with pytest.raises(AttributeError):
        t.value = "2024"  # type: ignore[misc]
