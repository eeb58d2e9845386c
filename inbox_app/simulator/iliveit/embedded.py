"""Run the iLiveIt simulator inside a test or the desktop demo on a free loopback port:

with ILiveItSimulator(relay=relay.hook_prefix("iliveit")) as sim:
    sim.base_url               # "http://127.0.0.1:54321"
    sim.credentials.token      # "demo-app-token"
    sim.inject_reply(message_id, "Yes please")
    sim.wait_webhooks()
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..hookworld import HookConfig, HookServer, hook_options
from ..webhooks import WebhookConfig
from .app import create_app
from .state import DEMO_NUMBER, ILiveItWorld

__all__ = ["ILiveItCredentials", "ILiveItSimulator"]


@dataclass(frozen=True)
class ILiveItCredentials:
    token: str
    base_url: str
    number: str


class ILiveItSimulator(HookServer):
    """An iLiveIt simulator on ``127.0.0.1:<free port>`` in a background thread. Postbacks
    go to each message's own URLs; ``relay`` (``…/hooks/iliveit/<secret>``) is for messages
    sent without them. Options as :class:`~..imiconnect.IMIconnectSimulator`'s."""

    def __init__(
        self,
        *,
        relay: str | None = None,
        seed: int = 0,
        db_path: str | None = None,
        faults: str | None = None,
        fault_seed: int = 0,
        traffic: float = 0.0,
        config: HookConfig | None = None,
        webhooks: WebhookConfig | None = None,
        clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        start_timeout: float = 10.0,
        **habits: Any,
    ) -> None:
        super().__init__(
            host, start_timeout, {"mo": []}, seed, db_path, faults, fault_seed, traffic
        )
        self._relay = relay
        self._config, self._webhooks = hook_options(config, webhooks, habits)
        self._clock = clock
        self.world: ILiveItWorld | None = None

    _create_app = staticmethod(create_app)

    def _open(self) -> tuple[ILiveItWorld, Any]:
        world = ILiveItWorld(
            self._db_path or ":memory:",
            relay=self._relay,
            clock=self._clock,
            seed=self._seed,
            config=self._config,
            webhooks=self._webhooks,
        )
        return world, self._dataset

    @property
    def credentials(self) -> ILiveItCredentials:
        world = self._require_world()
        return ILiveItCredentials(world.token, self.base_url, DEMO_NUMBER)

    def inject_reply(
        self, message_id: str | None, text: str, *, customer: str | None = None
    ) -> dict[str, Any]:
        """The customer answers ``message_id`` (or the last message sent to ``customer``)."""
        return self._require_world().inject_mo(customer, text, message_id=message_id)  # type: ignore[no-any-return]
