"""The layering that pyproject.toml declares holds, and no package imports itself in a loop.

Runs in the app environment (import-linter and grimp are in requirements/app.txt).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("store", "retrieval", "analytics", "ingest", "bot", "connectors", "nlu", "rasa_server")


def test_import_linter_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), so every loop is named."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.find_modules_directly_imported_by(node):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    # A package's __init__ re-exporting its modules is not a loop of its own modules.
    for package in [m for m in graph.modules if (ROOT / Path(*m.split("."))).is_dir()]:
        for child in graph.find_children(package):
            if graph.direct_import_exists(importer=package, imported=child):
                graph.remove_import(importer=package, imported=child)
    assert _cycles(graph) == []


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside a function body, with the source line, so each can carry its reason."""
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    found.append((node.lineno, lines[node.lineno - 1]))
    return found


def test_every_import_inside_a_function_says_why() -> None:
    missing = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = path.read_text().splitlines()
            for lineno, line in _function_imports(path):
                above = lines[lineno - 2].strip() if lineno > 1 else ""
                if "#" not in line and not above.startswith("#"):
                    missing.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert missing == [], "an import inside a function needs a one-line reason (a comment):\n" + "\n".join(missing)


BASES = {
    "store": ("store.errors", "StoreError"),
    "retrieval": ("retrieval.errors", "RetrievalError"),
    "analytics": ("analytics.errors", "AnalyticsError"),
    "ingest": ("ingest.errors", "IngestError"),
    "bot": ("bot.services.errors", "ServiceError"),
    "connectors": ("connectors.errors", "ConnectorError"),
}


@pytest.mark.parametrize("package", sorted(BASES))
def test_one_exception_base_per_package(package: str) -> None:
    import importlib  # the app packages are imported only by this test, not at collection
    import inspect
    import pkgutil

    module_name, base_name = BASES[package]
    base = getattr(importlib.import_module(module_name), base_name)
    stray = []
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if ".migrations." in info.name or info.name.endswith("__main__"):  # run by alembic / python -m only
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == info.name:
                if not issubclass(obj, base):
                    stray.append(f"{info.name}.{name}")
    assert stray == [], f"every exception of {package} derives from {base_name}"
