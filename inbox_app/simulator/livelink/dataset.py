"""The Live Link 365 demo world: our numbers, customers who wrote in over the last hours,
a few messages we sent them (with their ACKs), and the destinations that always fail.

Everything is relative to "now" (``offsetMs`` below zero is in the past), so a fresh demo
always has conversations to show, and a seeded ``random.Random`` makes it repeatable.
The numbers are fictional: +1 312 555 01xx for customers, +1 415 555 0100 and short
code 55501 for us.
"""

from __future__ import annotations

import random
from typing import Any

from ..traffic import OPENERS, REPLIES

__all__ = ["DEMO_APP_KEY", "DEMO_FAILING", "DEMO_NUMBERS", "DEMO_SECRET", "demo_dataset"]

DEMO_APP_KEY = "demo-key"
DEMO_SECRET = "demo-secret"
DEMO_NUMBERS = ("+14155550100", "55501")
# A disconnected line and a landline: every MT to them ends in ERROR.
DEMO_FAILING = ("+13125550198", "+13125550199")
_ANSWERS = [
    "Thanks for reaching out! Let me check that for you.",
    "Hi, this is the support team. Could you confirm your account number?",
    "Your appointment is confirmed for tomorrow at 10:00.",
    "We have received your payment, thank you.",
    "Your order shipped today; it should arrive in 2-3 days.",
]
_MINUTE = 60_000


def demo_dataset(seed: int = 0, customers: int = 12) -> dict[str, Any]:
    """A JSON-friendly world: ``numbers``, ``failing``, ``mo`` and ``mt`` (times relative)."""
    rng = random.Random(seed)
    mos: list[dict[str, Any]] = []
    mts: list[dict[str, Any]] = []
    phones = rng.sample(range(2, 90), customers)
    for i, suffix in enumerate(sorted(phones)):
        phone = f"+1312555{suffix:04d}"
        ours = DEMO_NUMBERS[0] if i % 4 else DEMO_NUMBERS[1]
        start = -rng.randrange(20, 8 * 60) * _MINUTE
        mos.append(
            {"sender": phone, "recipient": ours, "text": rng.choice(OPENERS), "offsetMs": start}
        )
        if i % 3 == 0:  # we answered, and they wrote back
            mts.append(
                {
                    "offsetMs": start + rng.randrange(2, 10) * _MINUTE,
                    "request": {
                        "destination": [phone],
                        "message": rng.choice(_ANSWERS),
                        "origin": ours,
                        "subject": f"demo-{i}",
                    },
                }
            )
            reply_at = start + rng.randrange(11, 19) * _MINUTE
            mos.append(
                {
                    "sender": phone,
                    "recipient": ours,
                    "text": rng.choice(REPLIES),
                    "offsetMs": reply_at,
                }
            )
    mts.append(
        {
            "offsetMs": -90 * _MINUTE,
            "request": {
                "destination": [DEMO_FAILING[1]],
                "message": "Your bill is ready.",
                "origin": DEMO_NUMBERS[0],
                "subject": "demo-failed",
            },
        }
    )
    return {
        "appKey": DEMO_APP_KEY,
        "secret": DEMO_SECRET,
        "numbers": [
            {"number": DEMO_NUMBERS[0], "label": "Customer care (long code)"},
            {"number": DEMO_NUMBERS[1], "label": "Collections (short code)"},
        ],
        "failing": list(DEMO_FAILING),
        "mo": sorted(mos, key=lambda m: m["offsetMs"]),
        "mt": sorted(mts, key=lambda m: m["offsetMs"]),
    }


def empty_dataset() -> dict[str, Any]:
    """Our numbers and the failing destinations, and nothing else."""
    data = demo_dataset()
    return dict(data, mo=[], mt=[])
