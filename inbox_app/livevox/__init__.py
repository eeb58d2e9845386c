"""The LiveVox protocol layer: a plain async library with no Qt in it.

``from inbox_app.livevox import LiveVoxClient, errors, models`` is the public surface. The
names load on first use (PEP 562), so a light submodule such as ``livevox.env`` costs no
httpx or pydantic: the command line and the cached first screen import it before either.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

# httpx imports its command-line tool (click, rich, pygments) whenever they are installed,
# which the simulator's and the tests' dependencies make true: about 70 ms of start-up and
# 7 MB. Marking the module absent makes httpx fall back to its stub, as it does without them.
sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]

if TYPE_CHECKING:
    from . import errors, models
    from .client import LiveVoxClient
    from .env import ENVIRONMENTS, base_url_for

__all__ = ["ENVIRONMENTS", "LiveVoxClient", "base_url_for", "errors", "models"]

_HOMES = {
    "LiveVoxClient": ".client",
    "ENVIRONMENTS": ".env",
    "base_url_for": ".env",
}


def __getattr__(name: str) -> Any:
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
