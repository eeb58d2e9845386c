"""Run the simulator inside a test (or the desktop app's demo mode) on a free loopback port.

Why a background thread with its own event loop: the caller may be synchronous (a Qt app,
a plain pytest test) or run its own loop; uvicorn in a thread serves real HTTP either way.
The socket is bound to port 0 *before* uvicorn starts, so the real port is known at once and
parallel tests (pytest-xdist) never collide.

    with EmbeddedSimulator() as sim:
        sim.base_url          # "http://127.0.0.1:54321"
        sim.credentials       # Credentials("DEMO", "demo-token", "agent1", "demo")
        sim.world             # the World, for direct inspection
        sim.set_faults("error=1@503")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .app import create_app
from .dataset import DEFAULT_SEED, resolve_dataset
from .faults import FaultInjector
from .shared import EmbeddedServer, bind_socket
from .state import Session, World, WorldConfig

__all__ = ["Credentials", "EmbeddedSimulator", "bind_socket"]


@dataclass(frozen=True)
class Credentials:
    """What the client needs to log in as the demo's "you" (agent1)."""

    client_code: str
    access_token: str
    agent_login: str
    password: str


class EmbeddedSimulator(EmbeddedServer):
    """A simulator on ``127.0.0.1:<free port>`` in a background thread.

    ``dataset`` is ``"demo"``, ``"empty"``, a JSON file path or an already-built dict.
    ``db_path`` keeps the world in a SQLite file across stop/start. ``now_ms`` pins the demo's
    clock for deterministic data. ``config`` (or the keyword shortcuts) sets TTLs and sizes.
    """

    def __init__(
        self,
        *,
        dataset: str | dict[str, Any] = "demo",
        seed: int = DEFAULT_SEED,
        now_ms: int | None = None,
        db_path: str | None = None,
        faults: str | None = None,
        fault_seed: int = 0,
        traffic: float = 0.0,
        config: WorldConfig | None = None,
        session_ttl: float | None = None,
        page_size: int | None = None,
        host: str = "127.0.0.1",
        start_timeout: float = 10.0,
    ) -> None:
        super().__init__(host, start_timeout, dataset, seed, db_path, faults, fault_seed, traffic)
        self._now_ms = now_ms
        self._config = config or WorldConfig()
        if session_ttl is not None:
            self._config.session_ttl_seconds = session_ttl
        if page_size is not None:
            self._config.page_size = page_size
        self.world: World | None = None

    # --- life cycle -------------------------------------------------------------------------

    _create_app = staticmethod(create_app)

    def _open(self) -> tuple[World, Any]:
        data = (
            self._dataset
            if isinstance(self._dataset, dict)
            else resolve_dataset(self._dataset, seed=self._seed, now_ms=self._now_ms)
        )
        return World(self._db_path or ":memory:", config=self._config), data

    def _injector(self, world: World) -> FaultInjector:
        rules, seed = self._fault_rules, self._fault_seed
        return FaultInjector(rules, seed=seed, on_unauthorized=world.expire_session)

    # --- what a client needs ------------------------------------------------------------------

    @property
    def credentials(self) -> Credentials:
        world = self._require_world()
        return Credentials(world.client_code, world.access_token, "agent1", "demo")

    def _require_world(self) -> World:
        if self.world is None:
            raise RuntimeError("Start the simulator first.")
        return self.world

    # --- admin helpers (direct, no HTTP) ------------------------------------------------------

    def login(
        self, login: str = "agent1", password: str = "demo", *, agent: bool = True
    ) -> dict[str, Any]:
        """Log in directly; returns LiveVox's login body (``sessionId``, ``userId``...)."""
        world = self._require_world()
        return world.login(world.access_token, world.client_code, login, password, agent)

    def session_headers(
        self, login: str = "agent1", password: str = "demo", *, agent: bool = True
    ) -> dict[str, str]:
        """``{"LV-Session": ..., "LV-Access": ...}`` for a fresh (or the current) session."""
        body = self.login(login, password, agent=agent)
        return {"LV-Session": body["sessionId"], "LV-Access": self._require_world().access_token}

    def session(self, session_id: str) -> Session | None:
        return self._require_world().session(session_id, slide=False)

    def agent_id(self, login: str = "agent1") -> str:
        row = self._require_world().agent_by_login(login)
        if row is None:
            raise KeyError(f"No agent {login!r} in this dataset.")
        return str(row["id"])

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Keys as in ``POST /_sim/config`` (``sessionTtlSeconds``, ``pageSize``...)."""
        return self._require_world().configure(changes)

    def inject_inbound(
        self, message: str, *, thread_id: str | None = None, phone: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"message": message, **extra}
        if thread_id is not None:
            body["threadId"] = thread_id
        if phone is not None:
            body["phone"] = phone
        return self._require_world().inject_inbound(body)

    def state(self) -> dict[str, Any]:
        return self._require_world().summary()

    def reset(self) -> None:
        self._require_world().reset()

    def expire_sessions(self) -> int:
        return self._require_world().expire_all_sessions()
