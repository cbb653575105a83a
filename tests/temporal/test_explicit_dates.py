"""Explicit calendar dates, month-years and guarded years."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag

from .helpers import DCT, find

CASES = [
    ("Talks resumed on 2025-06-24 in Geneva.", "2025-06-24", "DATE", "2025-06-24"),
    ("The filing is dated 2024-02-29.", "2024-02-29", "DATE", "2024-02-29"),
    ("Logged at 2025-06-24T15:30:00Z by the server.", "2025-06-24T15:30:00Z", "TIME", "2025-06-24T15:30"),
    ("The treaty was signed on June 24, 2025, in Vienna.", "June 24, 2025", "DATE", "2025-06-24"),
    ("It happened on June 24 2025 at dawn.", "June 24 2025", "DATE", "2025-06-24"),
    ("The vote is set for Jan. 5, 2026.", "Jan. 5, 2026", "DATE", "2026-01-05"),
    ("Sept. 11, 2001 changed everything.", "Sept. 11, 2001", "DATE", "2001-09-11"),
    ("Officials met on 24 June 2025.", "24 June 2025", "DATE", "2025-06-24"),
    ("He was born on 3rd March 1990.", "3rd March 1990", "DATE", "1990-03-03"),
    ("The deal closed on the 1st of July 2024.", "1st of July 2024", "DATE", "2024-07-01"),
    ("A ruling dated 24.06.2025 was published.", "24.06.2025", "DATE", "2025-06-24"),
    ("The form says 06/24/2025 at the top.", "06/24/2025", "DATE", "2025-06-24"),
    ("The memo, dated 24/06/2025, leaked.", "24/06/2025", "DATE", "2025-06-24"),
    ("Records from 2025/06/24 were lost.", "2025/06/24", "DATE", "2025-06-24"),
    ("Prices rose in June 2025 and fell later.", "June 2025", "DATE", "2025-06"),
    ("By March 2024 the plant had closed.", "March 2024", "DATE", "2024-03"),
    ("The index peaked in Dec. 1999.", "Dec. 1999", "DATE", "1999-12"),
    ("Elections were held in 2019.", "2019", "DATE", "2019"),
    ("Since 1998 the firm has grown.", "1998", "DATE", "1998"),
    ("The company's fiscal 1997 results disappointed.", "fiscal 1997", "DATE", "1997"),
    ("Tuesday, June 24, 2025, was hot.", "Tuesday, June 24, 2025", "DATE", "2025-06-24"),
    ("The report came out on June 24.", "June 24", "DATE", "2025-06-24"),
    ("The summit will open on July 3.", "July 3", "DATE", "2025-07-03"),
    ("Inflation slowed in April, the agency said.", "April", "DATE", "2025-04"),
    ("The bank will decide in September.", "September", "DATE", "2025-09"),
    ("The 2025 election was close.", "2025", "DATE", "2025"),
    ("The ISO week 2025-W26 starts Monday.", "2025-W26", "DATE", "2025-W26"),
    ("Sales in Q2 2025 jumped.", "Q2 2025", "DATE", "2025-Q2"),
    ("Revenue for 2024-Q4 fell.", "2024-Q4", "DATE", "2024-Q4"),
]


@pytest.mark.parametrize(("text", "span", "typ", "value"), CASES)
def test_explicit(text: str, span: str, typ: str, value: str) -> None:
    t = find(text, span)
    assert (t.type, t.value) == (typ, value)


NOT_DATES = [
    "The army sent 2,000 troops to the border.",
    "A Boeing 737 landed safely.",
    "Two Su-34 jets flew over the town.",
    "The old PC still runs Windows 2000.",
    "NATO's Article 5 was invoked.",
    "The ticket cost $2025 in total.",
    "More than 2025 people signed the letter.",
    "See page 1999 of the report.",
    "She lives in room 2010 of the hotel.",
    "The index rose 2015 points.",
    "That may be the end of it.",
    "May I ask a question?",
    "Protesters march on the capital every week.",
    "A march on the capital was planned.",
    "Flight 2001 was delayed.",
    "The A380 and the F-16 are aircraft.",
    "The score was 2019.5 on the scale.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_no_date(text: str) -> None:
    assert [t for t in tag(text, DCT) if t.type == "DATE"] == []


def test_year_with_month_is_not_split() -> None:
    found = tag("In June 2025, exports fell.", DCT)
    assert [(t.text, t.value) for t in found] == [("June 2025", "2025-06")]


def test_offsets_match_text() -> None:
    text = "From 24 June 2025 to 2025-07-01, see 24.06.2025."
    found = tag(text, date(2025, 1, 1))
    assert [t.text for t in found] == ["24 June 2025", "2025-07-01", "24.06.2025"]
    for t in found:
        assert text[t.start : t.end] == t.text
