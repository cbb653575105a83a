"""Temporal tagger speed per language on ~3 KB articles, against a baseline revision in the same run.

Each language's ~3 KB articles (2.5-3.5 KB texts of its development set: TBAQ for English, the
``<lang>-<name>`` folders under --timex-root for the others) are tagged in a child process per tree,
the baseline tree (``git archive REV``) and this checkout taking turns, so both see the same machine
load; each figure is the best CPU time per article over all rounds. CPU time, not wall time: other
processes on a shared machine slow both trees alike, and the ratio is what a change is judged by.

Usage: ``python -m benchmarks.timex_speed [--baseline REV] [--turns 3]`` prints one row per language.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIN_CHARS, MAX_CHARS = 2500, 3500


def article_sets(tbaq: Path, timex_root: Path) -> dict[str, Path]:
    """The development set whose ~3 KB articles stand for each language (the first folder of it)."""
    sets = {"en": tbaq} if tbaq.is_dir() else {}
    if timex_root.is_dir():
        for folder in sorted(p for p in timex_root.iterdir() if p.is_dir()):
            sets.setdefault(folder.name.split("-", 1)[0], folder)
    return sets


def measure(sets: dict[str, Path], rounds: int) -> dict[str, list[float]]:
    """{lang: [articles, mean chars, best CPU ms per article]} with the tagger of ``sys.path``'s tree."""
    from benchmarks.timex_eval import load_dir, tag_speed  # the tree under test's own reader and timer

    out: dict[str, list[float]] = {}
    for lang, folder in sets.items():
        items = [(d.text, d.dct) for d in load_dir(folder) if MIN_CHARS <= len(d.text) <= MAX_CHARS]
        if items:  # tag_speed warms up first: the language compiles once per process
            out[lang] = [
                len(items),
                sum(len(t) for t, _ in items) / len(items),
                tag_speed(items, rounds, lang),
            ]
    return out


def _child(tree: Path, sets: dict[str, Path], rounds: int) -> dict[str, list[float]]:
    """``measure`` in a fresh interpreter that imports ``transforms`` and ``benchmarks`` from ``tree``."""
    args = [sys.executable, str(Path(__file__).resolve()), "--child", "--rounds", str(rounds)]
    args += [f"{lang}={path}" for lang, path in sets.items()]
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def compare(base: Path | None, sets: dict[str, Path], turns: int, rounds: int) -> str:
    """Alternate the baseline tree and this checkout ``turns`` times; one row per language."""
    best: dict[str, dict[str, list[float]]] = {"base": {}, "now": {}}
    trees = [("base", base), ("now", REPO)] if base else [("now", REPO)]
    for _ in range(turns):
        for name, tree in trees:
            for lang, (n, chars, ms) in _child(tree, sets, rounds).items():
                old = best[name].get(lang)
                best[name][lang] = [n, chars, min(ms, old[2]) if old else ms]
    lines = [
        f"{'lang':<5}{'articles':>9}{'chars':>7}{'base ms':>9}{'now ms':>9}{'now docs/s':>12}{'now/base':>10}"
    ]
    for lang, (n, chars, ms) in best["now"].items():
        b = best["base"].get(lang)
        cells = f"{b[2]:>9.3f}" if b else f"{'':>9}"
        ratio = f"{ms / b[2]:>10.2f}" if b else ""
        lines.append(f"{lang:<5}{int(n):>9}{chars:>7.0f}{cells}{ms:>9.3f}{1000 / ms:>12.0f}{ratio}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="git revision to compare with (extracted with git archive)")
    ap.add_argument("--turns", type=int, default=3, help="child processes per tree, taking turns")
    ap.add_argument("--rounds", type=int, default=5, help="timed passes over the articles per child")
    ap.add_argument("--tbaq", type=Path, default=REPO.parent / "shared" / "eval" / "tbaq")
    ap.add_argument("--timex-root", type=Path, default=REPO.parent / "shared" / "eval" / "timex")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("sets", nargs="*", help=argparse.SUPPRESS)  # lang=path, for --child
    args = ap.parse_args(argv)
    if args.child:
        sets = {s.split("=", 1)[0]: Path(s.split("=", 1)[1]) for s in args.sets}
        print(json.dumps(measure(sets, args.rounds)))
        return 0
    sets = article_sets(args.tbaq, args.timex_root)
    if not args.baseline:
        print(compare(None, sets, args.turns, args.rounds))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.baseline], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        print(f"baseline {args.baseline} vs this checkout; best CPU ms per ~3 KB article")
        print(compare(Path(tmp), sets, args.turns, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
