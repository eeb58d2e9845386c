"""How long the compliance guard takes: 10,000 checks, as the outbox makes them at send time.

Each check has a thread of 20 messages (a STOP and a START among them in some). Printed:
the first pass over 10,000 distinct numbers and texts (nothing cached) and a second pass over
the same (the caches an agent's day fills). The issue's goal: well under a second.

    PYTHONPATH=$PWD python benchmarks/compliance.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inbox_app.core.compliance import Guard  # noqa: E402

CHECKS = 10_000
AREAS = ("312", "919", "415", "202", "808", "907", "617", "305", "713", "206")
WORDS = ("Ok thanks", "What time?", "I'll pay on Friday", "stop by the office", "Perfect")


def _cases(rng: random.Random) -> list[tuple[str, list[tuple[bool, str, datetime]]]]:
    start = datetime(2026, 12, 1, 12, tzinfo=UTC)
    cases = []
    for n in range(CHECKS):
        number = f"+1{rng.choice(AREAS)}55501{n % 100:02d}"
        history = [
            (i % 2 == 0, f"{rng.choice(WORDS)} #{n}-{i}", start + timedelta(minutes=i))
            for i in range(20)
        ]
        if n % 7 == 0:
            history[5] = (True, "STOP", history[5][2])
        if n % 14 == 0:
            history[9] = (True, "START", history[9][2])
        cases.append((number, history))
    return cases


def run() -> dict[str, float]:
    guard = Guard()
    cases = _cases(random.Random(16))
    now = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)  # evening in the US: some held, some not
    result = {}
    for name in ("cold", "warm"):
        began = time.perf_counter()
        allowed = sum(guard.check(customer=c, history=h, now=now).allowed for c, h in cases)
        result[f"{name}_s"] = time.perf_counter() - began
        result["allowed"] = allowed
    return result


def main() -> int:
    result = run()
    print(
        f"compliance guard: {CHECKS} checks of 20-message threads in "
        f"{result['cold_s']:.3f} s cold, {result['warm_s']:.3f} s warm "
        f"({result['warm_s'] / CHECKS * 1e6:.1f} µs a check; {result['allowed']} allowed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
