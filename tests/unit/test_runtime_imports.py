"""What importing a protocol package really loads, third-party imports included: import-linter
sees only our own source, so "no Qt" through a dependency, and Live Link's lazy httpx and
pydantic, are checked by importing in a fresh interpreter. The import rules between our own
packages, which livevox/ and livelink/test_layering.py checked on the AST, are contracts now
(pyproject.toml, run by test_architecture.py)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_livevox_loads_no_qt() -> None:
    code = (
        "import sys, inbox_app.livevox; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_livelink_loads_no_qt_and_no_httpx() -> None:
    code = (
        "import sys, inbox_app.livelink; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')), "
        "'httpx' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] False False"
