"""What the simulators of webhook-only platforms (IMIconnect, iLiveIt) share: the messages we
sent (MT) and customers' messages (MO) in SQLite, the webhook queue
(:class:`~.webhooks.WebhookPusher`), the relay's hook prefix, the config knobs, the demo
customers who answer some messages after a delay, and simulated traffic.

Time: a message's stages are due times computed at the send (``clock`` seconds since the
epoch); a status read compares them with the clock, and the webhooks are queued due at the
same times, so a test may drive either a fake clock or the real one. Webhooks live in
memory: a restarted simulator keeps its messages (``--db``) but not undelivered webhooks.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .shared import EmbeddedServer, SqliteStore
from .traffic import OPENERS, REPLIES, TrafficSimulator
from .webhooks import WebhookConfig, WebhookPusher

__all__ = ["HookConfig", "HookServer", "HookTraffic", "HookWorld", "hook_options"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mt (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mo (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
"""


@dataclass
class HookConfig:
    """A message's life (seconds after the send) and the demo customers' answers."""

    submit_delay: float = 0.5
    sent_delay: float = 1.0
    delivery_delay: float = 3.0
    reply_rate: float = 0.3
    reply_delay: float = 8.0

    def as_json(self) -> dict[str, Any]:
        return {
            "submitDelaySeconds": self.submit_delay,
            "sentDelaySeconds": self.sent_delay,
            "deliveryDelaySeconds": self.delivery_delay,
            "replyRate": self.reply_rate,
            "replyDelaySeconds": self.reply_delay,
        }


_KEYS = {
    "submitDelaySeconds": "submit_delay",
    "sentDelaySeconds": "sent_delay",
    "deliveryDelaySeconds": "delivery_delay",
    "replyRate": "reply_rate",
    "replyDelaySeconds": "reply_delay",
}


