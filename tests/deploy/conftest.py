"""Deploy checks: the shared samples/demo fixtures, the output read back as rows, and a network guard."""

from __future__ import annotations

import pathlib
import socket
from collections.abc import Callable

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import TABLES
from tests.pipeline.conftest import demo_output, samples_dir  # noqa: F401 - fixtures shared with tests/pipeline

REPO = pathlib.Path(__file__).resolve().parents[2]


class NetworkDenied(BaseException):
    """Raised on any attempt to reach the network; a BaseException so no retry loop swallows it."""


def deny_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail fast, at the first socket, instead of reaching out or hanging in a retry loop."""

    def deny(*args, **kwargs):
        raise NetworkDenied(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", deny)
    monkeypatch.setattr(socket.socket, "connect_ex", deny)
    monkeypatch.setattr(socket, "create_connection", deny)
    monkeypatch.setattr(socket, "getaddrinfo", deny)
    # Google auth must neither find credentials nor probe the metadata server.
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:9")
    monkeypatch.setenv("GCE_METADATA_IP", "127.0.0.1:9")


@pytest.fixture
def no_network(monkeypatch):
    deny_network(monkeypatch)


def table_rows(
    files: list[str], read: Callable[[str], bytes], name: str, normalise: Callable[[str], str] = str
) -> list[tuple]:
    """Every row of one table, from the given data files, as sorted tuples."""
    table = next(t for t in TABLES if t.name == name)
    out = []
    for path in files:
        data = pq.read_table(pa.BufferReader(read(path)))
        assert data.schema.names == [c.name for c in table.columns], path
        for row in data.to_pylist():
            out.append(tuple(normalise(v) if isinstance(v, str) else v for v in row.values()))
    return sorted(out, key=repr)


def local_tables(output: pathlib.Path) -> dict[str, list[tuple]]:
    """The committed rows of each table, read through the plain Parquet view."""
    result = {}
    for t in TABLES:
        files = sorted(str(p) for p in (output / t.name).glob("part-*.parquet"))
        result[t.name] = table_rows(files, lambda p: pathlib.Path(p).read_bytes(), t.name)
    return result
