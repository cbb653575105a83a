"""The README's table reference is generated from schemas/: it must not drift."""

import pathlib
import re

from schemas import TABLES

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def test_readme_tables_match_schemas():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- tables:start -->\n(.*)\n<!-- tables:end -->", text, re.S).group(1)
    assert block.strip() == "\n\n".join(t.markdown() for t in TABLES).strip()


def test_readme_shows_both_commands_first():
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
