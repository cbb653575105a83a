"""What a repeated run costs: first run vs no-change runs over the same live feeds.

    python -m benchmarks.incremental [--feeds 20] [--items 50]

Serves generated RSS feeds from a server on 127.0.0.1 and runs ``pipelines.ingest`` three times into
one output: a first run; a second where every feed answers 304 (ETag); a third where the server
ignores validators and sends the same feeds again (every entry is skipped as unchanged before any
extraction). Prints wall time, documents written and skips for each, and the ratios to the first run.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from pipelines import ingest
from tests.support.http_server import LoopbackServer

WORDS = "council harbour ferry budget bridge museum festival strike port tunnel school airport".split()


def feed_xml(index: int, items: int, rng: random.Random) -> bytes:
    entries = []
    for i in range(items):
        topic = rng.choice(WORDS)
        day = rng.randint(1, 28)
        paragraphs = "".join(
            f"<p>The {topic} committee met on {day} June 2025 and again last week; officials said work "
            f"would resume this year. Paragraph {p} of story {index}-{i}.</p>"
            for p in range(6)
        )
        entries.append(
            f"<item><title>Story {index}-{i} about the {topic}</title>"
            f"<link>https://bench.example/{index}/{i}</link><pubDate>Tue, 24 Jun 2025 10:00:00 +0300</pubDate>"
            f"<description><![CDATA[{paragraphs}<p>Read also</p><ul><li>Other story from 2024</li></ul>]]></description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench {index}</title>{"".join(entries)}</channel></rss>'
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(7)
    feeds = {f"/feed-{i}.xml": feed_xml(i, args.items, rng) for i in range(args.feeds)}
    server = LoopbackServer().start()  # the tests' scripted server: static routes answer 304 to their ETag
    for path, body in feeds.items():
        server.static(path, 200, body, {"ETag": f'"{hash(body) & 0xFFFFFFFF:x}"'})
    base = server.base
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        argv = [
            "--output",
            str(out),
            "--allow-private-hosts",
            "--per-host-delay",
            "0",
            "--per-host-concurrency",
            "4",
        ]
        for path in feeds:
            argv += ["--feed", base + path]
        results = []
        for label, etag in (
            ("first run", True),
            ("no change, 304s", True),
            ("no change, no validators", False),
        ):
            server.honour_etag = etag
            started = time.perf_counter()
            ingest.run(argv)
            elapsed = time.perf_counter() - started
            summary = json.loads((out / "_summary.json").read_text())
            results.append((label, elapsed, summary["counts"], summary["skips_by_reason"]))
    server.close()
    first = results[0][1]
    print(f"{args.feeds} feeds x {args.items} entries over loopback HTTP")
    print(f"{'run':<26} {'seconds':>8} {'x first':>8} {'docs':>6}  skips")
    for label, elapsed, counts, skips in results:
        print(f"{label:<26} {elapsed:8.2f} {elapsed / first:8.2f} {counts['documents']:>6}  {skips}")


if __name__ == "__main__":
    main()
