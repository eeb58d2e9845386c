"""What importing the package really loads, checked in a fresh interpreter (import-linter sees
only our own source): no Qt ever; no httpx or pydantic until a name is used."""

from __future__ import annotations

import subprocess
import sys

QT = "sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'shiboken6'))"


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_the_package_loads_no_qt_no_httpx_no_pydantic() -> None:
    code = (
        "import sys, inbox_app.imiconnect; "
        f"print({QT}, 'httpx' in sys.modules, 'pydantic' in sys.modules)"
    )
    assert _run(code) == "[] False False"


def test_the_whole_surface_loads_no_qt_and_no_app_code() -> None:
    code = (
        "import sys; from inbox_app.imiconnect import IMIconnectClient, errors, models; "
        "models.parse_mo({'tid': 't', 'oa': '15550100123', 'da': '1', 'message': ''}); "
        f"print({QT}, sorted(m for m in sys.modules "
        "if m.startswith(('inbox_app.core', 'inbox_app.ui', 'inbox_app.live'))))"
    )
    assert _run(code) == "[] []"
