"""Expression cases: (text, span, type, value[, mod]) with the DCT Thursday 2025-06-26."""

from __future__ import annotations

import pytest

from transforms.temporal import tag

from .helpers import DCT, find

# (text, expected span, type, value, mod)
CASES = [
    # relative days and parts of the day
    ("The minister resigned yesterday.", "yesterday", "DATE", "2025-06-25", None),
    ("Talks continue today in Geneva.", "today", "DATE", "2025-06-26", None),
    ("The verdict is due tomorrow.", "tomorrow", "DATE", "2025-06-27", None),
    ("The vote happened the day before yesterday.", "the day before yesterday", "DATE", "2025-06-24", None),
    ("Results come the day after tomorrow.", "the day after tomorrow", "DATE", "2025-06-28", None),
    ("The president will speak tonight.", "tonight", "TIME", "2025-06-26TNI", None),
    ("Shelling resumed last night.", "last night", "TIME", "2025-06-25TNI", None),
    ("He said this morning that talks failed.", "this morning", "TIME", "2025-06-26TMO", None),
    ("The market fell yesterday afternoon.", "yesterday afternoon", "TIME", "2025-06-25TAF", None),
    ("The ministers met Tuesday morning.", "Tuesday morning", "TIME", "2025-06-24TMO", None),
    ("Police arrived on Friday night.", "Friday night", "TIME", "2025-06-20TNI", None),
    # weekdays and tense
    ("The ministry said Friday that exports fell.", "Friday", "DATE", "2025-06-20", None),
    ("Delegates met on Tuesday in Brussels.", "Tuesday", "DATE", "2025-06-24", None),
    ("The committee will meet on Friday.", "Friday", "DATE", "2025-06-27", None),
    ("The summit is scheduled for Monday.", "Monday", "DATE", "2025-06-30", None),
    ("The board plans to vote on Saturday.", "Saturday", "DATE", "2025-06-28", None),
    ("Rescuers found him on Sunday.", "Sunday", "DATE", "2025-06-22", None),
    ("The talks ended last Monday.", "last Monday", "DATE", "2025-06-23", None),
    ("They will return next Tuesday.", "next Tuesday", "DATE", "2025-07-01", None),
    ("The ruling came on Thursday.", "Thursday", "DATE", "2025-06-26", None),
    ("Workers struck on Wednesday, the union said.", "Wednesday", "DATE", "2025-06-25", None),
    # weeks, months, years relative to the DCT
    ("Prices rose last week.", "last week", "DATE", "2025-W25", None),
    ("Inspectors arrive next week.", "next week", "DATE", "2025-W27", None),
    ("Parliament debates the bill this week.", "this week", "DATE", "2025-W26", None),
    ("Exports fell last month.", "last month", "DATE", "2025-05", None),
    ("The law takes effect next month.", "next month", "DATE", "2025-07", None),
    ("The expects North Korea to grow this year.", "this year", "DATE", "2025", None),
    ("The economy shrank last year.", "last year", "DATE", "2024", None),
    ("Elections are planned next year.", "next year", "DATE", "2026", None),
    ("The firm hired 300 staff earlier this month.", "earlier this month", "DATE", "2025-06", None),
    ("Strikes spread later this year, analysts said.", "later this year", "DATE", "2025", None),
    ("Growth should pick up early next year.", "early next year", "DATE", "2026", "START"),
    ("The plant closed late last year.", "late last year", "DATE", "2024", "END"),
    ("Protests were held over the weekend.", "the weekend", "DATE", "2025-W25-WE", None),
    ("Fans gather this weekend.", "this weekend", "DATE", "2025-W26-WE", None),
    ("Output hit a record this decade.", "this decade", "DATE", "202", None),
    ("It was the worst drought this century.", "this century", "DATE", "20", None),
    # ago / from now
    ("The war began three years ago.", "three years ago", "DATE", "2022", None),
    ("He left two weeks ago.", "two weeks ago", "DATE", "2025-W24", None),
    ("The deal was signed five days ago.", "five days ago", "DATE", "2025-06-21", None),
    ("The mine closed six months ago.", "six months ago", "DATE", "2024-12", None),
    ("The company was founded a decade ago.", "a decade ago", "DATE", "2015", None),
    ("The crisis began a year ago.", "a year ago", "DATE", "2024", None),
    ("The dam will open two years from now.", "two years from now", "DATE", "2027", None),
    ("He moved there 10 years ago.", "10 years ago", "DATE", "2015", None),
    ("She retired twenty-five years ago.", "twenty-five years ago", "DATE", "2000", None),
    # months, mid/late/early
    ("Prices peaked in mid-June.", "mid-June", "DATE", "2025-06", "MID"),
    ("The report is expected in late July.", "late July", "DATE", "2025-07", "END"),
    ("Fighting intensified in early March.", "early March", "DATE", "2025-03", "START"),
    ("Growth slowed in late 2023.", "late 2023", "DATE", "2023", "END"),
    ("The merger closed in early 2024.", "early 2024", "DATE", "2024", "START"),
    ("Sales recovered by the end of 2022.", "the end of 2022", "DATE", "2022", "END"),
    ("Construction began in mid-2021.", "mid-2021", "DATE", "2021", "MID"),
    ("The strike started last March.", "last March", "DATE", "2025-03", None),
    ("The embassy reopened in January.", "January", "DATE", "2025-01", None),
    ("The tariff takes effect in August.", "August", "DATE", "2025-08", None),
    ("Warehouse fires were reported in May, officials said.", "May", "DATE", "2025-05", None),
    ("Harvests fell in March, farmers said.", "March", "DATE", "2025-03", None),
    # decades, centuries
    ("Inflation was high in the 1970s.", "the 1970s", "DATE", "197", None),
    ("Grunge ruled the '90s.", "the '90s", "DATE", "199", None),
    ("Growth boomed in the early 2000s.", "the early 2000s", "DATE", "200", "START"),
    ("The bridge dates from the 19th century.", "the 19th century", "DATE", "18", None),
    ("A 21st-century economy needs power.", "21st-century", "DATE", "20", None),
    ("Such storms were rare in the twentieth century.", "the twentieth century", "DATE", "19", None),
    # seasons, quarters, halves, weeks
    ("The offensive began last summer.", "last summer", "DATE", "2024-SU", None),
    ("Talks resume this autumn.", "this autumn", "DATE", "2025-FA", None),
    ("Sales dropped in the winter of 2023.", "winter of 2023", "DATE", "2023-WI", None),
    ("Revenue grew in spring 2024.", "spring 2024", "DATE", "2024-SP", None),
    ("Profit rose in Q2 2025.", "Q2 2025", "DATE", "2025-Q2", None),
    ("Output fell in the first quarter.", "the first quarter", "DATE", "2025-Q1", None),
    ("Output fell in the third quarter of 2024.", "the third quarter of 2024", "DATE", "2024-Q3", None),
    ("Third-quarter results are due soon.", "Third-quarter", "DATE", "2024-Q3", None),
    ("The current quarter looks weak.", "The current quarter", "DATE", "2025-Q2", None),
    ("Orders fell in the first half of 2024.", "the first half of 2024", "DATE", "2024-H1", None),
    (
        "Growth should return in the second half of the year.",
        "the second half of the year",
        "DATE",
        "2025-H2",
        None,
    ),
    ("Deliveries start in week 2025-W30.", "2025-W30", "DATE", "2025-W30", None),
    # clock times
    ("The blast happened at 3 p.m. GMT.", "3 p.m. GMT", "TIME", "2025-06-26T15:00Z", None),
    ("Polls close at 8pm.", "8pm", "TIME", "2025-06-26T20:00", None),
    ("The curfew runs until 18:00.", "18:00", "TIME", "2025-06-26T18:00", None),
    ("Shops open from 09:00 to 18:00.", "09:00", "TIME", "2025-06-26T09:00", None),
    ("Shops open from 09:00 to 18:00.", "18:00", "TIME", "2025-06-26T18:00", None),
    ("The session opened at 10:30 a.m.", "10:30 a.m.", "TIME", "2025-06-26T10:30", None),
    ("Trading halted at 14:45 CET.", "14:45 CET", "TIME", "2025-06-26T14:45", None),
    ("The deadline will expire at noon Friday.", "noon Friday", "TIME", "2025-06-27T12:00", None),
    ("On June 24 at 9 a.m. the vote began.", "9 a.m.", "TIME", "2025-06-24T09:00", None),
    ("Curfew starts at midnight.", "midnight", "TIME", "2025-06-26T24:00", None),
    # a clock time takes the day of an explicit date next to it, not the DCT's
    ("The vote opens at 3 p.m. on 24 June 2025.", "3 p.m. on 24 June 2025", "TIME", "2025-06-24T15:00", None),
    ("Polls closed at 8pm on June 22.", "8pm on June 22", "TIME", "2025-06-22T20:00", None),
    ("Talks resume at 9 a.m. Monday, June 30.", "9 a.m. Monday, June 30", "TIME", "2025-06-30T09:00", None),
    ("The envoys will meet on Tuesday at 10:00.", "10:00", "TIME", "2025-07-01T10:00", None),
    ("June 24 at 9 a.m. the hearing opened.", "9 a.m.", "TIME", "2025-06-24T09:00", None),
    ("The court sits again by 14:30 on 2 July.", "14:30 on 2 July", "TIME", "2025-07-02T14:30", None),
    # anaphora: "the following day" counts from the last explicit date nearby, else behaves as before
    (
        "The dam burst on 3 March 2024. The following day, villages flooded.",
        "The following day",
        "DATE",
        "2024-03-04",
        None,
    ),
    (
        "Troops crossed on May 9, 2025, and the next day the city fell.",
        "the next day",
        "DATE",
        "2025-05-10",
        None,
    ),
    ("The strike began on 2 June. That day, no trains ran.", "That day", "DATE", "2025-06-02", None),
    ("The law passed on 12 May. Two days later it was signed.", "Two days later", "DATE", "2025-05-14", None),
    (
        "The law passed on 12 May; a day later it was signed. A day later still, it took effect.",
        "A day later",
        "DATE",
        "2025-05-14",
        None,
    ),
    (
        "The fire began on 3 March 2024. The following week, crews left.",
        "The following week",
        "DATE",
        "2024-W10",
        None,
    ),
    ("The following week, talks resume.", "The following week", "DURATION", "P1W", None),
    ("Two days later the body was found.", "Two days", "DURATION", "P2D", None),  # "later": a TimeML signal
    # a comparative ("later than planned") is an offset from a plan, not a day after the last date
    ("The ship docked on 3 June. It left a day later than planned.", "a day", "DURATION", "P1D", None),
    (
        "Talks began on 3 March; they ended two weeks earlier than hoped.",
        "two weeks earlier",
        "DURATION",
        "P2W",
        None,
    ),
    # vague references
    ("Prices are now falling.", "now", "DATE", "PRESENT_REF", None),
    ("The agency is currently reviewing the case.", "currently", "DATE", "PRESENT_REF", None),
    ("The ministry recently changed the rules.", "recently", "DATE", "PAST_REF", None),
    ("Such attacks were rare in the past.", "the past", "DATE", "PAST_REF", None),
    ("More storms are likely in the future.", "the future", "DATE", "FUTURE_REF", None),
    ("The rules will change soon.", "soon", "DATE", "FUTURE_REF", None),
    ("Costs rose in recent years.", "recent years", "DATE", "PAST_REF", None),
    ("Prices may rise in the coming months.", "the coming months", "DATE", "FUTURE_REF", None),
    # durations
    (
        "Ukrainians who had been in Russia for over three years returned.",
        "over three years",
        "DURATION",
        "P3Y",
        "MORE_THAN",
    ),
    ("A response is expected within two weeks.", "two weeks", "DURATION", "P2W", None),
    ("Rescuers worked for 48 hours.", "48 hours", "DURATION", "PT48H", None),
    ("The siege lasted five months.", "five months", "DURATION", "P5M", None),
    ("Prices rose over the past three years.", "the past three years", "DURATION", "P3Y", None),
    ("The talks lasted nearly two days.", "nearly two days", "DURATION", "P2D", "LESS_THAN"),
    ("He served at least 10 years in prison.", "at least 10 years", "DURATION", "P10Y", "EQUAL_OR_MORE"),
    ("The plan covers the next 18 months.", "the next 18 months", "DURATION", "P18M", None),
    ("Stocks hit a five-year low.", "five-year", "DURATION", "P5Y", None),
    ("The ceasefire held for about 30 minutes.", "30 minutes", "DURATION", "PT30M", "APPROX"),
    ("The crisis has dragged on for decades.", "decades", "DURATION", "PXDE", None),
    ("The feud has gone on for centuries.", "centuries", "DURATION", "PXCE", None),
    ("The drought has lasted two decades.", "two decades", "DURATION", "P20Y", None),
    ("The shutdown lasted a year and a half.", "a year and a half", "DURATION", "P1.5Y", None),
    ("Investors waited several months.", "several months", "DURATION", "PXM", None),
    # sets
    ("The council meets every Monday.", "every Monday", "SET", "XXXX-WXX-1", None),
    ("The index is published every week.", "every week", "SET", "P1W", None),
    ("Ferries sail twice a day.", "twice a day", "SET", "P1D", None),
    ("The data is updated daily.", "daily", "SET", "P1D", None),
    ("Inspections happen annually.", "annually", "SET", "P1Y", None),
    ("The market opens on Saturdays.", "Saturdays", "SET", "XXXX-WXX-6", None),
    ("Pilgrims arrive each July.", "each July", "SET", "XXXX-07", None),
    ("Elections are held every four years.", "every four years", "SET", "P4Y", None),
    # spelled years, fiscal years, other explicit forms
    ("The crash of nineteen ninety-six shocked investors.", "nineteen ninety-six", "DATE", "1996", None),
    ("Revenue for fiscal 2024 rose.", "fiscal 2024", "DATE", "2024", None),
    ("The statement was released on June 24.", "June 24", "DATE", "2025-06-24", None),
    ("The accord was signed on Aug. 7.", "Aug. 7", "DATE", "2024-08-07", None),
    ("The hearing is on July 10.", "July 10", "DATE", "2025-07-10", None),
]


