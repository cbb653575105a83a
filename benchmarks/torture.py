"""Crash, overlap and live-reader scenarios against real ingest processes; each must converge.

    python -m benchmarks.torture [--docs 3000] [--files 15] [--workdir DIR]

Every scenario runs ``python -m pipelines.ingest`` as a separate process group, breaks it (SIGKILL at a
named commit step or after a random delay, a second run at the same time, readers polling), reruns
the same command when it was killed, and compares every table with a clean run of the same inputs:
the ``(doc_id, content_hash)`` set, the ``event_id`` multiset, the reject ids, no orphan events, and
the plain Parquet view equal to the committed tables. ``tests/store/test_crash_safety.py`` runs the
same scenarios on a few hundred documents; this runs them on thousands and prints
``K/N scenarios converge``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable

import duckdb

from transforms.store import failpoints
from transforms.store.head import read_head, run_history
from transforms.store.sql import connect

REPO = pathlib.Path(__file__).resolve().parents[1]
PUBLISHED = "2025-06-26T09:00:00+00:00"
SUBJECTS = ("The harbour board", "The city council", "The rail operator", "A local bakery", "The museum")
ACTIONS = ("opened a new wing", "signed the contract", "raised its prices", "closed the old depot")
WHEN = ("on 12 May 2025", "last Tuesday", "in March", "this year", "on Friday", "two weeks ago", "in 2023")


def write_corpus(folder: pathlib.Path, files: int, docs_per_file: int, version: int = 1) -> list[str]:
    """``files`` JSONL files of ``docs_per_file`` invented articles; ``version`` 2 edits every one."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    paths = []
    for f in range(files):
        lines = []
        for d in range(docs_per_file):
            sentences = [
                f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(WHEN)}."
                for _ in range(rng.randint(3, 7))
            ]
            if version > 1:
                sentences.append(f"The update came {rng.choice(WHEN)}.")
            lines.append(
                json.dumps(
                    {
                        "id": f"doc-{f:02d}-{d:04d}",
                        "title": f"Story {f}-{d}",
                        "source": f"Wire {f % 3}",
                        "published": PUBLISHED,
                        "language": "en",
                        "text": " ".join(sentences),
                    }
                )
            )
        path = folder / f"part-{f:02d}.jsonl"
        path.write_text("\n".join(lines) + "\n")
        paths.append(str(path))
    return paths


def ingest_command(inputs: list[str], output: pathlib.Path) -> list[str]:
    args = [sys.executable, "-m", "pipelines.ingest", "--output", str(output)]
    for path in inputs:
        args += ["--text", path]
    # Repeated-line learning off: a rerun after a crash sees other documents (see the README).
    return [
        *args,
        "--default-published",
        PUBLISHED,
        "--repeated-min-docs",
        "1000000000",
        "--local-batch-mb",
        "0",
    ]


def start(
    inputs: list[str], output: pathlib.Path, crash_at: str | None = None, stall_at: str | None = None
) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name, value in ((failpoints.ENV, crash_at), (failpoints.STALL_ENV, stall_at)):
        env.pop(name, None)
        if value:
            env[name] = value
    return subprocess.Popen(
        ingest_command(inputs, output),
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: SIGKILL reaches the whole tree and nothing else
    )


def run(
    inputs: list[str],
    output: pathlib.Path,
    crash_at: str | None = None,
    timeout: float = 900,
    stall_at: str | None = None,
) -> int:
    proc = start(inputs, output, crash_at, stall_at)
    out, _ = proc.communicate(timeout=timeout)
    if proc.returncode not in (0, -signal.SIGKILL):
        raise RuntimeError(f"ingest exited {proc.returncode}:\n{out[-3000:]}")
    return proc.returncode


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the run's process group after ``seconds``; whether it was still running then."""
    time.sleep(seconds)
    alive = proc.poll() is None
    if alive:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    return alive


