"""House rules that keep the core usable without Qt, the modules small, and the dependencies one way.

The import rules are those of docs/architecture.md: what crosses the wire is
in ``protocol`` (which imports no device code and no registry code), the
registry never imports the device's storage, the device never imports the
registry, records never import sync, and nothing in the core imports the UI.
They are checked on the source (every ``import`` statement, at module level,
in a function or under ``TYPE_CHECKING``), so a lazy import cannot hide a
dependency. The top-level packages import each other in one direction only:
no cycle among their module-level imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "intake_app"


def _core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]
            and p.name not in ("app.py",)]


def test_core_modules_do_not_import_pyside6():
    offenders = []
    for path in _core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_running_the_whole_cli_loads_no_qt():
    code = ("import sys, intake_app.cli.main, intake_app.forms, intake_app.records.lifecycle, "
            "intake_app.search.query, intake_app.users.service;"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_no_module_is_oversized():
    big = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert big == {}


def test_no_eval_exec_or_pickle_in_the_package():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(m.split(".")[0] in ("pickle", "marshal", "shelve") for m in mods):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


# -- the direction of dependencies ---------------------------------------------------------------

#: Modules below everything (no domain knowledge): any package may import them.
BASE = ("intake_app.errors", "intake_app.i18n", "intake_app.clock", "intake_app.paths", "intake_app.safe_io",
        "intake_app.canonical")
#: The device's storage: what the registry must never import.
DEVICE_STORAGE = ("intake_app.store", "intake_app.records", "intake_app.sync", "intake_app.device",
                  "intake_app.session")
#: The composition roots: they put the device, the registry and the UI together.
ROOTS = ("intake_app.cli", "intake_app.ui", "intake_app.app", "intake_app.__main__")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "intake_app.records.lifecycle"
    line: int
    targets: tuple[str, ...]  # what it names: the module, and module.name for each name of a ``from`` import
    module_level: bool  # runs when the module is imported (not in a function, not under TYPE_CHECKING)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[Import]:
    module = _module_name(path)

    def visit(node: ast.AST, module_level: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                yield Import(module, child.lineno, tuple(a.name for a in child.names), module_level)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: resolved against this module's package
                    package = module.split(".")[: len(module.split(".")) - child.level + (path.name == "__init__.py")]
                    base = ".".join([*package, base] if base else package)
                yield Import(module, child.lineno, (base, *(f"{base}.{a.name}" for a in child.names)), module_level)
            in_function = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            type_checking = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            yield from visit(child, module_level and not in_function and not type_checking)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), True)


def _all_imports() -> list[Import]:
    return [found for path in sorted(PACKAGE.rglob("*.py")) for found in _imports(path)]


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


@dataclass(frozen=True)
class Rule:
    """Modules ``of`` (prefixes) import nothing in ``never`` (or, with ``only``, nothing of ours but those)."""

    name: str
    of: tuple[str, ...]
    never: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None
    exempt: tuple[str, ...] = ()

    def broken_by(self, found: Import) -> list[str]:
        if not _within(found.module, self.of) or _within(found.module, self.exempt):
            return []
        ours = [t for t in found.targets if t.startswith("intake_app.")]
        bad = [t for t in ours if _within(t, self.never)]
        if self.only is not None:  # a name of the package itself (``from intake_app import __version__``) is fine
            bad += [t for t in ours if not _within(t, self.only) and _unit(t) is not None]
        return [f"{found.module}:{found.line} imports {t}" for t in dict.fromkeys(bad)]


_TOP_LEVEL = {p.stem for p in PACKAGE.iterdir() if (p.suffix == ".py" and p.stem != "__init__") or
              (p.is_dir() and (p / "__init__.py").exists())}

RULES = [
    Rule("the registry never imports the device's storage", of=("intake_app.registry",), never=DEVICE_STORAGE),
    Rule("the device never imports the registry (only the CLI puts both together)", of=("intake_app",),
         never=("intake_app.registry",), exempt=("intake_app.registry", "intake_app.cli")),
    Rule("records never import sync", of=("intake_app.records",), never=("intake_app.sync",)),
    Rule("protocol imports only itself and the base modules (no store, sync, records, registry, search, "
         "receipts, ui)", of=("intake_app.protocol",), only=("intake_app.protocol", *BASE)),
    Rule("bundles, read by the registry too, import only protocol and the base modules",
         of=("intake_app.bundles",), only=("intake_app.bundles", "intake_app.protocol", *BASE)),
    Rule("the shared encrypted database imports only the base modules", of=("intake_app.database",),
         only=("intake_app.database", *BASE)),
    Rule("nothing in the core imports the UI", of=("intake_app",), never=("intake_app.ui",), exempt=ROOTS),
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_import_rule(rule: Rule):
    broken = [problem for found in _all_imports() for problem in rule.broken_by(found)]
    assert broken == [], rule.name


def _unit(name: str) -> str | None:
    """The top-level package or module of ``intake_app`` that ``name`` is in, if any."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "intake_app" and parts[1] in _TOP_LEVEL else None


def _module_level_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for found in _all_imports():
        source = _unit(found.module)
        if source is None or not found.module_level:
            continue
        for target in found.targets:
            unit = _unit(target)
            if unit is not None and unit != source:
                graph.setdefault(source, set()).add(unit)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that returns to its start), or ``None``."""
    done: set[str] = set()
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for successor in sorted(graph.get(node, ())):
            found = walk(successor)
            if found:
                return found
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        found = walk(start)
        if found:
            return found
    return None


def test_top_level_packages_import_each_other_without_a_cycle():
    """E.g. records -> sync -> records would make each half of the loop unusable without the other."""
    cycle = _cycle(_module_level_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
