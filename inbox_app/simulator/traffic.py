"""Simulated customers, so a classroom inbox keeps moving: new conversations arrive at a set
rate, customers answer the agents' messages after a short, human delay, and a few say STOP.

Why an asyncio task in the server's own loop: it only calls :class:`~.state.World` methods
(which are quick and locked), needs no thread of its own, and stops with the server. The
dice come from ``random.Random(seed)``, so a session can be replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import random

from .errors import ApiError
from .state import World

__all__ = ["OPENERS", "REPLIES", "TrafficSimulator"]

log = logging.getLogger("inbox_app.simulator.traffic")

OPENERS = [
    "Hi, I have a question about my bill",
    "Can I change my payment date?",
    "I got a text from this number, what is it about?",
    "Is my appointment still on for tomorrow?",
    "Where is my order?",
    "How much do I owe right now?",
    "Can someone call me back?",
    "I already paid, why did I get a reminder?",
    "Do you have anything open Saturday?",
    "I need a copy of my last statement",
]
REPLIES = [
    "Ok thanks",
    "That works for me",
    "Can you explain that again?",
    "Sounds good 👍",
    "What time?",
    "I'll pay on Friday",
    "Yes please",
    "No, that's not right",
    "Thank you so much!",
    "Can I do it online instead?",
    "ok",
    "Perfect",
]


class TrafficSimulator:
    """Opens ``rate`` new conversations per minute and replies to outbound API messages."""

    def __init__(
        self,
        world: World,
        rate_per_minute: float,
        *,
        seed: int = 0,
        reply_probability: float = 0.8,
        stop_probability: float = 0.05,
        reply_delay: tuple[float, float] = (3.0, 20.0),
        tick: float = 0.25,
    ) -> None:
        self.world = world
        self.rate = max(0.0, rate_per_minute)
        self.rng = random.Random(seed)
        self.reply_probability = reply_probability
        self.stop_probability = stop_probability
        self.reply_delay = reply_delay
        self.tick = tick
        self._task: asyncio.Task[None] | None = None
        self._pending: list[tuple[float, int, str, str]] = []
        self._seq = 0
        self._seen = ""
        self.opened = 0
        self.replied = 0

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="sim-traffic")
        return self._task

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _next_gap(self) -> float:
        return self.rng.expovariate(self.rate / 60.0) if self.rate > 0 else float("inf")

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        self._begin()
        next_new = loop.time() + self._next_gap()
        while True:
            await asyncio.sleep(self.tick)
            now = loop.time()
            try:
                for key in self._new_outbound():
                    if self.rng.random() < self.reply_probability:
                        stop = self.rng.random() < self.stop_probability
                        text = "STOP" if stop else self.rng.choice(REPLIES)
                        self._seq += 1
                        due = now + self.rng.uniform(*self.reply_delay)
                        heapq.heappush(self._pending, (due, self._seq, key, text))
                while self._pending and self._pending[0][0] <= now:
                    _, _, key, text = heapq.heappop(self._pending)
                    if self._reply(key, text):
                        self.replied += 1
                while now >= next_new:
                    next_new += self._next_gap()
                    self._open_conversation()
            except ApiError as exc:  # e.g. the world is shutting down or was reset
                log.debug("traffic step skipped: %s", exc.message)

    # --- the hooks a platform's traffic overrides ---------------------------------------------

    def _begin(self) -> None:
        """Remember where the outbound messages stand, so only new ones get answers."""
        self._seen = self.world.last_message_id()

    def _new_outbound(self) -> list[str]:
        """Keys of the outbound messages sent since the last call (here: their threads)."""
        keys = []
        for sent in self.world.outbound_since(self._seen):
            self._seen = sent["id"]
            keys.append(sent["thread_id"])
        return keys

    def _reply(self, thread_id: str, text: str) -> bool:
        """The customer answers; False when there is no one left to answer to."""
        row = self.world.thread_row(thread_id)
        if row is None or row["resolved"]:
            return False
        self.world.inject_inbound({"threadId": thread_id, "message": text})
        return True

    def _open_conversation(self) -> None:
        customers = self.world.random_customer_phones()
        if customers and self.rng.random() < 0.85:
            account, phone = self.rng.choice(customers)
        else:
            account, phone = (
                "",
                f"1{self.rng.choice(['202', '312', '415'])}55501{self.rng.randrange(100):02d}",
            )
        self.world.inject_inbound(
            {"phone": phone, "account": account, "message": self.rng.choice(OPENERS)}
        )
        self.opened += 1