def state(output: pathlib.Path) -> dict:
    """What a reader sees: committed tables (pipelines.query) checked against the plain view."""
    con = connect(str(output))
    found = {
        "documents": sorted(con.execute("SELECT doc_id, content_hash FROM documents").fetchall()),
        "events": sorted(
            con.execute("SELECT event_id, doc_id, event_date, timex_value FROM events").fetchall()
        ),
        "rejects": sorted(con.execute("SELECT reject_id FROM rejects").fetchall()),
        "orphans": con.execute("SELECT count(*) FROM events ANTI JOIN documents USING (doc_id)").fetchone()[
            0
        ],
    }
    plain = duckdb.connect()
    for table, columns in (
        ("documents", "doc_id, content_hash"),
        ("events", "event_id, doc_id, event_date, timex_value"),
        ("rejects", "reject_id"),
    ):
        rows = sorted(
            plain.execute(f"SELECT {columns} FROM read_parquet('{output}/{table}/*.parquet')").fetchall()
        )
        if rows != found[table]:
            raise AssertionError(f"plain view of {table} differs from the committed table")
    return found


def visible_temp_files(output: pathlib.Path) -> list[str]:
    """Files a plain reader would open that no commit published (there must be none)."""
    head = read_head(str(output))
    view = (output / "_view").resolve()
    bad = [
        str(p)
        for p in output.glob("*/*")
        if p.parent.name in ("documents", "events", "rejects") and not p.name.endswith(".parquet")
    ]
    return bad + (
        [] if view.name == f"{head['seq']:08d}" else [f"view {view.name} is not head {head['seq']}"]
    )


def differences(got: dict, want: dict) -> list[str]:
    problems = [
        f"{k} differ ({len(got[k])} vs {len(want[k])} rows)"
        for k in ("documents", "events", "rejects")
        if got[k] != want[k]
    ]
    if len({e[0] for e in got["events"]}) != len(got["events"]):
        problems.append("duplicate event_id")
    if got["orphans"]:
        problems.append(f"{got['orphans']} orphan events")
    return problems