@pytest.mark.parametrize(("text", "span", "typ", "value", "mod"), CASES)
def test_case(text: str, span: str, typ: str, value: str, mod: str | None) -> None:
    t = find(text, span)
    assert (t.type, t.value, t.mod) == (typ, value, mod)


NOT_DATE_CASES = [
    ("Ukrainians who had been in Russia for over three years have returned home.", "DURATION"),
    ("A decision is expected within two weeks.", "DURATION"),
    ("The council meets every Monday.", "SET"),
    ("Troops may be withdrawn.", None),
    ("Farmers march on the capital.", None),
    ("The 54-year-old teacher spoke.", None),
    ("He has 2 years of experience and 2025 followers.", "DURATION"),
    ("Sales fell by a quarter of the total.", None),
    ("Prices are expected to fall sharply.", None),
    ("Spring water and summer camps are popular.", None),
]


@pytest.mark.parametrize(("text", "only_type"), NOT_DATE_CASES)
def test_not_a_date(text: str, only_type: str | None) -> None:
    found = tag(text, DCT)
    assert all(t.type != "DATE" and t.type != "TIME" for t in found), found
    if only_type is None:
        assert found == []
    else:
        assert {t.type for t in found} == {only_type}


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Shoppers crowded malls before Christmas.", "Christmas", "2024-12-25"),
        ("Families gathered on Thanksgiving Day, officials said.", "Thanksgiving Day", "2024-11-28"),
        ("Churches were full on Easter Sunday.", "Easter Sunday", "2025-04-20"),
        ("Voters will go to the polls on Election Day.", "Election Day", "2025-11-04"),
        ("Fireworks are planned for Independence Day.", "Independence Day", "2025-07-04"),
    ],
)
def test_holidays(text: str, span: str, value: str) -> None:
    assert find(text, span).value == value


def test_bare_plural_duration_after_for() -> None:
    t = find("Protests went on for weeks.", "weeks")
    assert (t.type, t.value) == ("DURATION", "PXW")


def test_from_weekday_looks_forward() -> None:
    assert find("The new timetable applies from Monday.", "Monday").value == "2025-06-30"


def test_narrative_later_is_a_duration_not_a_dct_date() -> None:
    t = find("He was arrested, and three days later he was freed.", "three days")
    assert (t.type, t.value) == ("DURATION", "P3D")


def test_scores_and_ratios_are_not_clock_times() -> None:
    text = "The team won 2:1 after leading 1:0 at half time; the ratio moved from 3:2 to 4:3."
    assert [t.text for t in tag(text, DCT)] == []
