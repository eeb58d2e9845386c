"""An SAP Live Link 365-compatible server for demos, classroom training and the client's tests.

Run it with ``inbox-sim --platform livelink``, or embed it with :class:`LiveLinkSimulator`.
The pieces: :mod:`.state` (the account in SQLite: tokens, MTs and ACKs, MOs), :mod:`.app`
(the ``/api`` wire of the published definition, and the ``/_sim/`` admin API),
:mod:`.dataset` (the demo world), :mod:`.traffic` (simulated customers), :mod:`.embedded`.
Shared with the LiveVox simulator: :mod:`..faults` and :mod:`..shared`.
"""

from __future__ import annotations

from .embedded import LiveLinkCredentials, LiveLinkSimulator
from .state import LiveLinkConfig, LiveLinkWorld

__all__ = ["LiveLinkConfig", "LiveLinkCredentials", "LiveLinkSimulator", "LiveLinkWorld"]