def iso(seconds: float) -> str:
    """``2016-07-20T17:13:17.908`` (UTC, no zone, as IMIconnect's seed prints times)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{int(seconds * 1000) % 1000:03d}"


class HookWorld(SqliteStore):
    """The base of both worlds; a subclass names its ``platform`` and customer-message
    ``mo_kind`` and writes the wire (sending, statuses, webhook bodies)."""

    platform = ""
    mo_kind = "mo"
    demo_failing: Mapping[str, Any] = {}

    def __init__(
        self,
        db_path: str = ":memory:",
        *,
        relay: str | None = None,
        clock: Callable[[], float] = time.time,
        seed: int = 0,
        config: HookConfig | None = None,
        webhooks: WebhookConfig | None = None,
    ) -> None:
        super().__init__(db_path, _SCHEMA, clock)
        self.config = config or HookConfig()
        self.relay = relay.rstrip("/") if relay else None
        self.rng = random.Random(seed)
        self.seed = seed
        self.pusher = WebhookPusher(clock=clock, seed=seed, config=webhooks)
        self._dataset: Mapping[str, Any] = {}
        self.pusher.start()

    def close(self) -> None:
        self.pusher.stop()
        super().close()

    # --- dataset ------------------------------------------------------------------------------

    def load(self, dataset: Mapping[str, Any], *, keep_existing: bool = False) -> None:
        """Start from ``dataset`` (its demo customers write in: their messages are pushed
        to the relay); with ``keep_existing`` a store that holds a world is left as is."""
        self._dataset = dataset
        with self._tx() as db:
            if keep_existing and db.execute("SELECT 1 FROM meta WHERE key = 'loaded'").fetchone():
                return
            for table in ("mt", "mo", "meta"):
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT INTO meta VALUES ('loaded', '1')")
        now = self.clock()
        for mo in dataset.get("mo", ()):
            self.inject_mo(mo["customer"], mo["text"], at=now + mo.get("offsetSeconds", 0))

    def reset(self) -> None:
        """Back to the dataset; every queued webhook is forgotten."""
        self.pusher.reset()
        self.load(self._dataset)

    # --- the relay ----------------------------------------------------------------------------

    def hook_url(self, kind: str) -> str | None:
        return f"{self.relay}/{kind}" if self.relay else None

    def configure(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /_sim/config``: the keys of :meth:`config_json`; unknown keys are a 400."""
        unknown = set(changes) - set(self.config_json())
        if unknown:
            raise ApiError(
                400, f"Unknown config keys {sorted(unknown)}: {sorted(self.config_json())}."
            )
        for key, value in changes.items():
            if key in _KEYS:
                if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                    raise ApiError(400, f"{key} must be a number, 0 or more.")
                if key == "replyRate" and value > 1:
                    raise ApiError(400, "replyRate is a probability from 0 to 1.")
                setattr(self.config, _KEYS[key], float(value))
            elif key == "relayUrl":
                if value is not None and (
                    not isinstance(value, str) or not value.startswith(("http://", "https://"))
                ):
                    raise ApiError(400, "relayUrl must be an http(s) URL or null.")
                self.relay = value.rstrip("/") if value else None
        try:
            self.pusher.config.update(changes)
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
        self._configure(changes)
        return self.config_json()

    def _configure(self, changes: Mapping[str, Any]) -> None:
        """A platform's own keys."""

    def config_json(self) -> dict[str, Any]:
        return {
            "relayUrl": self.relay,
            **self.config.as_json(),
            **self.pusher.config.as_json(),
        }

    # --- storage ------------------------------------------------------------------------------

    def _store_mt(self, mt_id: str, data: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO mt (id, data) VALUES (?, ?)", (mt_id, json.dumps(data)))

    def mt(self, mt_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM mt WHERE id = ?", (mt_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def mts(self, after_seq: int = 0) -> list[dict[str, Any]]:
        """Every MT stored (``GET /_sim/mt``), oldest first, each with its ``seq``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, data FROM mt WHERE seq > ? ORDER BY seq", (after_seq,)
            ).fetchall()
        return [{"seq": row["seq"], **json.loads(row["data"])} for row in rows]

    def last_mt_seq(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT MAX(seq) AS n FROM mt").fetchone()
        return int(row["n"] or 0)

    def _store_mo(self, data: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO mo (data) VALUES (?)", (json.dumps(data),))

    def mos(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT data FROM mo ORDER BY seq").fetchall()
        return [json.loads(row["data"]) for row in rows]

    def summary(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "mt": len(self.mts()),
            "mo": len(self.mos()),
            "webhooks": self.pusher.summary(),
            "config": self.config_json(),
        }

    def webhooks(self, delivered: bool = False) -> dict[str, Any]:
        """``GET /_sim/webhooks``: what waits to be delivered and what was given up."""
        out = {
            "pending": self.pusher.pending(),
            "failed": self.pusher.failed(),
            **{k: v for k, v in self.pusher.summary().items() if k not in ("pending", "failed")},
        }
        if delivered:
            out["answered"] = self.pusher.answered()
        return out

    # --- customers ----------------------------------------------------------------------------

    def inject_mo(
        self, customer: Any, text: Any, *, at: float | None = None, **extra: Any
    ) -> dict[str, Any]:
        raise NotImplementedError

    def _maybe_answer(self, mt: Mapping[str, Any], failing: bool) -> None:
        """A demo customer answers some messages (``replyRate``) after ``replyDelaySeconds``."""
        if failing or self.rng.random() >= self.config.reply_rate:
            return
        text = self.rng.choice(REPLIES)
        self.answer(mt, text, at=self.clock() + self.config.reply_delay)

    def answer(
        self, mt: Mapping[str, Any], text: str, *, at: float | None = None
    ) -> dict[str, Any]:
        """The customer of ``mt`` answers it."""
        raise NotImplementedError

    def customers(self) -> list[str]:
        return [str(mo["customer"]) for mo in self._dataset.get("mo", ())]


class HookTraffic(TrafficSimulator):
    """``--traffic``: new customers write in at a rate, and customers answer the messages
    sent while it runs (the LiveVox loop; only where messages come from differs)."""

    def __init__(self, world: HookWorld, rate_per_minute: float, **options: Any) -> None:
        super().__init__(world, rate_per_minute, **options)  # type: ignore[arg-type]
        self.hw = world
        self._last = 0

    def _begin(self) -> None:
        self._last = self.hw.last_mt_seq()

    def _new_outbound(self) -> list[str]:
        keys = []
        for mt in self.hw.mts(self._last):
            self._last = max(self._last, mt["seq"])
            if not mt.get("failing"):
                keys.append(mt["id"])
        return keys

    def _reply(self, key: str, text: str) -> bool:
        mt = self.hw.mt(key)
        if mt is None:
            return False
        self.hw.answer(mt, text)
        return True

    def _open_conversation(self) -> None:
        customers = self.hw.customers()
        if customers and self.rng.random() < 0.85:
            customer = self.rng.choice(customers)
        else:
            customer = f"1312555{self.rng.randrange(100, 10000):04d}"
        self.hw.inject_mo(customer, self.rng.choice(OPENERS))
        self.opened += 1


class HookServer(EmbeddedServer):
    """What both webhook simulators' embedded classes add to :class:`EmbeddedServer`."""

    world: Any

    def _require_world(self) -> Any:
        if self.world is None:
            raise RuntimeError("Start the simulator first.")
        return self.world

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Keys as in ``POST /_sim/config`` (``duplicateRate``, ``reorderRate``,
        ``retryDelays``, ``deliveryDelaySeconds``, ``relayUrl``...)."""
        return self._require_world().configure(changes)  # type: ignore[no-any-return]

    def sent(self) -> list[dict[str, Any]]:
        return self._require_world().mts()  # type: ignore[no-any-return]

    def webhooks(self, delivered: bool = False) -> dict[str, Any]:
        return self._require_world().webhooks(delivered)  # type: ignore[no-any-return]

    def state(self) -> dict[str, Any]:
        return self._require_world().summary()  # type: ignore[no-any-return]

    def reset(self) -> None:
        self._require_world().reset()

    def wait_webhooks(self, timeout: float = 20.0, *, due_only: bool = False) -> None:
        """Wait until every queued webhook was answered 200 or given up (``due_only``: every
        one due by the simulator's clock); TimeoutError after ``timeout`` real seconds."""
        if not self._require_world().pusher.wait_idle(timeout, due_only=due_only):
            raise TimeoutError(f"webhooks still pending: {self.webhooks()['pending']}")


def hook_options(
    config: HookConfig | None,
    webhooks: WebhookConfig | None,
    habits: dict[str, Any],
) -> tuple[HookConfig, WebhookConfig]:
    hook_config = config or HookConfig()
    webhook_config = webhooks or WebhookConfig()
    for name, value in habits.items():
        if value is None:
            continue
        target = hook_config if hasattr(hook_config, name) else webhook_config
        setattr(target, name, tuple(value) if name == "retry_delays" else value)
    return hook_config, webhook_config
