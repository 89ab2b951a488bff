"""The project's shape, as the developers' guide promises it: readers → rules and their
steps → history → pipeline → writers → commands, each importing only what comes before
it; no import loops, function-level imports included (those under ``TYPE_CHECKING``
are types only, never run); no module over 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"

#: Each stage of the flow by its top-level module or package; everything else is shared
#: ground (0: the records, values, texts, the catalog), which imports no stage.
STAGES = {
    "readers": 1,
    "inputs": 1,  # the inputs listed and read (readers.pool), what the masker knows of them
    "rules": 2,
    "actions": 2,  # the steps rules give
    "finding_steps": 2,  # a finding's steps made with them, as the outputs show them
    "escalation": 2,
    "history": 3,
    "pipeline": 4,
    "audit_report": 4,  # the outcome of an audit, the pipeline's, the writers' input
    "writers": 5,
    "overview": 6,  # `auditor history`'s account, told with the writers' figures
    "known_edit": 6,
    "run": 6,  # the whole audit in one call, outputs and history (what `auditor audit` runs)
    "run_args": 6,  # run.audit's arguments checked (a ReadOptions among them)
    "cli": 7,
    "__main__": 8,
}
MOST_LINES = 500


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING"


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules ``name`` imports when it runs, wherever in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
        else:
            visit(node)

    visit(ast.parse(path.read_text("utf-8")))
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.get(parts[1] if len(parts) > 1 else "", 0)


def test_the_graph_is_read():
    """The scan sees the imports it is meant to judge (else every test passes empty)."""
    assert "auditor.model" in GRAPH["auditor.pipeline"]
    assert "auditor.readers.pdf_open" in GRAPH["auditor.readers.pdf_scan"]  # in a function
    assert "auditor.actions" not in GRAPH["auditor.escalation"]  # types only


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_nothing_of_a_later_stage(module: str):
    later = sorted(other for other in GRAPH[module] if _stage(other) > _stage(module))
    assert later == [], f"{module} (stage {_stage(module)}) imports a later stage: {later}"


def test_no_import_loops():
    """No module reaches itself again through what it imports (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in GRAPH[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert loops == []


#: Every Python file of the project: the package, its tests, benchmarks and generators.
SOURCES = sorted(
    path.relative_to(PACKAGE.parent)
    for folder in ("auditor", "tests", "bench", "fixtures")
    for path in (PACKAGE.parent / folder).rglob("*.py")
)


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_no_module_is_over_500_lines(source: Path):
    lines = len((PACKAGE.parent / source).read_text("utf-8").splitlines())
    assert lines <= MOST_LINES, f"{source}: {lines} lines"


def test_the_architecture_page_names_every_module():
    """docs/architecture.md is where a newcomer finds a module: each is named there."""
    import re

    page = (PACKAGE.parent / "docs" / "architecture.md").read_text("utf-8")
    named = {name.rsplit("/", 1)[-1] for name in re.findall(r"`([\w/]+\.py)", page)}
    missing = sorted(str(p.relative_to(PACKAGE)) for p in MODULES.values() if p.name not in named)
    assert missing == []


def test_only_the_registry_imports_a_rule():
    """A rule's knowledge stays in its module: the rest of auditor asks the registry
    (``auditor.rules``) and the hooks every rule has, never one rule's module."""
    from auditor.rules import RULES

    rule_modules = {rule.__module__ for rule in RULES}
    assert len(rule_modules) == len(RULES)
    importers = sorted(
        (name, sorted(GRAPH[name] & rule_modules))
        for name in GRAPH
        if GRAPH[name] & rule_modules and name != "auditor.rules"
    )
    assert importers == []


def test_tests_import_each_other_by_module_name():
    # `make test` runs the pytest script, which puts tests/ on the path but not the
    # project folder: `from tests.x import …` works under `python -m pytest` only, and
    # broke a fresh clone's make test once.
    tests = PACKAGE.parent / "tests"
    wrong = [
        f"{path.name}:{number}"
        for path in sorted(tests.rglob("*.py"))
        for number, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if text.lstrip().startswith(("from tests.", "import tests"))
    ]
    assert wrong == []
