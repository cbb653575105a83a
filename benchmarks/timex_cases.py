"""Temporal case files: ``tests/temporal/cases/<lang>.tsv`` read into scored documents.

One invented sentence per line, ``<dct>\\t<text>``, each expected timex marked inline as
``[[surface|TYPE|VALUE]]``. The benchmark (``benchmarks.timex_eval --all``) scores every file as its own
set and the tests (``tests/temporal/test_cases.py``) assert each case exactly, so both read the files
here, without Beam or the tagger. Cases that fail today sit in ``cases/known_failures/<lang>.txt``;
``python -m benchmarks.timex_cases --update-known-failures`` rewrites those lists from the current tagger.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES_DIR = REPO / "tests" / "temporal" / "cases"
KNOWN_DIR = CASES_DIR / "known_failures"
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "uk", "ru")
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Doc:
    name: str
    text: str
    dct: date | None
    gold: list[Span]


@dataclass
class Case(Doc):
    """One case line: a ``Doc`` plus where it came from and its stable id."""

    lang: str = ""
    path: Path | None = None
    lineno: int = 0
    raw: str = ""
    marked: str = ""

    @property
    def id(self) -> str:
        return case_id(self.raw)


class CaseFormatError(ValueError):
    """A case line whose markup or DCT cannot be read; the message starts with ``file:line``."""


def case_id(raw_line: str) -> str:
    """First 12 hex digits of the SHA-1 of the raw line: stable while the line is unchanged."""
    return hashlib.sha1(raw_line.encode("utf-8")).hexdigest()[:12]


_DCT = re.compile(r"^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?:[+-]\d\d:\d\d|Z))?$")
_MARK = re.compile(r"\[\[(.*?)\]\]")
_D = r"[\dX]"
_ZONE = r"(?:Z|[+-]\d\d(?::?\d\d)?)?"
_VALUE = re.compile(
    "^(?:"
    rf"{_D}{{4}}(?:-(?:{_D}{{2}}(?:-{_D}{{2}}(?:T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT){_ZONE})?)?"
    rf"|W{_D}{{2}}(?:-(?:\d|WE))?|Q[1-4X]|H[12X]|SP|SU|FA|WI))?"
    rf"|{_D}{{4}}-W{_D}{{2}}-\d(?:T(?:\d\d(?::\d\d)?|MO|AF|EV|NI){_ZONE})?"
    rf"|XXXX-XX-XXT(?:\d\d(?::\d\d)?|MO|AF|EV|NI){_ZONE}"
    rf"|T(?:\d\d(?::\d\d)?|MO|AF|EV|NI){_ZONE}"
    r"|\d{3}|\d{2}"
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|Q|H|L|WE))+"
    r"|PT(?:(?:\d+(?:\.\d+)?|X)(?:H|M|S))+"
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D))+T(?:(?:\d+(?:\.\d+)?|X)(?:H|M|S))+"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    ")$"
)


def _fail(path: Path | str, lineno: int, why: str) -> CaseFormatError:
    return CaseFormatError(f"{path}:{lineno}: {why}")


def parse_case(raw: str, lang: str = "", path: Path | str = "<case>", lineno: int = 0) -> Case:
    """Split one ``<dct>\\t<text>`` line into plain text and gold spans; bad markup raises with file:line."""
    if "\t" not in raw:
        raise _fail(path, lineno, "expected '<dct>\\t<text>' (no tab found)")
    head, marked = raw.split("\t", 1)
    head = head.strip()
    if not _DCT.match(head):
        raise _fail(path, lineno, f"bad DCT {head!r}: want YYYY-MM-DD or YYYY-MM-DDTHH:MM±HH:MM")
    try:
        dct: date = (
            datetime.fromisoformat(head.replace("Z", "+00:00")) if "T" in head else date.fromisoformat(head)
        )
    except ValueError as exc:
        raise _fail(path, lineno, f"bad DCT {head!r}: {exc}") from exc
    if not marked.strip():
        raise _fail(path, lineno, "empty text")
    if "\t" in marked:
        raise _fail(path, lineno, "a second tab in the text")
    out: list[str] = []
    gold: list[Span] = []
    pos = n = 0
    for m in _MARK.finditer(marked):
        plain = marked[pos : m.start()]
        if "[[" in plain or "]]" in plain:
            raise _fail(path, lineno, f"unbalanced '[[' or ']]' before column {m.start() + 1}")
        out.append(plain)
        n += len(plain)
        fields = m.group(1).split("|")
        if len(fields) != 3:
            raise _fail(path, lineno, f"{m.group(0)!r}: want [[surface|TYPE|VALUE]]")
        surface, typ, value = fields
        if not surface or surface != surface.strip() or "[[" in surface:
            raise _fail(path, lineno, f"{m.group(0)!r}: empty, padded or nested surface")
        if typ not in TYPES:
            raise _fail(path, lineno, f"{m.group(0)!r}: type {typ!r} is not one of {', '.join(TYPES)}")
        if not _VALUE.match(value):
            raise _fail(path, lineno, f"{m.group(0)!r}: {value!r} is not a TIMEX3 value")
        gold.append(Span(n, n + len(surface), typ, value))
        out.append(surface)
        n += len(surface)
        pos = m.end()
    tail = marked[pos:]
    if "[[" in tail or "]]" in tail:
        raise _fail(path, lineno, "unbalanced '[[' or ']]' after the last timex")
    out.append(tail)
    text = "".join(out)
    name = f"{lang or Path(str(path)).stem}:{lineno}"
    return Case(name, text, dct, gold, lang, Path(str(path)), lineno, raw, marked)


def load_cases(path: Path, lang: str | None = None) -> list[Case]:
    """Every case of one file, in order; comments (``#``) and blank lines skipped."""
    lang = lang or path.stem
    cases: list[Case] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            raw = line.rstrip("\n").rstrip("\r")
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            case = parse_case(raw, lang, path, lineno)
            if case.id in seen:
                raise _fail(path, lineno, f"duplicate of line {seen[case.id]}")
            seen[case.id] = lineno
            cases.append(case)
    return cases


def case_files(cases_dir: Path = CASES_DIR) -> dict[str, Path]:
    """``{lang: path}`` for every ``<lang>.tsv`` present (other helpers add languages as they go)."""
    return {p.stem: p for p in sorted(cases_dir.glob("*.tsv"))}


def known_failures(lang: str, known_dir: Path = KNOWN_DIR) -> dict[str, str]:
    """``{case id: text}`` listed as failing today for ``lang`` (empty when no list exists)."""
    path = known_dir / f"{lang}.txt"
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cid, _, text = line.partition("\t")
        if not re.fullmatch(r"[0-9a-f]{12}", cid):
            raise CaseFormatError(f"{path}:{lineno}: want '<12 hex id>\\t<case text>'")
        out[cid] = text
    return out


def got_spans(case: Doc, lang: str) -> set[tuple[int, int, str, str]]:
    """What the current tagger returns for a case, in the compared form (start, end, type, value)."""
    from transforms.temporal import tag

    return {(t.start, t.end, t.type, t.value or "") for t in tag(case.text, case.dct, lang)}


def want_spans(case: Doc) -> set[tuple[int, int, str, str]]:
    return {(g.start, g.end, g.type, g.value) for g in case.gold}


def write_known_failures(
    langs: Iterable[str] | None = None, known_dir: Path = KNOWN_DIR
) -> dict[str, tuple[int, int]]:
    """Rewrite each language's list from the current tagger; returns ``{lang: (failing, total)}``."""
    files = case_files()
    known_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, tuple[int, int]] = {}
    for lang in langs or files:
        cases = load_cases(files[lang], lang)
        failing = [c for c in cases if got_spans(c, lang) != want_spans(c)]
        target = known_dir / f"{lang}.txt"
        if failing:
            lines = [
                f"# {lang}: cases the tagger does not pass yet (strict xfail: a fix forces removing its line).",
                "# Regenerate: python -m benchmarks.timex_cases --update-known-failures",
            ]
            lines += [f"{c.id}\t{c.marked}" for c in failing]
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif target.exists():
            target.unlink()
        summary[lang] = (len(failing), len(cases))
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update-known-failures", action="store_true", help="rewrite known_failures/<lang>.txt")
    ap.add_argument("--lang", action="append", help="only these languages (repeatable)")
    ap.add_argument("--show", action="store_true", help="print each failing case with what was found")
    args = ap.parse_args(argv)
    files = case_files()
    langs = args.lang or list(files)
    if args.update_known_failures:
        for lang, (bad, total) in write_known_failures(langs).items():
            print(f"{lang}: {bad} of {total} cases listed as known failures")
        return 0
    for lang in langs:
        cases = load_cases(files[lang], lang)
        bad = [c for c in cases if got_spans(c, lang) != want_spans(c)]
        print(f"{lang}: {len(cases) - len(bad)}/{len(cases)} cases pass")
        if args.show:
            for c in bad:
                got = sorted(got_spans(c, lang))
                print(f"  {c.path.name}:{c.lineno} {c.marked}")
                print(f"    got {[(c.text[s:e], t, v) for s, e, t, v in got]}")
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        sys.path.insert(0, str(REPO))
    raise SystemExit(main())
