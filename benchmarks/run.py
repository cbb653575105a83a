"""The benchmark harness behind ``make bench``: ours against the naive loop, same corpus, same machine.

``python -m benchmarks.run [--sizes 200,1000] [--large] [--only text|html] [--keep DIR]`` prints the
machine and ONE table. Every end-to-end figure comes from a fresh child process (wall time, peak memory
of its whole process tree polled from /proc as summed PSS, and the largest process's ru_maxrss); stage costs come from timing
the pipeline's pure functions in another child. Speed claims are ratios within this one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import DEFAULT_PUBLISHED, generate

KINDS = {"text": 0.0, "html": 0.8}  # corpus kind -> share of documents written as HTML pages
DEFAULT_SIZES = (
    100,
    500,
)  # keeps `make bench` under ~10 min on 2 cores; the brief asks 1k,10k: --sizes 1000,10000
LARGE_SIZE = 100_000
SEED = 1
POLL_SECONDS = 0.1
TARGETS = {"text": 5.0, "html": 1.5}  # ours/naive docs/s
MEMORY_TARGET_MIB = 1024
OURS_MODES = {
    "ours (in-process)": [],
    "ours (2 workers)": ["--direct_running_mode=multi_processing", "--direct_num_workers=2"],
}
ROOT = Path(__file__).resolve().parent.parent


# --- machine ----------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: nproc={cpus}, CPU={model}, RAM={ram}, Python {platform.python_version()} ({sys.platform})"
    )


# --- corpus cache -----------------------------------------------------------------------------------


def corpus_dir(cache: Path, kind: str, n: int, seed: int = SEED) -> Path:
    """Generate once per (generator version, kind, N, seed); a marker file says it is complete."""
    version = hashlib.sha256((ROOT / "benchmarks" / "corpus.py").read_bytes()).hexdigest()[:10]
    path = cache / f"corpus-{kind}-n{n}-s{seed}-{version}"
    if not (path / ".complete").exists():
        shutil.rmtree(path, ignore_errors=True)
        generate(n, path, seed, KINDS[kind])
        (path / ".complete").write_text("ok\n")
    return path


# --- measuring a child process ----------------------------------------------------------------------


@dataclass
class Measurement:
    wall: float
    peak_rss_mib: float  # max over time of the summed PSS of the child's process tree
    maxrss_mib: float  # the largest single process (wait4 ru_maxrss)
    cpu: float  # user + system seconds of the child and the descendants it waited for
    returncode: int
    stdout: str
    stderr: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children[ppid].append(int(entry.name))
    return children


def _memory_of(pid: int, page: int) -> int:
    """PSS of one process (shared pages split between the processes sharing them), else its RSS.

    Forked workers share the parent's pages; summing their RSS would count those pages once per worker.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="utf-8") as handle:
            return int(handle.read().split()[1]) * page
    except OSError:
        return 0


def tree_memory(pid: int) -> int:
    """Bytes of memory ``pid`` and all its descendants hold now (summed PSS)."""
    children = _children_map()
    todo, total, page = [pid], 0, os.sysconf("SC_PAGE_SIZE")
    while todo:
        current = todo.pop()
        total += _memory_of(current, page)
        todo.extend(children.get(current, ()))
    return total


def run_measured(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> Measurement:
    out_f, err_f = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out_f, stderr=err_f, env=env)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_memory(proc.pid))
        time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_f.seek(0)
    err_f.seek(0)
    maxrss = usage.ru_maxrss / 1024
    return Measurement(
        wall,
        max(peak / 2**20, maxrss),
        maxrss,
        usage.ru_utime + usage.ru_stime,
        proc.returncode,
        out_f.read().decode("utf-8", "replace"),
        err_f.read().decode("utf-8", "replace"),
    )


# --- quality ----------------------------------------------------------------------------------------


