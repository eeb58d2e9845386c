"""The LiveVox protocol layer: a plain async library with no Qt in it.

``from inbox_app.livevox import LiveVoxClient, errors, models`` is the public surface.
"""

import sys

# httpx imports its command-line tool (click, rich, pygments) whenever they are installed,
# which the simulator's and the tests' dependencies make true: about 70 ms of start-up and
# 7 MB. Marking the module absent makes httpx fall back to its stub, as it does without them.
sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]

from . import errors, models  # noqa: E402
from .client import LiveVoxClient  # noqa: E402
from .env import ENVIRONMENTS, base_url_for  # noqa: E402

__all__ = ["ENVIRONMENTS", "LiveVoxClient", "base_url_for", "errors", "models"]
