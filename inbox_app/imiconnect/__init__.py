"""The IMIconnect (Webex Connect) protocol layer: a plain async library with no Qt in it.

``from inbox_app.imiconnect import IMIconnectClient, errors, models`` is the public surface:
the client sends SMS and asks for a message's status; ``models.parse_dr`` and
``models.parse_mo`` read the two webhooks' bodies (delivery reports, customers' messages).
The names load on first use (PEP 562), so importing the package costs no httpx or pydantic.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

# httpx imports its command-line tool (click, rich, pygments) whenever they are installed:
# marking the module absent makes httpx fall back to its stub (see inbox_app.livevox).
sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]

if TYPE_CHECKING:
    from . import errors, models
    from .client import BASE_URL, BASE_URLS, IMIconnectClient

__all__ = ["BASE_URL", "BASE_URLS", "IMIconnectClient", "errors", "models"]


def __getattr__(name: str) -> Any:
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    if name in ("IMIconnectClient", "BASE_URL", "BASE_URLS"):
        return getattr(importlib.import_module(".client", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
