"""The iLiveIt messaging API protocol layer: a plain async library with no Qt in it.

``from inbox_app.iliveit import ILiveItClient, errors, models`` is the public surface. The
names load on first use (PEP 562), so importing the package costs no httpx or pydantic.

The relay (the service that receives iLiveIt's postbacks) uses :func:`models.parse_reply` and
:func:`models.parse_status` to validate and de-duplicate them; the app uses the client.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

# httpx imports its command-line tool (click, rich, pygments) whenever they are installed:
# marking the module absent makes httpx fall back to its stub (see inbox_app.livevox).
sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]

if TYPE_CHECKING:
    from . import errors, models
    from .client import ILiveItClient

__all__ = ["ILiveItClient", "errors", "models"]


def __getattr__(name: str) -> Any:
    if name in ("errors", "models", "parsing"):
        return importlib.import_module(f".{name}", __name__)
    if name == "ILiveItClient":
        return importlib.import_module(".client", __name__).ILiveItClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
