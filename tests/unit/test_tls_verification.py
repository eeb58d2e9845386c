"""TLS verification is never turned off: a text check import-linter cannot express (the import
rules this file's predecessor, livevox/test_layering.py, checked are contracts now: see
test_architecture.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import inbox_app

PACKAGE = Path(inbox_app.__file__).parent


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