def load_gold(corpus: Path) -> Counter:
    gold: Counter = Counter()
    with open(corpus / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            gold.update((doc["title"], e["value"]) for e in doc["events"])
    return gold


def precision_recall(predicted: Counter, gold: Counter) -> tuple[float, float]:
    hits = sum((predicted & gold).values())
    return hits / max(1, sum(predicted.values())), hits / max(1, sum(gold.values()))


# --- the two contenders -----------------------------------------------------------------------------


@dataclass
class Result:
    runner: str
    kind: str
    n: int
    m: Measurement | None = None
    documents: int = 0
    events: int = 0
    precision: float | None = None
    recall: float | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float | None:
        return self.documents / self.m.wall if self.m and self.documents else None

    @property
    def events_per_s(self) -> float | None:
        return self.events / self.m.wall if self.m and self.events else None


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])[-300:]


def run_ours(kind: str, n: int, corpus: Path, work: Path, runner: str, gold: Counter) -> Result:
    result = Result(runner, kind, n)
    if not (ROOT / "pipelines" / "ingest.py").exists():
        result.error = "pipelines/ingest.py missing"
        return result
    out = work / f"out-{kind}-{n}-{len(OURS_MODES[runner])}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "pipelines.ingest",
        "--output",
        str(out),
        "--feed",
        f"{corpus}/feeds/*.xml",
        "--text",
        f"{corpus}/text/*",
        "--default-published",
        DEFAULT_PUBLISHED,
    ]
    if any((corpus / "html").glob("*.html")):
        cmd += ["--html", f"{corpus}/html/*.html"]
    result.m = run_measured(cmd + OURS_MODES[runner])
    if result.m.returncode != 0:
        result.error = f"exit {result.m.returncode}: {_tail(result.m.stderr)}"
        return result
    try:
        import duckdb

        con = duckdb.connect()
        docs_glob, events_glob = f"{out}/documents/**/*.parquet", f"{out}/events/**/*.parquet"
        result.documents = con.execute(
            f"select count(*) from read_parquet('{docs_glob}', hive_partitioning=true)"
        ).fetchone()[0]
        rows = con.execute(
            f"select title, timex_value from read_parquet('{events_glob}', hive_partitioning=true) "
            "where date_source = 'text' and timex_value is not null"
        ).fetchall()
    except Exception as exc:  # noqa: BLE001 - report what blocked, keep the table
        result.error = f"read-back failed: {type(exc).__name__}: {str(exc)[:200]}"
        return result
    result.events = len(rows)
    result.precision, result.recall = precision_recall(Counter(rows), gold)
    return result


def run_baseline(kind: str, n: int, corpus: Path, work: Path, gold: Counter) -> Result:
    result = Result("naive", kind, n)
    out = work / f"naive-{kind}-{n}"
    shutil.rmtree(out, ignore_errors=True)
    result.m = run_measured([sys.executable, "-m", "benchmarks.naive", str(corpus), str(out)])
    if result.m.returncode != 0:
        result.error = f"exit {result.m.returncode}: {_tail(result.m.stderr)}"
        return result
    import pyarrow.parquet as pq

    counts = json.loads(result.m.stdout.strip().splitlines()[-1])
    events = pq.read_table(out / "events.parquet", columns=["title", "value"]).to_pydict()
    result.documents, result.events = counts["documents"], counts["event_count"]
    result.precision, result.recall = precision_recall(
        Counter(zip(events["title"], events["value"], strict=True)), gold
    )
    return result


STAGES = ("parse", "extract", "strip", "language", "tag", "write")
LIMITS = ("read bytes", "lxml parse", "parquet write", "write before", "files before")


def sample_files(corpus_dir: str | Path, docs: int) -> list[tuple[str, Path]]:
    """The same share of every kind of input file, enough for about ``docs`` documents."""
    root = Path(corpus_dir)
    groups = {
        "feed": sorted((root / "feeds").glob("feed-*.xml")),
        "jsonl": sorted((root / "text").glob("*.jsonl")),
        "txt": sorted((root / "text").glob("*.txt")),
        "html": sorted((root / "html").glob("*.html")),
    }
    total = sum(len(g) for g in groups.values()) or 1
    gold = root / "gold.jsonl"
    n_docs = sum(1 for _ in open(gold, encoding="utf-8")) if gold.exists() else total
    share = min(1.0, docs / max(1, n_docs))
    return [(kind, path) for kind, files in groups.items() for path in files[: math.ceil(share * len(files))]]


