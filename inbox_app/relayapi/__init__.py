"""The relay's desktop API (events, agents, shared conversation state): a plain async
library with no Qt in it, and no knowledge of the relay server's code.

``from inbox_app.relayapi import RelayClient, errors, models`` is the public surface. The
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
    from .client import RelayClient

__all__ = ["RelayClient", "errors", "models"]


def __getattr__(name: str) -> Any:
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    if name == "RelayClient":
        return getattr(importlib.import_module(".client", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
