"""The two layers: a core that works without Apache Beam, and the Beam layer on top (docs/architecture.md).

The folder says the side: everything under ``transforms/beam/`` is the Beam layer; the rest of
``transforms/`` and ``schemas/`` is the core. Two checks. One imports every core module in a fresh
virtual environment that holds every installed package except Apache Beam, as on a machine without
Beam. The other reads every project module's imports with ``ast``, function-local ones included, and
asserts that the import graph has no cycle and that core modules import neither Beam nor a Beam-layer
module.
"""

from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys
import sysconfig

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
LAYERED = ("pipelines", "transforms", "schemas")
BEAM_LAYER = "transforms.beam"


# Edges allowed to close a cycle, until their owners break them. Keep this empty.
CYCLE_ALLOWLIST: set[tuple[str, str]] = set()

# Core modules that still reach Beam, each with the change that removes it. Keep this empty.
BEAM_IN_CORE_ALLOWLIST: set[tuple[str, str]] = set()


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, pathlib.Path]:
    return {
        module_name(path): path
        for top in LAYERED
        for path in sorted((REPO / top).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def is_core(name: str) -> bool:
    """The core is ``schemas`` and ``transforms`` outside ``transforms/beam/``; ``pipelines`` is neither."""
    in_beam_layer = name == BEAM_LAYER or name.startswith(BEAM_LAYER + ".")
    return name.split(".")[0] in ("schemas", "transforms") and not in_beam_layer


def imported_names(path: pathlib.Path, name: str) -> set[str]:
    """Every module name an ``import`` in the file mentions (``from a import b`` gives ``a`` and ``a.b``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # ``if TYPE_CHECKING:`` imports never run: annotations, not dependencies
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Project edges (a module to the project modules it runs on import, parent packages included)
    and every module's external top-level imports."""
    modules = project_modules()
    graph: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges, outside = set(), set()
        for target in imported_names(path, name):
            if target.split(".")[0] not in LAYERED:
                outside.add(target.split(".")[0])
                continue
            if target not in modules:
                continue  # ``from package import function``: the package itself is also in the set
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                prefix = ".".join(parts[:depth])
                # A package's __init__ runs before its submodules; it is no edge from its own children.
                if prefix in modules and prefix != name and not name.startswith(prefix + "."):
                    edges.add(prefix)
        graph[name] = edges
        external[name] = outside
    return graph, external


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle():
    graph, _ = import_graph()
    components = cycles(graph)
    for source, target in CYCLE_ALLOWLIST:
        assert target in graph[source], f"allowlisted edge {source} -> {target} is gone: remove it"
        # Each allowlisted edge must still close a cycle, or its entry outlived the cycle.
        assert any({source, target} <= set(c) for c in components), (
            f"allowlisted edge {source} -> {target} closes no cycle any more: remove it"
        )
        graph[source].discard(target)
    assert cycles(graph) == []


def test_core_modules_import_neither_beam_nor_the_beam_layer():
    graph, external = import_graph()
    core = sorted(name for name in graph if is_core(name))
    assert {
        "schemas.raw",
        "transforms.readers",
        "transforms.temporal.tagger",
        "transforms.fetch.client",
    } <= set(core)
    upward = [(name, target) for name in core for target in sorted(graph[name]) if not is_core(target)]
    assert upward == []
    beam = {(name, "apache_beam") for name in core if "apache_beam" in external[name]}
    assert beam - BEAM_IN_CORE_ALLOWLIST == set()
    assert BEAM_IN_CORE_ALLOWLIST <= beam, "an allowlisted module no longer imports Beam: remove it"


IMPORT_ALL = """
import importlib, importlib.util, json, sys

failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failed[name] = str(exc)
print(json.dumps({"failed": failed, "beam_installed": importlib.util.find_spec("apache_beam") is not None}))
"""


def venv_without_beam(root: pathlib.Path) -> pathlib.Path:
    """A virtual environment holding every package this interpreter has, Apache Beam and the project's
    own installed copy excepted (linked, not copied: a second or so). Returns its ``python``."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    for folder in map(pathlib.Path, sorted(here)):
        for entry in folder.iterdir():
            name = entry.name.lower()
            if name.startswith(("apache_beam", "__editable__", "dateline", "_dateline")):
                continue
            link = pathlib.Path(site) / entry.name
            if not link.exists():
                link.symlink_to(entry)
    return python


@pytest.mark.slow  # builds a venv
def test_the_core_imports_in_a_venv_without_apache_beam(tmp_path):
    python = venv_without_beam(tmp_path / "venv")
    core = sorted(name for name in project_modules() if is_core(name))
    assert {"schemas.raw", "transforms.readers", "transforms.store.commit", "transforms.accounting"} <= set(
        core
    )

    def import_all(names: list[str]) -> dict:
        run = subprocess.run(
            [python, "-c", IMPORT_ALL, json.dumps(names)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    assert import_all(core) == {"failed": {}, "beam_installed": False}
    # The environment is honest: a Beam-layer module does fail there, for want of Beam.
    layer = import_all(["transforms.beam.stages"])["failed"]
    assert "apache_beam" in layer["transforms.beam.stages"]


def test_no_entry_point_imports_another():
    """A command's module (one with ``main``) runs on the shared modules of ``pipelines/`` and the layers
    below, never on another command: what two commands share lives below them. ``cli`` dispatches."""
    graph, _ = import_graph()
    modules = project_modules()
    commands = {
        name
        for name, path in modules.items()
        if name.startswith("pipelines.") and "\ndef main(" in path.read_text(encoding="utf-8")
    }
    assert {"pipelines.ingest", "pipelines.stream", "pipelines.query", "pipelines.report"} <= commands
    sideways = sorted(
        (name, target) for name in commands - {"pipelines.cli"} for target in graph[name] & commands
    )
    assert sideways == []
