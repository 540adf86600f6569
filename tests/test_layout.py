"""The code stays easy to change (issue #21): no import cycle between the modules under scripts/,
no module over 400 lines, no function over 60. Read from the source text, nothing imported."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
EXEMPT: set = set()         # every module is held to these rules


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module under scripts/ (humiao.pages, humiao.completion.cli, …)."""
    out = {}
    for path in sorted(SCRIPTS.rglob("*.py")):
        parts = list(path.relative_to(SCRIPTS).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules under scripts/ that `name` imports, anywhere in the file (a lazy import inside a
    function is still an edge: it only hides a cycle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            # `from . import x` imports the module x; `from .x import y` imports x
            targets = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known] or [base]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as [a, b, …, a], or [] when there is none (depth-first search)."""
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt):] + [nxt]
            if not state.get(nxt):
                found = visit(nxt, trail + [nxt])
                if found:
                    return found
        state[node] = 2
        return []

    for node in sorted(graph):
        if not state.get(node):
            found = visit(node, [node])
            if found:
                return found
    return []


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    assert "humiao.content" in graph["humiao.validate"], "the import reader lost an edge"
    cycle = find_cycle(graph)
    assert not cycle, "import cycle: " + " → ".join(cycle)


@pytest.mark.parametrize("path", sorted(SCRIPTS.rglob("*.py")), ids=lambda p: str(p.relative_to(SCRIPTS)))
def test_module_is_small(path):
    if path.relative_to(SCRIPTS).as_posix() in EXEMPT:
        pytest.skip("exempt for now")
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_MODULE_LINES}): split it by what it does"


@pytest.mark.parametrize("path", sorted(SCRIPTS.rglob("*.py")), ids=lambda p: str(p.relative_to(SCRIPTS)))
def test_functions_are_short(path):
    if path.relative_to(SCRIPTS).as_posix() in EXEMPT:
        pytest.skip("exempt for now")
    long = [f"{node.name} (line {node.lineno}, {node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{path.relative_to(ROOT)}: functions over {MAX_FUNCTION_LINES} lines: {', '.join(long)}; split each into named steps"
