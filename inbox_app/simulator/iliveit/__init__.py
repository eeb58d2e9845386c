"""An iLiveIt-compatible messaging API server for demos, classroom training and tests.

Run it with ``inbox-sim --platform iliveit --relay URL``, or embed it with
:class:`ILiveItSimulator`. iLiveIt passes on replies and status changes only by postback,
to each message's own URLs; the simulator posts them with the platform's habits (retries
with ``RetryCount``, duplicates, reports out of order). See :mod:`.state` and :mod:`.app`.
"""

from __future__ import annotations

from .embedded import ILiveItCredentials, ILiveItSimulator
from .state import ILiveItWorld

__all__ = ["ILiveItCredentials", "ILiveItSimulator", "ILiveItWorld"]