def stage_costs(corpus_dir: str | Path, docs: int = 300) -> dict:
    """Seconds spent in each stage over a sample of ``corpus_dir``; null where a module is missing."""
    seconds: dict[str, float | None] = defaultdict(float)
    limits: dict[str, float] = defaultdict(float)
    files = sample_files(corpus_dir, docs)
    blobs = []
    start = time.perf_counter()
    for kind, path in files:
        with open(path, "rb") as handle:
            blobs.append((kind, str(path), handle.read()))
    limits["read bytes"] = time.perf_counter() - start

    from schemas import RawDoc
    from transforms import readers

    raws: list[RawDoc] = []
    for kind, ref, data in blobs:
        start = time.perf_counter()
        if kind == "feed":
            out = list(readers.parse_feed(ref, data))
        elif kind == "jsonl":
            out = list(readers.read_jsonl(ref, data.splitlines()))
        elif kind == "txt":
            out = list(readers.read_txt(ref, data))
        else:
            out = list(readers.read_html(ref, data))
        seconds["parse"] += time.perf_counter() - start
        raws.extend(r for r in out if isinstance(r, RawDoc))

    import lxml.html

    for raw in raws:
        if raw.content_format in ("html", "fragment"):
            start = time.perf_counter()
            lxml.html.fromstring(raw.content)
            limits["lxml parse"] += time.perf_counter() - start

    bodies = _bodies(raws, seconds)
    _tag(bodies, seconds)
    _write(raws, seconds, limits)
    return {
        "documents": len(raws),
        "files": len(files),
        "seconds": {k: seconds.get(k) for k in STAGES},
        "limits": {k: limits.get(k, 0.0) for k in LIMITS},
        "files_written": int(limits.get("files written", 0)),
    }


def _bodies(raws: list, seconds: dict) -> list[tuple[str, object, str | None]]:
    """(body, dct, language) per document, timing extraction, stripping and language id."""
    from schemas.tables import parse_timestamp

    try:
        from transforms.html_extract import extract_html
    except ImportError:
        extract_html, seconds["extract"] = None, None
    try:
        from transforms.fragments import fragment_text
    except ImportError:
        fragment_text, seconds["extract"] = None, None
    try:
        from transforms.boilerplate import strip_text
    except ImportError:
        strip_text, seconds["strip"] = None, None
    try:
        from transforms.language import document_language
    except ImportError:  # an older checkout: its tagger detects the language itself
        document_language, seconds["language"] = None, None
    default = parse_timestamp(DEFAULT_PUBLISHED)
    out = []
    for raw in raws:
        published, language = raw.published, raw.language
        if raw.content_format == "html":
            if extract_html is None:
                continue
            start = time.perf_counter()
            try:
                page = extract_html(raw.content, raw.url)
            except ValueError:
                seconds["extract"] += time.perf_counter() - start
                continue
            seconds["extract"] += time.perf_counter() - start
            body, published, language = page.body, published or page.published, language or page.language
        else:
            if strip_text is None:
                continue
            text = raw.content
            if raw.content_format == "fragment":  # feed HTML: flattened, then stripped like text
                if fragment_text is None:
                    continue
                start = time.perf_counter()
                text = fragment_text(text)
                seconds["extract"] += time.perf_counter() - start
            start = time.perf_counter()
            body = strip_text(text, language).body
            seconds["strip"] += time.perf_counter() - start
        if document_language is not None:  # as the document stage decides it: no English default
            start = time.perf_counter()
            language = document_language(language, body)
            seconds["language"] += time.perf_counter() - start
        try:
            dct = parse_timestamp(published) if published else default
        except ValueError:
            dct = default
        out.append((body, dct, language))
    return out


def _tag(bodies: list, seconds: dict) -> None:
    try:
        from transforms.temporal import tag
    except ImportError:
        seconds["tag"] = None
        return
    for body, dct, language in bodies:
        start = time.perf_counter()
        tag(body, dct, language)
        seconds["tag"] += time.perf_counter() - start


