"""Live Link stays a plain async library: no Qt, no app code, no LiveVox; wire imports none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import inbox_app

PACKAGE = Path(inbox_app.__file__).parent


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports, relative ones resolved against its package."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


FORBIDDEN = {
    "livelink": (
        "PySide6",
        "qasync",
        "shiboken6",
        "inbox_app.livevox",
        "inbox_app.core",
        "inbox_app.ui",
    ),
    "livevox": (
        "PySide6",
        "qasync",
        "shiboken6",
        "inbox_app.livelink",
        "inbox_app.core",
        "inbox_app.ui",
    ),
    "wire": (
        "PySide6",
        "qasync",
        "shiboken6",
        "inbox_app.livelink",
        "inbox_app.livevox",
        "inbox_app.core",
        "inbox_app.ui",
    ),
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_protocol_packages_stay_apart(package: str) -> None:
    files = list((PACKAGE / package).rglob("*.py"))
    assert files
    for path in files:
        for name in _imports(path):
            for banned in FORBIDDEN[package]:
                assert not (name == banned or name.startswith(banned + ".")), (path, name)


def test_only_protocol_packages_import_wire() -> None:
    for path in PACKAGE.rglob("*.py"):
        part = path.relative_to(PACKAGE).parts[0]
        if part in ("livelink", "livevox", "wire"):
            continue
        assert not any(n.startswith("inbox_app.wire") for n in _imports(path)), path


def test_importing_livelink_loads_no_qt_and_no_httpx() -> None:
    code = (
        "import sys, inbox_app.livelink; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')), "
        "'httpx' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] False False"
