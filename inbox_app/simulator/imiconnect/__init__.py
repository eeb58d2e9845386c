"""An IMIconnect (Webex Connect)-compatible server for demos, classroom training and tests.

Run it with ``inbox-sim --platform imiconnect --relay URL``, or embed it with
:class:`IMIconnectSimulator`. IMIconnect reports delivery and customers' messages only by
webhook, so the simulator pushes them (with the platform's habits: retries, duplicates,
reports out of order) to the relay. The pieces: :mod:`.state` (the wire and the world),
:mod:`.app` (HTTP and ``/_sim/``), :mod:`.embedded`, :mod:`.cli`; shared with the other
webhook simulator: :mod:`..hookworld` and :mod:`..webhooks`.
"""

from __future__ import annotations

from .embedded import IMIconnectCredentials, IMIconnectSimulator
from .state import IMIconnectWorld

__all__ = ["IMIconnectCredentials", "IMIconnectSimulator", "IMIconnectWorld"]