class Bench:
    """A work folder with corpora and clean reference outputs, made once and shared by scenarios."""

    def __init__(self, root: pathlib.Path, files: int, docs: int):
        self.root = root
        per_file = max(1, docs // files)
        self.v1 = write_corpus(root / "v1", files, per_file, 1)
        self.v2 = write_corpus(root / "v2", files, per_file, 2)
        self.extra = write_corpus(root / "extra", files + 1, per_file, 1)[-1:]  # one more file
        self._clean: dict[str, dict] = {}
        self.seconds: dict[str, float] = {}  # how long each clean run took: random kills fall inside it
        self._n = 0

    def fresh(self) -> pathlib.Path:
        self._n += 1
        return self.root / f"out-{self._n}"

    def clean(self, name: str, inputs: list[str]) -> dict:
        if name not in self._clean:
            out = self.fresh()
            started = time.monotonic()
            assert run(inputs, out) == 0
            self.seconds[name] = time.monotonic() - started
            self._clean[name] = state(out)
        return self._clean[name]


def crash_then_rerun(bench: Bench, point: str) -> list[str]:
    """SIGKILL at a named step of a first run; the rerun must give the clean tables."""
    out = bench.fresh()
    assert run(bench.v1, out, crash_at=point) == -signal.SIGKILL, f"{point} was never reached"
    run(bench.v1, out)
    return differences(state(out), bench.clean("v1", bench.v1)) + visible_temp_files(out)


def crash_replace_then_rerun(bench: Bench, point: str) -> list[str]:
    """v1 committed, then a run of edited v2 killed at a step; the rerun must leave v2 alone."""
    out = bench.fresh()
    run(bench.v1, out)
    assert run(bench.v2, out, crash_at=point) == -signal.SIGKILL, f"{point} was never reached"
    run(bench.v2, out)
    return differences(state(out), bench.clean("v2", bench.v2)) + visible_temp_files(out)


def crash_then_rerun_with_more(bench: Bench, point: str) -> list[str]:
    """The cron case: killed, then the next run has one more input file."""
    out = bench.fresh()
    assert run(bench.v1, out, crash_at=point) == -signal.SIGKILL, f"{point} was never reached"
    run(bench.v1 + bench.extra, out)
    return differences(state(out), bench.clean("v1+extra", bench.v1 + bench.extra)) + visible_temp_files(out)


def random_kill_then_rerun(bench: Bench, seed: int) -> list[str]:
    """SIGKILL at a random moment of a first run's lifetime (whatever it was doing then)."""
    bench.clean("v1", bench.v1)
    delay = random.Random(seed).uniform(0.1, 0.9) * bench.seconds["v1"]
    for _ in range(4):  # a run can be quicker than the clean one was: kill earlier until it is caught
        out = bench.fresh()
        if kill_after(start(bench.v1, out), delay):
            break
        delay /= 2
    else:
        return ["every run finished before its kill"]
    run(bench.v1, out)
    return differences(state(out), bench.clean("v1", bench.v1)) + visible_temp_files(out)


def overlapping_runs(bench: Bench, edited: bool) -> list[str]:
    """Two runs at once into one output: overlapping inputs, or the old and the edited version."""
    out = bench.fresh()
    if edited:
        first, second, wants = bench.v1, bench.v2, [bench.clean("v1", bench.v1), bench.clean("v2", bench.v2)]
    else:
        half = len(bench.v1) // 2
        first, second = bench.v1[: half + 1], bench.v1[half:]
        wants = [bench.clean("v1", bench.v1)]
    procs = [start(first, out), start(second, out)]
    for proc in procs:
        text, _ = proc.communicate(timeout=900)
        if proc.returncode != 0:
            return [f"a run exited {proc.returncode}: {text[-500:]}"]
    got = state(out)
    runs = run_history(str(out))
    problems = [] if len(runs) == 2 else [f"{len(runs)} run records, expected 2"]
    best = min((differences(got, want) for want in wants), key=len)
    return problems + best + visible_temp_files(out)


def crash_during_compaction(bench: Bench) -> list[str]:
    """Many small commits, then ``dateline compact`` killed mid-way; a second compact converges."""
    out = bench.fresh()
    for path in bench.v1:
        run([path], out)
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATELINE_CRASH_AT": "compact"}
    cmd = [sys.executable, "-m", "pipelines.compact", str(out)]
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, start_new_session=True)
    if done.returncode != -signal.SIGKILL:
        return [f"compaction was not killed (exit {done.returncode}): {done.stderr[-300:]}"]
    env.pop("DATELINE_CRASH_AT")
    subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True)
    return differences(state(out), bench.clean("v1", bench.v1)) + visible_temp_files(out)


def data_files(output: pathlib.Path) -> int:
    """Data files on disk in the three tables, committed or not."""
    return sum(
        1 for t in ("documents", "events", "rejects") for _ in (output / "tables" / t).glob("*.parquet")
    )


def reading(con, documents: str = "documents", events: str = "events") -> tuple:
    """What a reader sees of a replace: documents (count, hash of their versions) and the event count."""
    return (
        con.execute(f"SELECT count(*), sum(hash(content_hash)) FROM {documents}").fetchone(),
        con.execute(f"SELECT count(*) FROM {events}").fetchone()[0],
    )


