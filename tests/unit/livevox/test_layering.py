"""The protocol layer stays a plain async library: no Qt, and it owns every httpx import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import inbox_app

PACKAGE = Path(inbox_app.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_livevox_never_imports_qt() -> None:
    for path in (PACKAGE / "livevox").rglob("*.py"):
        assert not _imports(path) & {"PySide6", "qasync", "shiboken6"}, path


def test_importing_livevox_loads_no_qt() -> None:
    code = (
        "import sys, inbox_app.livevox; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The protocol packages, their shared plumbing, and the simulator (a server, not the app).
HTTPX_HOMES = {"livevox", "livelink", "wire", "simulator"}


def test_httpx_is_imported_only_by_the_protocol_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        if HTTPX_HOMES & set(path.relative_to(PACKAGE).parts):
            continue
        assert "httpx" not in _imports(path), path


def test_tls_verification_is_never_turned_off() -> None:
    """The one ``verify=`` (the shared pool in wire/http.py) hands httpx the verifying context
    of wire/tls.py (built off the loop); nothing passes False, a CA file of its own, or turns
    host or certificate checks off."""
    verifies = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "CERT_NONE" not in source and "check_hostname" not in source, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "verify":
                        verifies.append((path.name, ast.unparse(keyword.value)))
    assert verifies == [("http.py", "self.tls or True")]
