"""The layers stay one-way: every import between project modules, including those inside
functions, follows the rules each package's ``__init__`` states, and no module imports
itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ingest", "vectorstore", "prompts")


def modules() -> dict[str, Path]:
    found = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules ``path`` imports anywhere in its body (resolved to known modules)."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant):
                targets = [str(node.args[0].value)]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: imports(path, name, set(modules())) for name, path in modules().items()}


def layer(module: str) -> str:
    if module in ("app.core.types", "app.core.settings", "app.core.questions"):
        return "core-leaf"
    if module in ("app.core.services", "app.core.query"):
        return "core-wiring"
    for prefix in ("app.answering", "app.interfaces", "app.evaluation"):
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return module.split(".")[0] if module != "app.core" else "core-leaf"


# which layers each layer may import (besides itself)
ALLOWED = {
    "vectorstore": set(),
    "prompts": set(),
    "ingest": {"vectorstore"},
    "core-leaf": {"vectorstore", "ingest", "core-leaf"},
    "app.answering": {"vectorstore", "ingest", "prompts", "core-leaf"},
    "core-wiring": {"vectorstore", "ingest", "prompts", "core-leaf", "app.answering"},
    "app.evaluation": {"vectorstore", "ingest", "core-leaf", "app.answering", "core-wiring"},
    "app": {"core-leaf", "core-wiring"},  # app/__init__: the public API, lazily
    "app.interfaces": {
        "vectorstore", "ingest", "prompts", "core-leaf", "app.answering", "core-wiring",
        "app.evaluation", "app",
    },
}  # fmt: skip


def test_every_module_is_in_a_known_layer():
    assert {layer(m) for m in GRAPH} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_follow_the_layers(module):
    mine = layer(module)
    wrong = sorted(t for t in GRAPH[module] if layer(t) != mine and layer(t) not in ALLOWED[mine])
    assert not wrong, f"{module} ({mine}) imports {wrong}"


def test_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)


def test_the_checker_sees_imports_inside_functions(tmp_path):
    """The rule must catch what it is for: an import hidden in a function body."""
    fake = tmp_path / "mod.py"
    fake.write_text("def f():\n    from app.core.services import build_services\n")
    assert "app.core.services" in imports(fake, "ingest.mod", set(GRAPH))
