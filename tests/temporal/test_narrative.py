"""Year-less dates in a narrative take the year the text is talking about; holiday and anaphora helpers."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag
from transforms.temporal.holidays import holiday, orthodox_easter

DCT = date(2025, 6, 26)


def values(text: str, lang: str, dct: date = DCT) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in tag(text, dct, lang)]


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2010, date(2010, 4, 4)),
        (2023, date(2023, 4, 16)),
        (2024, date(2024, 5, 5)),
        (2026, date(2026, 4, 12)),
    ],
)
def test_orthodox_easter(year: int, day: date) -> None:
    assert orthodox_easter(year) == day
    assert holiday("orthodox_easter+49", year) == date.fromordinal(day.toordinal() + 49)


def test_a_year_less_date_takes_the_narratives_year() -> None:
    got = values("Війна почалася 1 вересня 1939 року. 17 вересня Червона армія перейшла кордон.", "uk")
    assert got == [("1 вересня 1939 року", "1939-09-01"), ("17 вересня", "1939-09-17")]
    got = values("Восстание началось в 1905 году. В октябре забастовали железные дороги.", "ru")
    assert got == [("1905 году", "1905"), ("октябре", "1905-10")]


def test_a_future_clause_or_a_recent_year_keeps_the_dct() -> None:
    got = values("Завод збудували у 1998 році. Новий цех відкриють у вересні.", "uk")
    assert got[-1] == ("вересні", "2025-09")
    got = values("Соглашение подписали в 2024 году. Мост достроили в августе.", "ru")
    assert got[-1] == ("августе", "2024-08")  # the past side of the DCT, not the text's 2024 rule


def test_a_weekday_given_with_the_date_picks_the_year_it_fits() -> None:
    got = values(
        "В 2008 году он ушёл. Во вторник, 2 февраля, стало известно о проверках.", "ru", date(2010, 2, 4)
    )
    assert got[-1] == ("вторник, 2 февраля", "2010-02-02")


def test_an_anaphoric_phrase_needs_a_reference() -> None:
    assert values("Того ж дня біржі пішли вгору.", "uk") == []
    got = values("Угоду підписали 3 березня 2024 року, того ж дня біржі пішли вгору.", "uk")
    assert got == [("3 березня 2024 року", "2024-03-03"), ("того ж дня", "2024-03-03")]
    assert values("В то время как министр говорил, цены росли.", "ru") == []
