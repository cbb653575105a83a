"""The two layers: a core that works without Apache Beam, and the Beam layer on top (docs/architecture.md).

Two checks. One imports every core module in a fresh interpreter where ``apache_beam`` cannot be
imported (a ``sys.meta_path`` finder refuses it, whether or not Beam is installed), as on a machine
without Beam. The other reads every project module's imports with ``ast``, function-local ones
included, and asserts that the import graph has no cycle and that core modules import neither Beam
nor a Beam-layer module.
"""

from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
LAYERED = ("pipelines", "transforms", "schemas")

# The Beam-free core: records, readers, extraction, boilerplate, temporal tagging, fetching, storage.
CORE_PACKAGES = (
    "schemas",
    "transforms.temporal",
    "transforms.boilerplate",
    "transforms.fetch",
    "transforms.store",
)
CORE_MODULES = (
    "transforms.readers",
    "transforms.documents",
    "transforms.events",
    "transforms.html_extract",
    "transforms.language",
    "transforms.lexicon",
    "transforms.ids",
    "transforms.errors",
    "transforms.fragments",
)

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
    return name in CORE_MODULES or any(name == p or name.startswith(p + ".") for p in CORE_PACKAGES)


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


# Run in a fresh interpreter: apache_beam cannot be imported there, installed or not.
WITHOUT_BEAM = """
import importlib, json, sys

class NoBeam:
    def find_spec(self, name, path=None, target=None):
        if name == "apache_beam" or name.startswith("apache_beam."):
            raise ImportError(f"No module named {name!r} (this test runs without Apache Beam)")
        return None

sys.meta_path.insert(0, NoBeam())
failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failed[name] = str(exc)
print(json.dumps({"failed": failed, "beam": sorted(m for m in sys.modules if m.startswith("apache_beam"))}))
"""


def test_the_core_imports_without_apache_beam():
    core = sorted(name for name in project_modules() if is_core(name))
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_BEAM, json.dumps(core)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result == {"failed": {}, "beam": []}
    # The finder is honest: a Beam-layer module does fail there.
    layer = subprocess.run(
        [sys.executable, "-c", WITHOUT_BEAM, json.dumps(["transforms.stages"])],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "apache_beam" in json.loads(layer.stdout)["failed"]["transforms.stages"]
