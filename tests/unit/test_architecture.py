"""The architecture holds: import-linter's contracts (``[tool.importlinter]`` in pyproject.toml)
and no import cycles between the modules of inbox_app.

Imports under ``if TYPE_CHECKING:`` count here as in the contracts: naming another module's
type is a dependency of the design, and the guard hides a cycle from the interpreter, not
from the reader.
"""

from __future__ import annotations

import copy
import itertools
import os
import subprocess
import sys
import tomllib
from collections import deque
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import grimp
import pytest

import inbox_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "inbox_app"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}


def test_the_checked_package_is_this_checkout() -> None:
    assert Path(inbox_app.__file__).resolve().parent == PACKAGE


def test_import_contracts_hold() -> None:
    """``lint-imports`` on the contracts in pyproject.toml; a broken one fails with its report."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command as c; c(sys.argv[1:])",
            "--no-cache",
            "--no-logo",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"import contracts broken:\n{result.stdout}{result.stderr}", pytrace=False)


def _protocol_packages() -> set[str]:
    """The protocol packages as the layers contract names them (optional ones once they
    exist on disk)."""
    (layer,) = (layer for layer in CONTRACTS["layers"]["layers"] if "livevox" in layer)
    names = (name.strip().strip("()") for name in layer.split("|"))
    return {f"inbox_app.{name}" for name in names if (PACKAGE / name).is_dir()}


def test_every_contract_that_names_protocol_packages_names_them_all() -> None:
    """Adding a protocol package is one line in each contract that lists the others; this
    names any contract that misses it."""
    protocols = _protocol_packages()
    assert {"inbox_app.livevox", "inbox_app.livelink"} <= protocols
    missing = {}
    for contract_id, contract in CONTRACTS.items():
        for field in ("source_modules", "forbidden_modules", "modules", "allowed_importers"):
            listed = set(contract.get(field, ()))
            if listed & protocols and not protocols <= listed:
                missing[f"{contract_id}.{field}"] = sorted(protocols - listed)
    assert not missing, "add to each contract:\n" + "\n".join(
        f"{where}: {', '.join(names)}" for where, names in sorted(missing.items())
    )


# --- no import cycles ---------------------------------------------------------------------


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("inbox_app", cache_dir=None, exclude_type_checking_imports=False)


def _strongly_connected(graph: grimp.ImportGraph) -> Iterator[set[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == module:
                            break
                    yield group
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
            elif child in on_stack:
                low[module] = min(low[module], index[child])


def _shortest_cycle(graph: grimp.ImportGraph, group: set[str]) -> list[str]:
    """The shortest cycle through the group's first module (breadth first, inside the group)."""
    start = min(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for child in sorted(graph.find_modules_directly_imported_by(module) & group):
            if child == start:
                path = [module]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if child not in came_from:
                came_from[child] = module
                queue.append(child)
    raise AssertionError(f"no cycle in {group}")


def _describe(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    steps = []
    for importer, imported in itertools.pairwise(cycle):
        lines = sorted(
            d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)
        )
        steps.append(f"{importer} (l.{', '.join(map(str, lines))})")
    return " -> ".join([*steps, cycle[-1]])


def test_no_import_cycles() -> None:
    graph = copy.deepcopy(_graph())
    cycles = [
        _describe(graph, _shortest_cycle(graph, group))
        for group in _strongly_connected(graph)
        if len(group) > 1
    ]
    assert not cycles, "import cycles:\n" + "\n".join(sorted(cycles))