def _write(raws: list, seconds: dict, limits: dict) -> None:
    """The write stage as the pipeline does it (one sorted data file per table, the Delta commit and the
    plain view), and in the same run the previous layout (one file per Hive partition value, i.e. per
    distinct date, each written to a temporary name and renamed) for the before/after ratio.

    The limit is the same rows encoded as one Parquet file per table: no layout can write less.
    """
    import pyarrow.parquet as pq

    try:
        from schemas import DOCUMENTS, EVENTS
        from transforms.documents import build_document
        from transforms.events import document_events
        from transforms.store import layout
        from transforms.store.commit import commit
        from transforms.store.files import COMPRESSION, parquet_bytes, sort_rows
        from transforms.store.tables import write_file
    except ImportError:
        seconds["write"] = None
        return
    docs, events = [], []
    for raw in raws:
        try:
            doc = build_document(raw, DEFAULT_PUBLISHED)
        except Exception:  # noqa: BLE001, S112 - rejected documents are not written
            continue
        docs.append(doc)
        events.extend(document_events(doc))
    tables = ((DOCUMENTS, docs), (EVENTS, events))
    with tempfile.TemporaryDirectory(prefix="dateline-stage-write-") as out:
        start = time.perf_counter()
        written = [
            write_file(out, table, layout.data_file_name("bench", "", "0"), table.to_arrow(rows))
            for table, rows in tables
        ]
        commit(out, "bench", written, {"documents": [d.doc_id for d in docs]})
        seconds["write"] = time.perf_counter() - start
        limits["files written"] = float(len(written))
    with tempfile.TemporaryDirectory(prefix="dateline-stage-write-before-") as out:
        start = time.perf_counter()
        files = 0
        for table, rows in tables:
            groups: dict[object, list] = defaultdict(list)
            for row in rows:
                groups[getattr(row, table.cluster)].append(row)
            for value, group in groups.items():
                directory = Path(out) / table.name / f"{table.cluster}={value}"
                directory.mkdir(parents=True, exist_ok=True)
                data = sort_rows(table, table.to_arrow(group)).drop_columns([table.cluster])
                temp = directory / ".part-000.parquet.inprogress"
                temp.write_bytes(parquet_bytes(data))
                os.replace(temp, directory / "part-000.parquet")
                files += 1
        limits["write before"] = time.perf_counter() - start
        limits["files before"] = float(files)
    with tempfile.TemporaryDirectory(prefix="dateline-stage-write-limit-") as out:
        start = time.perf_counter()
        for table, rows in tables:
            pq.write_table(
                table.to_arrow(rows), f"{out}/{table.name}-single.parquet", compression=COMPRESSION
            )
        limits["parquet write"] = time.perf_counter() - start


def run_stages(corpus: Path, docs: int) -> dict | str:
    """Stage costs from a fresh child process; a string says why there are none."""
    m = run_measured(
        [sys.executable, "-m", "benchmarks.run", "--stages-of", str(corpus), "--stage-docs", str(docs)]
    )
    if m.returncode != 0:
        return f"n/a ({_tail(m.stderr, 1)})"
    return json.loads(m.stdout.strip().splitlines()[-1])


# --- the table --------------------------------------------------------------------------------------

LIMIT_OF = {"parse": "read bytes", "extract": "lxml parse", "write": "parquet write"}


