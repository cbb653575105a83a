"""Article-extraction eval: plain trafilatura versus our `extract_html`, plus `strip_text` speed.

Usage:
    python -m benchmarks.boilerplate_eval --pages /work/shared/eval/article-extraction/html \\
        --truth /work/shared/eval/article-extraction/ground-truth.json [--sweep] [--fixtures DIR] \\
        [--clean '/work/shared/eval/tbaq/*/*.tml']

Metric (the benchmark's own): per document, precision/recall/F1 over the multisets of whitespace-separated
tokens of extracted versus true body, then averaged over documents. An empty extraction of a non-empty
body scores P=R=F1=0; an empty truth with an empty extraction scores 1.

Also counted: outputs that still contain a related-content cue line ("Read also", "Читайте також", ...
alone or with one headline), and throughput: trafilatura extraction and our extraction in docs/s, and
`strip_text` in docs/s on ~3 KB texts cut from the true bodies.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from copy import deepcopy
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from transforms.boilerplate import line_signature, strip, strip_text
from transforms.boilerplate.cues import available_languages, compile_cues
from transforms.html_extract import (
    EXTRACT_SETTINGS,
    _jsonld_objects,
    extract_body,
    extract_html,
    find_language,
    find_published,
    find_title,
    find_url,
    has_article_text,
    prune_link_lists,
    prune_related,
)

ALL_CUES = compile_cues(available_languages())

DEFAULTS = {"include_comments": True, "include_tables": True, "favor_precision": False, "favor_recall": False}
SWEEP: dict[str, dict[str, Any]] = {
    "defaults": {},
    "no_comments": {"include_comments": False},
    "no_comments+precision": {"include_comments": False, "favor_precision": True},
    "no_comments+recall": {"include_comments": False, "favor_recall": True},
    "no_comments+no_tables": {"include_comments": False, "include_tables": False},
    "no_comments+dedup": {"include_comments": False, "deduplicate": True},
    "no_comments+fast": {"include_comments": False, "fast": True},
    "no_comments+precision+fast": {"include_comments": False, "favor_precision": True, "fast": True},
    "no_comments+precision+no_tables": {
        "include_comments": False,
        "favor_precision": True,
        "include_tables": False,
    },
    "no_comments+precision+dedup": {"include_comments": False, "favor_precision": True, "deduplicate": True},
}


def prf(truth: str, predicted: str) -> tuple[float, float, float]:
    """Token-multiset precision, recall and F1 of one document."""
    true_tokens, pred_tokens = Counter(truth.split()), Counter(predicted.split())
    n_true, n_pred = sum(true_tokens.values()), sum(pred_tokens.values())
    if n_true == 0 and n_pred == 0:
        return 1.0, 1.0, 1.0
    if n_true == 0 or n_pred == 0:
        return 0.0, 0.0, 0.0
    tp = sum((true_tokens & pred_tokens).values())
    p, r = tp / n_pred, tp / n_true
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean_prf(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    scores = [prf(t, p) for t, p in pairs]
    return tuple(statistics.fmean(s[k] for s in scores) for k in range(3))  # type: ignore[return-value]


def cue_lines(text: str) -> list[str]:
    """Lines of ``text`` that are a related-content cue (alone or with one inline headline)."""
    return [line for line in text.split("\n") if strip.classify(line, ALL_CUES) in (strip.CUE, strip.INLINE)]


def load(pages: Path, truth_file: Path) -> list[tuple[str, bytes, str, str | None]]:
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    docs = []
    for key in sorted(truth):
        path = pages / f"{key}.html.gz"
        if path.exists():
            docs.append(
                (key, gzip.decompress(path.read_bytes()), truth[key]["articleBody"], truth[key].get("url"))
            )
    return docs


def run_plain(docs: list) -> tuple[list[str], float]:
    start = time.perf_counter()
    out = [trafilatura.extract(html) or "" for _, html, _, _ in docs]
    return out, time.perf_counter() - start


def run_ours(docs: list) -> tuple[list[str], float, int]:
    out, errors = [], 0
    start = time.perf_counter()
    for _, html, _, url in docs:
        try:
            out.append(extract_html(html, url).body)
        except ValueError:
            out.append("")
            errors += 1
    return out, time.perf_counter() - start, errors


def ours_variant(
    html: bytes, url: str | None, settings: dict[str, Any], prune: bool, policy: str, link_lists: bool = True
) -> str:
    """Our extraction with alternative trafilatura settings / pruning / cue policy, for the sweep."""
    tree = load_html(html)
    if tree is None:
        return ""
    language = find_language(tree)
    if prune:
        prune_related(tree, language)
    if link_lists:
        prune_link_lists(tree)
    text = extract_body(tree, url, settings)
    if not has_article_text(text):
        return ""
    saved = strip.CUE_POLICY
    strip.CUE_POLICY = policy
    try:
        return strip_text(text, language).body
    finally:
        strip.CUE_POLICY = saved


def strip_speed(docs: list, target: int = 3000, rounds: int = 5) -> tuple[float, int, float]:
    """docs/s of `strip_text` on ~3 KB texts (true bodies packed into chunks at line ends), count, mean size."""
    texts, chunk = [], ""
    for _, _, body, _ in docs:
        for line in body.split("\n"):
            if chunk and len((chunk + line).encode()) > target:
                texts.append(chunk)
                chunk = ""
            chunk += line + "\n"
    if chunk and (not texts or len(chunk.encode()) >= target // 2):
        texts.append(chunk)
    best = float("inf")
    for _ in range(rounds):  # best of rounds: the machine is shared, the minimum is the code's own cost
        start = time.perf_counter()
        for text in texts:
            strip_text(text, "en")
        best = min(best, time.perf_counter() - start)
    return len(texts) / best, len(texts), statistics.fmean(len(t.encode()) for t in texts)


def stage_costs(docs: list) -> dict[str, float]:
    """Mean ms per page of each step of `extract_html`, and of the deep copy trafilatura makes of our tree."""
    totals = dict.fromkeys(("parse", "metadata", "prune", "trafilatura", "strip_text", "tree copy"), 0.0)
    for _, html, _, url in docs:
        t0 = time.perf_counter()
        tree = load_html(html)
        t1 = time.perf_counter()
        objects = _jsonld_objects(tree)
        find_title(tree, objects), find_published(tree, objects), find_url(tree, url)
        language = find_language(tree)
        t2 = time.perf_counter()
        deepcopy(tree)
        t3 = time.perf_counter()
        prune_related(tree, language), prune_link_lists(tree)
        t4 = time.perf_counter()
        text = extract_body(tree, url)
        t5 = time.perf_counter()
        strip_text(text, language)
        t6 = time.perf_counter()
        for key, secs in zip(totals, (t1 - t0, t2 - t1, t4 - t3, t5 - t4, t6 - t5, t3 - t2), strict=True):
            totals[key] += secs
    return {key: 1000 * secs / len(docs) for key, secs in totals.items()}


def fixture_policy(fixtures: Path) -> None:
    """Compare cue policies on the fixture corpus: lines wrongly kept / wrongly removed per policy."""
    rows = []
    for policy in ("all", "given+en"):
        missed = wrong = 0
        for path in sorted(fixtures.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            saved = strip.CUE_POLICY
            strip.CUE_POLICY = policy
            try:
                repeated = frozenset(line_signature(line) for line in doc.get("repeated", []))
                body = strip_text(doc["text"], doc["language"], repeated).body.split("\n")
            finally:
                strip.CUE_POLICY = saved
            body_count, original = Counter(body), Counter(doc["text"].split("\n"))
            must_remove, must_keep = Counter(doc["must_remove"]), Counter(doc["must_keep"])
            missed += sum(max(0, body_count[line] - (original[line] - n)) for line, n in must_remove.items())
            wrong += sum(max(0, n - body_count[line]) for line, n in must_keep.items())
        rows.append((policy, missed, wrong))
    print("\nCue policy on the fixture corpus (language given):")
    print(f"  {'policy':<10} {'must_remove left':>17} {'must_keep lost':>15}")
    for policy, missed, wrong in rows:
        print(f"  {policy:<10} {missed:>17} {wrong:>15}")


def clean_corpus(pattern: str) -> None:
    """False-positive check: `strip_text` on clean news text (e.g. TimeML files) should remove nothing."""
    import glob
    import re

    paths = sorted(glob.glob(pattern))
    hits = []
    for path in paths:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
        match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        text = re.sub(r"<[^>]+>", "", match.group(1) if match else raw)
        removed = strip_text(text).removed
        if removed:
            hits.append((path, removed))
    print(f"\nClean corpus {pattern}: {len(hits)} of {len(paths)} documents had anything removed")
    for path, removed in hits[:10]:
        print(f"  {Path(path).name}: {removed[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of <sha256>.html.gz pages")
    parser.add_argument("--truth", type=Path, required=True, help="ground-truth.json")
    parser.add_argument(
        "--sweep", action="store_true", help="also score trafilatura settings and cue policies"
    )
    parser.add_argument("--fixtures", type=Path, help="fixture folder for the cue-policy comparison")
    parser.add_argument("--clean", help="glob of clean news texts (TimeML ok) for a false-positive count")
    parser.add_argument("--show-cues", action="store_true", help="print the cue lines left in outputs")
    args = parser.parse_args(argv)

    docs = load(args.pages, args.truth)
    truths = [body for _, _, body, _ in docs]
    plain, plain_s = run_plain(docs)
    ours, ours_s, errors = run_ours(docs)
    plain_cues = {docs[i][0]: cue_lines(t) for i, t in enumerate(plain) if cue_lines(t)}
    ours_cues = {docs[i][0]: cue_lines(t) for i, t in enumerate(ours) if cue_lines(t)}
    speed, n_texts, mean_size = strip_speed(docs)
    stages = stage_costs(docs)

    print(f"Article extraction, {len(docs)} pages; per-document token P/R/F1 averaged over documents")
    print(f"ours = extract_html with {json.dumps(EXTRACT_SETTINGS)}; rejected (ValueError) by ours: {errors}")
    header = (
        f"{'extractor':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'docs w/ cue line':>17} {'docs/s':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, out, secs, cues in (
        ("trafilatura.extract defaults", plain, plain_s, plain_cues),
        ("dateline extract_html", ours, ours_s, ours_cues),
    ):
        p, r, f = mean_prf(list(zip(truths, out, strict=True)))
        print(f"{name:<28} {p:>9.4f} {r:>7.4f} {f:>7.4f} {len(cues):>17} {len(docs) / secs:>8.1f}")
    print(f"{'strip_text (~3 KB texts)':<28} {'':>9} {'':>7} {'':>7} {'':>17} {speed:>8.0f}")
    print(
        f"\nstrip_text: {n_texts} texts of {mean_size:.0f} B on average, {1e6 / speed:.0f} µs per document (best of 5)"
    )
    print("extract_html stages, ms/page: " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    print(
        f"(the page is parsed once; trafilatura deep-copies our tree for {stages['tree copy']:.2f} ms "
        f"instead of parsing it again for {stages['parse']:.2f} ms)"
    )
    if args.show_cues or ours_cues:
        for label, found in (("trafilatura", plain_cues), ("ours", ours_cues)):
            for key, lines in found.items():
                print(f"  cue line left by {label} in {key[:12]}: {lines[:3]}")

    if args.sweep:
        print("\nSweep: our pipeline (prune + trafilatura settings + strip_text); F1 averaged over documents")
        print(f"  {'settings':<44} {'prune':>5} {'links':>5} {'cues':>8} {'P':>7} {'R':>7} {'F1':>7}")
        variants = [(name, s, True, True, "all") for name, s in SWEEP.items()]
        chosen = {k: v for k, v in EXTRACT_SETTINGS.items() if v != DEFAULTS.get(k)}
        variants += [("chosen", chosen, False, True, "all"), ("chosen", chosen, True, False, "all")]
        variants += [("chosen", chosen, False, False, "all"), ("chosen", chosen, True, True, "given+en")]
        for name, settings, prune, links, policy in variants:
            outs = [ours_variant(html, url, settings, prune, policy, links) for _, html, _, url in docs]
            p, r, f = mean_prf(list(zip(truths, outs, strict=True)))
            print(f"  {name:<44} {prune!s:>5} {links!s:>5} {policy:>8} {p:>7.4f} {r:>7.4f} {f:>7.4f}")
        for name, settings in SWEEP.items():
            outs = [trafilatura.extract(html, **settings) or "" for _, html, _, _ in docs]
            p, r, f = mean_prf(list(zip(truths, outs, strict=True)))
            print(f"  {'raw trafilatura ' + name:<44} {'':>5} {'':>5} {'':>8} {p:>7.4f} {r:>7.4f} {f:>7.4f}")
    if args.fixtures:
        fixture_policy(args.fixtures)
    if args.clean:
        clean_corpus(args.clean)
    return 1 if ours_cues else 0


if __name__ == "__main__":
    sys.exit(main())
