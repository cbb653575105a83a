"""Issue 14 through the whole pipeline: hostile trees balance, edits replace, and a random tree adds up."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import ingest

from .conftest import REPO, rows

GOOD = "The harbour council met on 2 June 2025 and approved the new ferry timetable."


def _line(text: str) -> str:
    return json.dumps({"text": text})


def test_hostile_tree_is_accounted_for_and_never_hangs(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    big = _line("x" * 13000)
    (data / "wires.jsonl").write_text(f"{_line(GOOD)}\n{big}\n{_line('After the big line: ' + GOOD)}\n")
    (data / "empty.jsonl").write_bytes(b"")
    (data / "empty.txt").write_bytes(b"")
    (data / "x.txt").mkdir()
    (data / "dangling.txt").symlink_to(data / "gone.txt")
    os.mkfifo(data / "pipe.txt")
    (data / "u16.jsonl").write_bytes((_line("Die Fähre fährt ab 3. Juni 2025.") + "\n").encode("utf-16"))
    (data / "late-nul.txt").write_text(("Title\n\n" + GOOD + "\n") * 110 + "\x00end\n")  # NUL after 8 KiB
    output = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipelines.ingest", "--output", str(output), "--text", f"{data}/*"]
    cmd += ["--max-input-bytes", "12000", "--default-published", "2025-06-01T00:00:00Z"]
    done = subprocess.run(
        cmd,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((output / "_summary.json").read_text())
    counts = {k: summary["counts"][k] for k in ("inputs", "documents", "skipped", "rejects")}
    assert counts == {"inputs": 10, "documents": 3, "skipped": 3, "rejects": 4}
    assert summary["balanced"] is True
    assert summary["skips_by_reason"] == {"directory": 1, "empty_file": 2}
    assert summary["rejects_by_type"] == {
        "BinaryContent": 1,
        "DanglingSymlink": 1,
        "NotARegularFile": 1,
        "TooLarge": 1,
    }
    assert "[balanced]" in done.stdout
    refs = sorted(r[0].rsplit("/", 1)[1] for r in rows(output, "SELECT input_ref FROM documents"))
    assert refs == ["u16.jsonl#line=1", "wires.jsonl#line=1", "wires.jsonl#line=3"]
    (too_large,) = rows(output, "SELECT input_ref FROM rejects WHERE error_type = 'TooLarge'")
    assert too_large[0] == f"{data}/wires.jsonl#line=2"


def test_an_edited_file_page_and_line_replace_their_old_versions(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    page = (
        "<html><head><title>Tram</title></head><body><article><h1>Tram</h1><p>{}</p></article></body></html>"
    )
    (data / "a.txt").write_text(f"Ferry\n\n{GOOD}\n")
    (data / "page.html").write_text(
        page.format("The tram line opens on 5 May 2025 after two years of works.")
    )
    (data / "lines.jsonl").write_text(f"{_line(GOOD)}\n{_line('Second line: ' + GOOD)}\n")
    output = tmp_path / "out"
    args = ["--output", str(output), "--text", f"{data}/*.txt", "--text", f"{data}/*.jsonl"]
    args += ["--html", f"{data}/*.html", "--default-published", "2025-06-01T00:00:00Z"]
    assert ingest.main(args) == 0
    before = dict(rows(output, "SELECT input_ref, doc_id FROM documents"))
    assert len(before) == 4

    (data / "a.txt").write_text(f"Ferry\n\n{GOOD} Corrected on 3 June 2025.\n")
    (data / "page.html").write_text(page.format("The tram line opens on 12 May 2025, a week late."))
    (data / "lines.jsonl").write_text(f"{_line(GOOD + ' Updated.')}\n{_line('Second line: ' + GOOD)}\n")
    assert ingest.main(args) == 0
    after = dict(rows(output, "SELECT input_ref, doc_id FROM documents"))
    assert after == before  # same identities, one row each: the edits replaced the old versions
    bodies = " ".join(r[0] for r in rows(output, "SELECT body FROM documents"))
    assert "Corrected on 3 June 2025" in bodies and "12 May 2025" in bodies and "Updated." in bodies
    assert "5 May 2025" not in bodies
    summary = json.loads((output / "_summary.json").read_text())
    assert (summary["counts"]["changed"], summary["counts"]["unchanged"]) == (3, 1)


# --- property: a random tree of good and bad inputs adds up -----------------------------------------

_LINES = st.lists(st.sampled_from(["good", "blank", "big", "broken"]), min_size=0, max_size=4)
_ENTRY = st.one_of(
    st.tuples(st.just("txt"), st.booleans()),  # (kind, empty?)
    st.tuples(st.just("jsonl"), _LINES),
    st.tuples(st.sampled_from(["dir", "dangling", "link", "other_ext"]), st.none()),
)
_TREE = st.lists(st.tuples(_ENTRY, st.booleans()), min_size=1, max_size=8)  # (entry, in the subfolder?)


def _build(root: pathlib.Path, tree) -> dict[str, int]:
    """Write the tree and count, independently of the pipeline, where every input must end."""
    expect = {"inputs": 0, "documents": 0, "skipped": 0, "rejects": 0, "TooLarge": 0}
    sub = root / "sub"
    sub.mkdir()
    expect["inputs"] += 1  # the folder itself matches root/**
    expect["skipped"] += 1
    files: list[tuple[pathlib.Path, dict[str, int]]] = []

    def add(**counts: int) -> None:
        for key, value in counts.items():
            expect[key] += value

    for index, ((kind, arg), nested) in enumerate(tree):
        folder = sub if nested else root
        if kind == "txt":
            path = folder / f"t{index}.txt"
            path.write_text("" if arg else f"Title {index}\n\n{GOOD} Item {index}.\n")
            add(inputs=1, **({"skipped": 1} if arg else {"documents": 1}))
            files.append((path, {"inputs": 1, **({"skipped": 1} if arg else {"documents": 1})}))
        elif kind == "jsonl":
            path = folder / f"j{index}.jsonl"
            text = {
                "good": lambda n: _line(f"{GOOD} Line {n}."),
                "blank": lambda n: "  ",
                "big": lambda n: _line("y" * 600),
                "broken": lambda n: '{"text": ',
            }
            path.write_text("\n".join(text[k](n) for n, k in enumerate(arg)) + ("\n" if arg else ""))
            counts = {"inputs": max(1, len(arg)), "documents": arg.count("good")}
            counts["skipped"] = arg.count("blank") + (0 if arg else 1)
            counts["rejects"] = arg.count("big") + arg.count("broken")
            counts["TooLarge"] = arg.count("big")
            add(**counts)
            files.append((path, counts))
        elif kind == "dir":
            (folder / f"d{index}.txt").mkdir()
            add(inputs=1, skipped=1)
        elif kind == "dangling":
            (folder / f"l{index}.txt").symlink_to(folder / f"missing{index}.txt")
            add(inputs=1, rejects=1)
        elif kind == "other_ext":
            (folder / f"o{index}.md").write_text(GOOD)
            add(inputs=1, rejects=1)
        elif kind == "link":
            if files:  # a valid link to an earlier file is an input of its own, read like its target
                target, counts = files[0]
                (folder / f"k{index}{target.suffix}").symlink_to(target)
                add(**counts)
            else:
                (folder / f"k{index}.txt").symlink_to(sub)  # a link to a folder is a folder
                add(inputs=1, skipped=1)
    return expect


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_TREE)
def test_random_trees_balance_against_an_independent_count(tree):
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "in"
        root.mkdir()
        expect = _build(root, tree)
        output = pathlib.Path(scratch) / "out"
        summary = ingest.run(["--output", str(output), "--text", f"{root}/**", "--max-input-bytes", "500"])
    c = summary["counts"]
    assert c["inputs"] == expect["inputs"]
    assert c["inputs"] == c["documents"] + c["duplicates"] + c["unchanged"] + c["skipped"] + c["rejects"]
    assert summary["balanced"] is True
    assert (c["documents"], c["duplicates"], c["unchanged"]) == (expect["documents"], 0, 0)
    assert (c["skipped"], c["rejects"]) == (expect["skipped"], expect["rejects"])
    assert summary["rejects_by_type"].get("TooLarge", 0) == expect["TooLarge"]
