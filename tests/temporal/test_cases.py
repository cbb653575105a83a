"""Every case of every ``tests/temporal/cases/<lang>.tsv`` file, asserted exactly through ``tag``.

A case passes when the tagger returns exactly the marked (start, end, type, value) set. Cases listed in
``cases/known_failures/<lang>.txt`` are strict xfail, so fixing one fails the run until its line is
removed: the lists only shrink (``python -m benchmarks.timex_cases --update-known-failures``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from benchmarks.timex_cases import (
    LANGUAGES,
    Case,
    CaseFormatError,
    case_files,
    case_id,
    got_spans,
    known_failures,
    load_cases,
    parse_case,
    want_spans,
)


def _params() -> list:
    params = []
    for lang, path in case_files().items():
        known = known_failures(lang)
        for case in load_cases(path, lang):
            marks = (
                [pytest.mark.xfail(strict=True, reason="listed in known_failures")]
                if case.id in known
                else []
            )
            params.append(pytest.param(case, id=f"{lang}:{case.lineno}:{case.id}", marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_case(case: Case) -> None:
    got = got_spans(case, case.lang)
    want = want_spans(case)

    def show(spans: set) -> list:
        return [(case.text[s:e], t, v) for s, e, t, v in sorted(spans)]

    assert got == want, (
        f"{case.path.name}:{case.lineno}: missing {show(want - got)}, extra {show(got - want)}"
    )


# Every case file covers these classes: each names a "# ..." heading with at least one case under it.
CLASSES = (
    "absolute dates",
    "relative",
    "anaphoric",
    "weekdays",
    "holidays",
    "ranges",
    "durations",
    "sets",
    "clock times",
    "vague references",
    "year-less dates",
    "decades",
    "seasons",
    "headline",
    "composites",
    "look-alikes",
)


def _cases_per_heading(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    heading = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line
            counts.setdefault(heading, 0)
        elif line.strip():
            counts[heading] = counts.get(heading, 0) + 1
    return counts


def test_case_files_cover_every_language() -> None:
    files = case_files()
    assert set(files) <= set(LANGUAGES), f"unexpected case files: {sorted(set(files) - set(LANGUAGES))}"
    assert set(files) == set(LANGUAGES), f"no case file for {sorted(set(LANGUAGES) - set(files))}"
    for lang in LANGUAGES:
        assert len(load_cases(files[lang], lang)) >= 70, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_file_covers_every_class(lang: str) -> None:
    counts = _cases_per_heading(case_files()[lang])
    missing = [c for c in CLASSES if not any(c in h and n for h, n in counts.items())]
    assert not missing, f"{lang}.tsv has no cases under a heading naming {missing}"


@pytest.mark.parametrize("lang", sorted(case_files()))
def test_known_failures_name_existing_cases(lang: str) -> None:
    ids = {c.id for c in load_cases(case_files()[lang], lang)}
    stale = {k: v for k, v in known_failures(lang).items() if k not in ids}
    assert not stale, f"known_failures/{lang}.txt lists cases that no longer exist: {stale}"


def test_parse_case_offsets_and_dct() -> None:
    case = parse_case(
        "2025-06-26T09:00+03:00\tTalks ended [[yesterday|DATE|2025-06-25]] and resume [[next week|DATE|2025-W27]].",
        "en",
    )
    assert case.text == "Talks ended yesterday and resume next week."
    assert case.dct == datetime(2025, 6, 26, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    assert [(case.text[g.start : g.end], g.type, g.value) for g in case.gold] == [
        ("yesterday", "DATE", "2025-06-25"),
        ("next week", "DATE", "2025-W27"),
    ]
    plain = parse_case("2025-06-26\tThe Boeing 737 landed.", "en")
    assert plain.gold == [] and plain.dct == date(2025, 6, 26)
    assert plain.id == case_id("2025-06-26\tThe Boeing 737 landed.") and len(plain.id) == 12


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("2025-06-26 Talks ended.", "no tab"),
        ("2025-6-26\tTalks ended.", "bad DCT"),
        ("2025-02-30\tTalks ended.", "bad DCT"),
        ("2025-06-26\tTalks ended [[yesterday|DATE]].", "want [[surface|TYPE|VALUE]]"),
        ("2025-06-26\tTalks ended [[yesterday|DAY|2025-06-25]].", "type 'DAY'"),
        ("2025-06-26\tTalks ended [[yesterday|DATE|25 June]].", "not a TIMEX3 value"),
        ("2025-06-26\tTalks ended [[yesterday|DATE|2025-06-25].", "unbalanced"),
        ("2025-06-26\tTalks ended yesterday|DATE|2025-06-25]].", "unbalanced"),
        ("2025-06-26\tTalks [[ended [[yesterday|DATE|2025-06-25]].", "nested"),
        ("2025-06-26\tTalks ended [[ yesterday|DATE|2025-06-25]].", "padded"),
    ],
)
def test_bad_markup_names_file_and_line(tmp_path: Path, line: str, why: str) -> None:
    path = tmp_path / "en.tsv"
    path.write_text(
        f"# heading\n\n2025-06-26\tA fine case [[today|DATE|2025-06-26]].\n{line}\n", encoding="utf-8"
    )
    with pytest.raises(CaseFormatError) as err:
        load_cases(path)
    assert str(err.value).startswith(f"{path}:4: ") and why in str(err.value)


def test_duplicate_case_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "de.tsv"
    path.write_text("2025-06-26\tHeute [[heute|DATE|2025-06-26]].\n" * 2, encoding="utf-8")
    with pytest.raises(CaseFormatError, match=r"de\.tsv:2: duplicate of line 1"):
        load_cases(path)
