"""The LiveVox protocol layer: a plain async library with no Qt in it.

``from inbox_app.livevox import LiveVoxClient, errors, models`` is the public surface.
"""

from . import errors, models
from .client import LiveVoxClient
from .env import ENVIRONMENTS, base_url_for

__all__ = ["ENVIRONMENTS", "LiveVoxClient", "base_url_for", "errors", "models"]
