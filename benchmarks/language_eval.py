"""Language identification against text of known language: accuracy by text length, cost per document.

Usage: python -m benchmarks.language_eval [--tbaq DIR] [--timex-root DIR] [--per-doc N]

Texts are the TimeML development sets (TBAQ: English; ``<lang>-<name>`` folders: that language), cut
into pieces of a given number of letters at word boundaries. Four deciders are scored on the same
pieces: py3langid alone, our lexicon evidence alone (``by_evidence``), evidence first with the model
as fallback, and ``detect_language`` (date words first below ``MIN_LETTERS``, then the model when sure,
then the evidence). Measuring only: the tests never read these corpora.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timex_eval import all_sets
from transforms import language

LENGTHS = (10, 20, 30, 40, 60, 80, 150, 400)
_WORD = re.compile(r"\S+")


def pieces(text: str, letters: int, per_doc: int) -> list[str]:
    """Up to ``per_doc`` consecutive runs of whole words holding at least ``letters`` letters each."""
    out: list[str] = []
    words: list[str] = []
    count = 0
    for m in _WORD.finditer(text):
        word = m.group()
        n = sum(ch.isalpha() for ch in word)
        if not words and n == 0:
            continue
        words.append(word)
        count += n
        if count >= letters:
            out.append(" ".join(words))
            words, count = [], 0
            if len(out) >= per_doc:
                break
    return out


def model_cost() -> str:
    """Model build time and the resident memory it adds (first call of the cache)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    language.identifier()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return f"model build {seconds:.2f} s, max RSS +{(after - before) / 1024:.0f} MB"


def document_cost(texts: list[str], size: int = 3000, rounds: int = 3) -> str:
    """CPU per ``detect_language`` call on ``size``-character documents (the detector reads 2000)."""
    docs = [t[:size] for t in texts if len(t) >= size] or [t for t in texts if t]
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for doc in docs:
            language.detect_language(doc)
        best = min(best, time.process_time() - start)
    return f"{len(docs)} documents of {size} chars: {1000 * best / len(docs):.2f} ms CPU each"


def evidence(text: str) -> str | None:
    """Our lexicon evidence alone (function words, date words, letters); a tie is undetermined."""
    best = language.by_evidence(text.lower(), language._WORD.findall(text.lower()))
    return best[0] if len(best) == 1 else None


def confident(text: str) -> str | None:
    """The model's answer when it is ``MIN_CONFIDENCE`` sure."""
    code, confidence = language.identifier().classify(text)
    return code if confidence >= language.MIN_CONFIDENCE else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tbaq", type=Path, default=Path("../shared/eval/tbaq"))
    parser.add_argument("--timex-root", type=Path, default=Path("../shared/eval/timex"))
    parser.add_argument("--per-doc", type=int, default=5, help="pieces per document and length")
    args = parser.parse_args(argv)
    sets = [(lang, docs) for name, lang, docs in all_sets(args.tbaq, args.timex_root, 0) if "/" not in name]
    print(model_cost())
    print(document_cost([d.text for _, docs in sets for d in docs]))
    model = language.identifier()
    deciders = {
        "py3langid": lambda t: model.classify(t)[0],
        "evidence": evidence,
        "evidence, then model": lambda t: evidence(t) or confident(t),
        "detect_language": language.detect_language,
    }
    print("letters  " + "  ".join(f"{k:>22}" for k in deciders) + "   pieces  langs")
    wrong: dict[int, Counter] = defaultdict(Counter)
    for letters in LENGTHS:
        right = Counter()
        undecided = Counter()
        total = 0
        langs = Counter()
        for lang, docs in sets:
            for doc in docs:
                for piece in pieces(doc.text, letters, args.per_doc):
                    total += 1
                    langs[lang] += 1
                    for name, decide in deciders.items():
                        got = decide(piece)
                        right[name] += got == lang
                        undecided[name] += got is None
                        if name == "detect_language" and got not in (lang, None):
                            wrong[letters][f"{lang}->{got}"] += 1
        cells = [
            f"{100 * right[k] / total:5.1f}% right {100 * undecided[k] / total:4.1f}% none" for k in deciders
        ]
        print(f"{letters:7d}  " + "  ".join(f"{c:>22}" for c in cells) + f"   {total:6d}  {len(langs)}")
    for letters, errors in wrong.items():
        print(f"detect errors at {letters} letters: {dict(errors.most_common(8))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