def poll_readers(output: pathlib.Path, stop: threading.Event, seen: list, errors: list) -> None:
    """Alternate the two documented readers: ``pipelines.query``, and plain DuckDB over the view
    resolved once (``os.path.realpath(OUT/_view)``), which pins one commit for the whole read. Each
    reading is kept with the number of data files on disk when it began (a writer's files raise it)."""
    plain = duckdb.connect()
    while not stop.is_set():
        files = data_files(output)
        try:
            seen.append((files, reading(connect(str(output)))))
            base = os.path.realpath(output / "_view")
            parquet = "read_parquet('{}/{}/*.parquet')"
            seen.append(
                (files, reading(plain, parquet.format(base, "documents"), parquet.format(base, "events")))
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what the scenario counts
            errors.append(repr(exc))
        time.sleep(0.02)


def readers_during_replace(bench: Bench) -> list[str]:
    """Readers polling while a run replaces every document: old state or new, never an error or a mix.

    The readers must also have overlapped the write: the run stalls for a second halfway through its
    commit (events committed to their Delta log, documents not), some reading began while the run's
    uncommitted files were on disk and still saw the old state, and some reading saw the new one.
    """
    out = bench.fresh()
    run(bench.v1, out)
    committed_files = data_files(out)
    old = reading(connect(str(out)))
    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=poll_readers, args=(out, stop, seen, errors))
    reader.start()
    try:
        run(bench.v2, out, stall_at="commit-events:1")
        new = reading(connect(str(out)))
        deadline = time.monotonic() + 30
        while not any(s == new for _, s in seen) and time.monotonic() < deadline and reader.is_alive():
            time.sleep(0.05)  # a run can end between two readings: let the reader see its commit once
    finally:
        stop.set()
        reader.join()
    states = [s for _, s in seen]
    mixed = {s for s in states if s not in (old, new)}
    overlap = [s for files, s in seen if files > committed_files and s == old]
    return (
        [f"reader error: {e}" for e in errors[:3]]
        + [f"mixed state seen: {s}" for s in list(mixed)[:3]]
        + ([] if old != new else ["the replace run changed nothing readers can tell apart"])
        + ([] if overlap else ["no reading saw the old state while the run's files were on disk"])
        + ([] if new in states else ["no reading saw the new state"])
    )


POINTS = (
    "write-documents",
    "write-events",
    "commit-events",
    "commit-rejects",
    "commit-documents",
    "history",
    "head",
    "view",
)


def scenarios(bench: Bench, points=POINTS, kills: int = 3) -> dict[str, Callable[[], list[str]]]:
    found: dict[str, Callable[[], list[str]]] = {}
    for point in points:
        found[f"kill at {point}, rerun"] = lambda p=point: crash_then_rerun(bench, p)
        found[f"kill a replace at {point}, rerun"] = lambda p=point: crash_replace_then_rerun(bench, p)
    found["kill at commit-events, rerun with one more file"] = lambda: crash_then_rerun_with_more(
        bench, "commit-events"
    )
    for seed in range(kills):
        found[f"random kill #{seed}, rerun"] = lambda s=seed: random_kill_then_rerun(bench, s)
    found["two overlapping runs"] = lambda: overlapping_runs(bench, edited=False)
    found["old and edited version at once"] = lambda: overlapping_runs(bench, edited=True)
    found["kill during compaction"] = lambda: crash_during_compaction(bench)
    found["readers during a replace run"] = lambda: readers_during_replace(bench)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.torture", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--files", type=int, default=15)
    parser.add_argument("--workdir", help="Keep outputs here (default: a temporary folder, removed).")
    parser.add_argument("--only", help="Run the scenarios whose name contains this text.")
    args = parser.parse_args(argv)
    root = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="dateline-torture-"))
    bench = Bench(root, args.files, args.docs)
    results = {}
    chosen = {n: s for n, s in scenarios(bench).items() if not args.only or args.only in n}
    for name, scenario in chosen.items():
        started = time.monotonic()
        try:
            problems = scenario()
        except Exception as exc:  # noqa: BLE001 - a scenario that cannot even run does not converge
            problems = [f"{type(exc).__name__}: {exc}"]
        results[name] = problems
        verdict = "converges" if not problems else "FAILS: " + "; ".join(problems)
        print(f"{name:50s} {time.monotonic() - started:6.1f} s  {verdict}", flush=True)
    good = sum(not p for p in results.values())
    print(f"{good}/{len(results)} scenarios converge ({args.docs} documents in {args.files} files)")
    if not args.workdir:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if good == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
