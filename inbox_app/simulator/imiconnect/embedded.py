"""Run the IMIconnect simulator inside a test or the desktop demo on a free loopback port:

with EmbeddedRelay() as relay, IMIconnectSimulator(relay=relay.hook_prefix("imiconnect")) as sim:
    sim.base_url                 # "http://127.0.0.1:54321"
    sim.credentials.service_key  # "demo-service-key"
    sim.inject_mo("13125550142", "Hi there")
    sim.wait_webhooks()          # until the relay answered every due webhook
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..hookworld import HookConfig, HookServer, hook_options
from ..webhooks import WebhookConfig
from .app import create_app
from .state import DEMO_CODES, IMIconnectWorld, demo_dataset

__all__ = ["IMIconnectCredentials", "IMIconnectSimulator"]


@dataclass(frozen=True)
class IMIconnectCredentials:
    service_key: str
    base_url: str
    codes: tuple[str, ...]


class IMIconnectSimulator(HookServer):
    """An IMIconnect simulator on ``127.0.0.1:<free port>`` in a background thread; its
    webhooks go to ``relay`` (a hook prefix: ``…/hooks/imiconnect/<secret>``).

    ``clock`` (seconds since the epoch) lets a test drive time. The habits
    (``duplicate_rate``, ``reorder_rate``, ``retry_delays``) and a message's life
    (``submit_delay``, ``delivery_delay``, ``reply_rate``, ``reply_delay``) are shortcuts
    for the configs; ``dataset="empty"`` starts with no demo customers writing in.
    """

    def __init__(
        self,
        *,
        relay: str | None = None,
        dataset: str | dict[str, Any] = "demo",
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
        super().__init__(host, start_timeout, dataset, seed, db_path, faults, fault_seed, traffic)
        self._relay = relay
        self._config, self._webhooks = hook_options(config, webhooks, habits)
        self._clock = clock
        self.world: IMIconnectWorld | None = None

    _create_app = staticmethod(create_app)

    def _open(self) -> tuple[IMIconnectWorld, Any]:
        data = (
            self._dataset
            if isinstance(self._dataset, dict)
            else (demo_dataset(self._seed) if self._dataset == "demo" else {"mo": []})
        )
        world = IMIconnectWorld(
            self._db_path or ":memory:",
            relay=self._relay,
            clock=self._clock,
            seed=self._seed,
            config=self._config,
            webhooks=self._webhooks,
        )
        return world, data

    @property
    def credentials(self) -> IMIconnectCredentials:
        world = self._require_world()
        return IMIconnectCredentials(world.service_key, self.base_url, DEMO_CODES)

    def inject_mo(self, customer: str, text: str, *, our_code: str | None = None) -> dict[str, Any]:
        """A customer writes in: the MO webhook is queued for the relay."""
        return self._require_world().inject_mo(customer, text, our_code=our_code)  # type: ignore[no-any-return]

    def set_service_active(self, active: bool) -> None:
        self.configure(serviceActive=active)