def _num(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def build_table(columns: list[tuple[str, int]], results: dict, stages: dict) -> list[list[str]]:
    runners = [*OURS_MODES, "naive"]
    rows: list[list[str]] = []

    def row(label: str, cell) -> None:
        rows.append([label] + [cell(kind, n) for kind, n in columns])

    def get(runner: str, kind: str, n: int) -> Result | None:
        return results.get((runner, kind, n))

    def fmt(runner: str, what):
        def cell(kind: str, n: int) -> str:
            r = get(runner, kind, n)
            if r is None:
                return "-"
            if r.error:
                return "FAILED"
            return what(r)

        return cell

    for runner in runners:
        row(f"{runner}: wall s", fmt(runner, lambda r: _num(r.m.wall, 1)))
        row(f"{runner}: CPU s (user+sys)", fmt(runner, lambda r: _num(r.m.cpu, 1)))
        row(f"{runner}: documents", fmt(runner, lambda r: _num(r.documents)))
        row(f"{runner}: docs/s", fmt(runner, lambda r: _num(r.docs_per_s, 1)))
        row(f"{runner}: events/s", fmt(runner, lambda r: _num(r.events_per_s, 0)))
        row(
            f"{runner}: peak MiB (tree PSS / 1 proc RSS)",
            fmt(runner, lambda r: f"{r.m.peak_rss_mib:,.0f} / {r.m.maxrss_mib:,.0f}"),
        )
        row(f"{runner}: event P / R", fmt(runner, lambda r: f"{r.precision:.3f} / {r.recall:.3f}"))
    for runner in OURS_MODES:

        def speedup(kind: str, n: int, runner=runner) -> str:
            ours, naive = get(runner, kind, n), get("naive", kind, n)
            if not ours or not naive or ours.error or naive.error:
                return "-"
            ratio = _ratio(ours.docs_per_s, naive.docs_per_s)
            if ratio is None:
                return "n/a"
            return f"{ratio:.1f}x {'PASS' if ratio >= TARGETS[kind] else 'FAIL'} (>={TARGETS[kind]}x)"

        row(f"ratio docs/s {runner}/naive", speedup)

        def cpu_ratio(kind: str, n: int, runner=runner) -> str:
            ours, naive = get(runner, kind, n), get("naive", kind, n)
            if not ours or not naive or ours.error or naive.error or not ours.m.cpu or not ours.documents:
                return "-"
            return f"{(naive.m.cpu / naive.documents) / (ours.m.cpu / ours.documents):.1f}x"

        row(f"ratio docs per CPU-s {runner}/naive", cpu_ratio)

    def quality(kind: str, n: int) -> str:
        naive = get("naive", kind, n)
        ours = [r for m in OURS_MODES if (r := get(m, kind, n)) and not r.error]
        if not ours or not naive or naive.error:
            return "-"
        better = ours[0].precision > naive.precision and ours[0].recall > naive.recall
        return f"P {ours[0].precision - naive.precision:+.3f}, R {ours[0].recall - naive.recall:+.3f} {'PASS' if better else 'FAIL'}"

    row("ours - naive event P, R (target: both higher)", quality)

    def verdict(mib: float) -> str:
        return f"{mib:,.0f} {'PASS' if mib < MEMORY_TARGET_MIB else 'FAIL'}"

    def memory(kind: str, n: int) -> str:
        """Each mode's verdict; with workers both the process tree and its largest process, since the
        tree carries three interpreters' imports (~510 MiB) before any data."""
        parts = []
        for mode, flags in OURS_MODES.items():
            r = get(mode, kind, n)
            if not r or not r.m or r.error:
                continue
            short = mode.removeprefix("ours (").rstrip(")")
            if flags:
                parts.append(f"{short}: tree {verdict(r.m.peak_rss_mib)}, largest {verdict(r.m.maxrss_mib)}")
            else:
                parts.append(f"{short} {verdict(r.m.peak_rss_mib)}")
        return "; ".join(parts) + " (MiB, < 1 GiB)" if parts else "-"

    row("ours peak memory per mode", memory)

    def scaling(kind: str, n: int) -> str:
        smaller = [m for k, m in columns if k == kind and m < n]
        if not smaller:
            return f"(base N={n})"
        base = max(smaller)
        parts = []
        for runner, short in (("ours (in-process)", "ours"), ("naive", "naive")):
            a, b = get(runner, kind, n), get(runner, kind, base)
            if a and b and not a.error and not b.error:
                parts.append(f"{short} x{a.m.wall / b.m.wall:.1f}")
        return f"time/time(N={base}) for x{n / base:g} docs: " + ", ".join(parts) if parts else "-"

    row("scaling", scaling)
    for stage in STAGES:

        def stage_cell(kind: str, n: int, stage=stage) -> str:
            data = stages.get((kind, n))
            if data is None:
                return "-"
            if isinstance(data, str):
                return data
            docs = max(1, data["documents"])
            secs = data["seconds"].get(stage)
            if secs is None:
                return "n/a"
            total = sum(v for v in data["seconds"].values() if v)
            text = f"{secs / docs * 1e6:,.0f} us ({secs / total:.0%})"
            if stage == "write" and data.get("files_written"):
                text += f" in {data['files_written']:,} files"
                before = data["limits"].get("write before")
                if before:
                    text += (
                        f"; before (a file per date): {before / docs * 1e6:,.0f} us in "
                        f"{int(data['limits'].get('files before', 0)):,} files, {before / secs:.1f}x slower"
                    )
            if stage in LIMIT_OF:
                text += f"; limit {LIMIT_OF[stage]} {data['limits'][LIMIT_OF[stage]] / docs * 1e6:,.0f} us"
            return text

        row(f"stage {stage}: per doc (share)", stage_cell)

    def overhead(kind: str, n: int) -> str:
        data, ours = stages.get((kind, n)), get("ours (in-process)", kind, n)
        if not isinstance(data, dict) or not ours or ours.error or not ours.documents:
            return "-"
        total = sum(v for v in data["seconds"].values() if v) / max(1, data["documents"])
        return f"{total * 1e3:.1f} ms vs {ours.m.wall / ours.documents * 1e3:.1f} ms"

    row("sum of stages vs ours e2e, per doc", overhead)
    return rows


def render(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


# --- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated N")
    parser.add_argument("--large", action="store_true", help=f"also N={LARGE_SIZE:,}")
    parser.add_argument("--only", choices=sorted(KINDS))
    parser.add_argument("--keep", help="corpus cache and outputs here (kept); default: a temp dir")
    parser.add_argument("--skip-naive", action="store_true", help="ours only (no ratios)")
    parser.add_argument("--stage-docs", type=int, default=200, help="documents sampled for stage costs")
    parser.add_argument("--stages-of", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages_of:
        stage_costs(
            args.stages_of, 1
        )  # warm-up: imports, lazy caches and compiled patterns stay out of the figures
        print(json.dumps(stage_costs(args.stages_of, args.stage_docs)))
        return 0
    sizes = sorted(
        {int(s) for s in args.sizes.split(",") if s.strip()} | ({LARGE_SIZE} if args.large else set())
    )
    kinds = [args.only] if args.only else list(KINDS)
    work = Path(args.keep) if args.keep else Path(tempfile.gettempdir()) / "dateline-bench"
    work.mkdir(parents=True, exist_ok=True)
    print(machine(), flush=True)
    columns = [(kind, n) for kind in kinds for n in sizes]
    results: dict = {}
    stages: dict = {}
    started = time.perf_counter()
    for kind, n in columns:
        corpus = corpus_dir(work, kind, n)
        gold = load_gold(corpus)
        for runner in OURS_MODES:
            results[(runner, kind, n)] = r = run_ours(kind, n, corpus, work, runner, gold)
            _progress(r, started)
        if not args.skip_naive:
            results[("naive", kind, n)] = r = run_baseline(kind, n, corpus, work, gold)
            _progress(r, started)
        if n == sizes[-1]:  # next to the end-to-end figure it is compared with
            stages[(kind, n)] = run_stages(corpus, args.stage_docs)
    header = ["metric"] + [f"{kind} N={n:,}" for kind, n in columns]
    print()
    print(render(header, build_table(columns, results, stages)))
    print(
        f"\ncorpora: {', '.join(f'{k} = {KINDS[k]:.0%} HTML pages' for k in kinds)}; seed {SEED}; "
        f"cache {work}. Stage costs: pure functions on a ~{args.stage_docs}-doc sample of the N={sizes[-1]:,} "
        "corpus (write: our commit of the sample, and the previous one-file-per-date layout for the ratio); 'limit' = unavoidable work for that stage. "
        "Peak memory: PSS summed over the process tree (polled; pages shared by forked workers counted once), "
        "and the largest single process's RSS (ru_maxrss)."
    )
    for r in results.values():
        if r.error:
            print(f"{r.runner} {r.kind} N={r.n}: {r.error}")
    if not args.keep:
        for path in work.glob("out-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in work.glob("naive-*"):
            shutil.rmtree(path, ignore_errors=True)
    return 0


def _progress(r: Result, started: float) -> None:
    state = r.error or f"{r.documents} docs in {r.m.wall:.1f}s"
    print(
        f"  [{time.perf_counter() - started:6.0f}s] {r.runner} {r.kind} N={r.n}: {state}",
        file=sys.stderr,
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
