"""The eval script runs end to end on a tiny corpus built from our own HTML fixtures."""

from __future__ import annotations

import gzip
import hashlib
import json

from benchmarks.boilerplate_eval import main, prf
from tests.boilerplate.conftest import FIXTURES, html_fixtures


def test_prf_token_multisets():
    assert prf("a b b c", "a b b c") == (1.0, 1.0, 1.0)
    assert prf("a b b c", "a b") == (1.0, 0.5, 2 / 3)
    assert prf("a b", "") == (0.0, 0.0, 0.0)
    assert prf("", "") == (1.0, 1.0, 1.0)


def test_eval_script_prints_table_and_finds_no_cue_lines(tmp_path, capsys):
    pages = tmp_path / "html"
    pages.mkdir()
    truth = {}
    for name, html, expect in html_fixtures():
        key = hashlib.sha256(name.encode()).hexdigest()
        (pages / f"{key}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[key] = {"articleBody": "\n".join(expect["must_keep"]), "url": expect["url"]}
    truth_file = tmp_path / "ground-truth.json"
    truth_file.write_text(json.dumps(truth), encoding="utf-8")

    rc = main(["--pages", str(pages), "--truth", str(truth_file), "--fixtures", str(FIXTURES)])
    out = capsys.readouterr().out
    assert rc == 0
    assert f"Article extraction, {len(truth)} pages" in out
    ours = next(line for line in out.splitlines() if line.startswith("dateline extract_html"))
    assert ours.split()[5] == "0"  # documents whose output still holds a cue line
    assert "strip_text (~3 KB texts)" in out or "strip_text:" in out
    assert "all                        0               0" in out
