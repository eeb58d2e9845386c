"""A LiveVox-compatible server for demos, classroom training and the client's tests.

Run it with ``inbox-sim`` (or ``python -m inbox_app.simulator``), or embed it in a test with
:class:`EmbeddedSimulator`. The pieces: :mod:`.state` (the world in SQLite), :mod:`.app`
(the LiveVox HTTP API), :mod:`.dataset` (demo/empty/JSON worlds), :mod:`.faults` (fault
injection), :mod:`.admin` (``/_sim/`` control API), :mod:`.traffic` (simulated customers).

:mod:`.livelink` is the SAP Live Link 365 server (``inbox-sim --platform livelink``,
:class:`~.livelink.LiveLinkSimulator`); what both platforms share (the admin guard and fault
routes, the catch-all 500, the SQLite store, the embedded server's life cycle, app assembly)
lives in :mod:`.shared`.
"""

from __future__ import annotations

from .embedded import Credentials, EmbeddedSimulator

__all__ = ["Credentials", "EmbeddedSimulator"]
