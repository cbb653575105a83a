"""``python -m schemas [--readme README.md]``: print the table reference, or refresh it in the README."""

import re
import sys

from schemas import TABLES

START, END = "<!-- tables:start -->", "<!-- tables:end -->"


def reference() -> str:
    return "\n\n".join(t.markdown() for t in TABLES)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--readme":
        path = sys.argv[2]
        text = open(path, encoding="utf-8").read()
        block = f"{START}\n{reference()}\n{END}"
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        open(path, "w", encoding="utf-8").write(text)
    else:
        print(reference())
