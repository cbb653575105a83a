"""Flex-template entry point: ``pipelines.ingest`` with template-style boolean parameters.

The template launcher passes every parameter as ``--name=value``, so a switch arrives as
``--fetch_articles=true``, which argparse rejects for a ``store_true`` flag. Switches are rewritten to
the bare flag (``true``) or dropped (``false``); everything else passes through unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def switches() -> set[str]:
    """Dest names of the ingest CLI's on/off flags, read from the parser itself."""
    from pipelines.options import IngestOptions

    parser = argparse.ArgumentParser(add_help=False)
    IngestOptions._add_argparse_args(parser)
    return {a.dest for a in parser._actions if isinstance(a, argparse._StoreTrueAction)}


def template_args(argv: Sequence[str], flags: set[str] | None = None) -> list[str]:
    flags = switches() if flags is None else flags
    out = []
    for arg in argv:
        name, eq, value = arg.partition("=")
        dest = name.lstrip("-").replace("-", "_")
        if eq and dest in flags:
            if value.strip().lower() not in ("true", "false"):
                raise SystemExit(f"dateline flex template: {name} takes true or false, not {value!r}")
            if value.strip().lower() == "true":
                out.append(f"--{dest}")
        else:
            out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from pipelines.ingest import main as ingest_main

    return ingest_main(template_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
