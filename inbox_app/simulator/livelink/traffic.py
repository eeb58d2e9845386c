"""Simulated Live Link customers: new ones write in at a set rate, and people answer our
messages now and then after a human delay. The loop is the LiveVox one
(:class:`~inbox_app.simulator.traffic.TrafficSimulator`); only where messages come from and
where replies go differ: Live Link has no threads, so a reply is an MO from the destination
to the number the MT came from."""

from __future__ import annotations

from typing import Any

from ..traffic import OPENERS, TrafficSimulator
from .state import LiveLinkWorld

__all__ = ["LiveLinkTraffic"]


class LiveLinkTraffic(TrafficSimulator):
    """``rate`` new conversations a minute; replies to the MTs sent while it runs."""

    def __init__(self, world: LiveLinkWorld, rate_per_minute: float, **options: Any) -> None:
        super().__init__(world, rate_per_minute, **options)  # type: ignore[arg-type]
        self.ll: LiveLinkWorld = world
        self._last_request = 0

    def _begin(self) -> None:
        self._last_request = self.ll.last_request_id()

    def _new_outbound(self) -> list[str]:
        keys: list[str] = []
        for part in self.ll.mts(self._last_request):
            self._last_request = max(self._last_request, part["requestId"])
            key = f"{part['phone']} {part['origin']}"
            if (
                part["part"] == 1
                and part["phone"].startswith("+")
                and part["finalStatus"] != "ERROR"
            ):
                keys.append(key)
        return keys

    def _reply(self, key: str, text: str) -> bool:
        phone, _, ours = key.partition(" ")
        self.ll.inject_mo(phone, text, ours)
        return True

    def _open_conversation(self) -> None:
        customers = self.ll.customer_phones()
        numbers = self.ll.numbers()
        if customers and self.rng.random() < 0.85:
            phone, ours = self.rng.choice(customers)
        else:
            phone = f"+1312555{self.rng.randrange(100, 10000):04d}"
            ours = self.rng.choice(numbers) if numbers else None
        self.ll.inject_mo(phone, self.rng.choice(OPENERS), ours)
        self.opened += 1
