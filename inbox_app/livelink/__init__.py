"""The SAP Live Link 365 protocol layer: a plain async library with no Qt in it.

``from inbox_app.livelink import LiveLinkClient, errors, models`` is the public surface. The
names load on first use (PEP 562), so importing the package costs no httpx or pydantic.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

# httpx imports its command-line tool (click, rich, pygments) whenever they are installed:
# marking the module absent makes httpx fall back to its stub (see inbox_app.livevox).
sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]

if TYPE_CHECKING:
    from . import errors, models
    from .client import BASE_URL, LiveLinkClient

__all__ = ["BASE_URL", "LiveLinkClient", "errors", "models"]


def __getattr__(name: str) -> Any:
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    if name in ("LiveLinkClient", "BASE_URL"):
        return getattr(importlib.import_module(".client", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
