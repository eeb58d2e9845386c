"""Run the Live Link 365 simulator inside a test or the desktop app's demo on a free
loopback port (the peer of :class:`~inbox_app.simulator.EmbeddedSimulator`).

    with LiveLinkSimulator() as sim:
        sim.base_url          # "http://127.0.0.1:54321" (the API is under /api)
        sim.credentials       # LiveLinkCredentials("demo-key", "demo-secret", ...)
        sim.world             # the LiveLinkWorld, for direct inspection
        sim.set_faults("POST /api/v2/sms:drop=1")
        sim.inject_mo("+13125550142", "Hi there")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..shared import EmbeddedServer
from .app import create_app
from .dataset import demo_dataset, empty_dataset
from .state import LiveLinkConfig, LiveLinkWorld

__all__ = ["LiveLinkCredentials", "LiveLinkSimulator"]


@dataclass(frozen=True)
class LiveLinkCredentials:
    """What a client needs: the app key and secret, and the numbers it may send from."""

    app_key: str
    secret: str
    numbers: tuple[str, ...]
    token_url: str
    base_url: str


class LiveLinkSimulator(EmbeddedServer):
    """A Live Link 365 simulator on ``127.0.0.1:<free port>`` in a background thread.

    ``dataset`` is ``"demo"``, ``"empty"`` or a dict like :func:`.dataset.demo_dataset`'s;
    ``db_path`` keeps the world in a SQLite file across stop/start; ``clock`` (seconds since
    the epoch) lets a test drive time; ``delivery_delay``, ``access_ttl_ms`` and
    ``refresh_ttl_ms`` are the config's shortcuts.
    """

    def __init__(
        self,
        *,
        dataset: str | dict[str, Any] = "demo",
        seed: int = 0,
        db_path: str | None = None,
        faults: str | None = None,
        fault_seed: int = 0,
        traffic: float = 0.0,
        config: LiveLinkConfig | None = None,
        delivery_delay: float | None = None,
        access_ttl_ms: int | None = None,
        refresh_ttl_ms: int | None = None,
        clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        start_timeout: float = 10.0,
    ) -> None:
        super().__init__(host, start_timeout, dataset, seed, db_path, faults, fault_seed, traffic)
        self._config = config or LiveLinkConfig()
        if delivery_delay is not None:
            self._config.delivery_delay_seconds = delivery_delay
        if access_ttl_ms is not None:
            self._config.access_ttl_ms = access_ttl_ms
        if refresh_ttl_ms is not None:
            self._config.refresh_ttl_ms = refresh_ttl_ms
        self._clock = clock
        self.world: LiveLinkWorld | None = None

    _create_app = staticmethod(create_app)

    def _open(self) -> tuple[LiveLinkWorld, Any]:
        data = resolve_dataset(self._dataset, self._seed)
        world = LiveLinkWorld(
            self._db_path or ":memory:",
            config=self._config,
            clock=self._clock,
            app_key=data.get("appKey", "demo-key"),
            secret=data.get("secret", "demo-secret"),
        )
        return world, data

    @property
    def api_url(self) -> str:
        return self.base_url + "/api"

    @property
    def credentials(self) -> LiveLinkCredentials:
        world = self._require_world()
        return LiveLinkCredentials(
            world.app_key,
            world.secret,
            tuple(world.numbers()),
            self.api_url + "/oauth/token",
            self.api_url,
        )

    def _require_world(self) -> LiveLinkWorld:
        if self.world is None:
            raise RuntimeError("Start the simulator first.")
        return self.world

    # --- admin helpers (direct, no HTTP) ------------------------------------------------------

    def inject_mo(
        self,
        sender: str,
        text: str,
        *,
        recipient: str | None = None,
        received_at: int | str | None = None,
    ) -> dict[str, Any]:
        """A customer writes in; ``received_at`` is epoch ms or ISO 8601 (default now)."""
        return self._require_world().inject_mo(sender, text, recipient, received_at)

    def expire_tokens(self) -> int:
        return self._require_world().expire_all_tokens()

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Keys as in ``POST /_sim/config`` (``accessTokenTtlMs``, ``deliveryDelaySeconds``...)."""
        return self._require_world().configure(changes)

    def sent(self) -> list[dict[str, Any]]:
        """Every MT part stored, as ``GET /_sim/mt`` lists them."""
        return self._require_world().mts()

    def state(self) -> dict[str, Any]:
        return self._require_world().summary()

    def reset(self) -> None:
        self._require_world().reset()


def resolve_dataset(dataset: str | dict[str, Any], seed: int = 0) -> dict[str, Any]:
    """``"demo"``, ``"empty"`` or a ready dict."""
    if isinstance(dataset, dict):
        return dataset
    if dataset == "demo":
        return demo_dataset(seed)
    if dataset == "empty":
        return empty_dataset()
    raise ValueError(f"Unknown Live Link dataset {dataset!r}: use demo or empty.")
