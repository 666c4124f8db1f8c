"""The one-way flow, enforced: no import circle in ``src/carrierwatch`` and no import against the flow.

Every ``import`` and ``from … import`` of the package is read from the source (module level and inside
functions alike: a lazy import is still a dependency), except those under ``if TYPE_CHECKING:``. A name
imported from a package that is itself a submodule (``from carrierwatch.telemetry import lake``) counts as an
import of that submodule.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import carrierwatch

SRC = Path(carrierwatch.__file__).parent

#: The flow, from the bottom up (docs/architecture.md): a module may import only from its own room or a room
#: listed before it. Rooms on one line share a rank and may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("masking",),
    ("kinds",),
    ("findings",),
    ("values",),
    ("workspace",),
    ("statedb",),
    ("engine",),
    ("intel",),
    ("telemetry",),
    ("configs",),
    ("audit",),
    ("detect",),
    ("li",),
    ("report",),
    ("share",),
    ("lab",),
    ("catalogue",),
    ("app", "pipeline"),
    ("demo",),
    ("commands", "web"),
    ("cli",),
    ("__main__",),
]
RANK = {room: n for n, rooms in enumerate(LAYERS) for room in rooms}


def _module_name(path: Path) -> str:
    parts = ("carrierwatch", *path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in SRC.rglob("*.py")}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                lines.update(range(sub.lineno, (sub.end_lineno or sub.lineno) + 1))
    return lines


def _imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for t in targets:
                if t.startswith("carrierwatch") and t != mod:
                    while t not in mods and "." in t:
                        t = t.rpartition(".")[0]
                    if t in mods and t != "carrierwatch":
                        graph[mod].add(t)
    return graph


def _room(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_room_has_a_place_in_the_flow() -> None:
    rooms = {_room(m) for m in _modules() if m != "carrierwatch"}
    assert rooms <= set(RANK), f"rooms missing from LAYERS: {sorted(rooms - set(RANK))}"


def test_no_import_circle() -> None:
    cycles = _cycles(_imports(_modules()))
    assert not cycles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_no_import_against_the_flow() -> None:
    bad = []
    for mod, deps in sorted(_imports(_modules()).items()):
        for dep in sorted(deps):
            a, b = _room(mod), _room(dep)
            if a != b and RANK.get(b, -1) >= RANK.get(a, -1):
                bad.append(f"{mod} -> {dep}")
    assert not bad, "imports against the flow (docs/architecture.md):\n" + "\n".join(bad)


def test_the_checker_sees_a_planted_violation(tmp_path: Path) -> None:
    """The graph walker is not vacuous: a back-edge and a circle in a toy graph are both reported."""
    graph = {"carrierwatch.findings": {"carrierwatch.cli"}, "carrierwatch.cli": {"carrierwatch.findings"}}
    assert _cycles(graph) == [["carrierwatch.cli", "carrierwatch.findings"]]
    assert _room("carrierwatch.telemetry.syslog.fast") == "telemetry"
    assert RANK["findings"] < RANK["cli"]
