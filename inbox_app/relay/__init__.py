"""The relay: a small server between the SMS platforms that report only by webhook
(IMIconnect, iLiveIt) and the desktops.

It commits each webhook before answering 200, stores a platform's retries once, and hands
every event to every desktop in one order by cursor (``GET /v1/events``, a long-poll); it
also holds what agents share about those platforms' conversations (owner, read, resolved).
Its own top-level package: no Qt, no core, no ui, no simulator.

Modules: :mod:`.app` (HTTP API), :mod:`.validation` (the platforms' bodies),
:mod:`.conversations` (keys and sharing rules), :mod:`.store` (the storage interface),
:mod:`.sqlite_store`, :mod:`.postgres_store`, :mod:`.migrate` and ``migrations/`` (schema),
:mod:`.database` (``--database`` URLs), :mod:`.tokens`, :mod:`.server`, :mod:`.embedded`,
:mod:`.cli`.
"""

from __future__ import annotations

from .app import create_app
from .embedded import EmbeddedRelay
from .store import RelayStore

__all__ = ["EmbeddedRelay", "RelayStore", "create_app"]
