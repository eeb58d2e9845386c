"""``inbox-sim --platform livelink``: the Live Link 365 simulator from a shell.

Of the common options, ``--host --port --db --faults --traffic --seed --log-level
--access-log`` apply; ``--delivery-delay`` and ``--token-ttl`` are Live Link's own; the
LiveVox-only ones (``--dataset``, ``--page-size``, ``--session-ttl``...) are ignored. Logs
never contain tokens: they travel in headers and bodies, which are not logged.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..faults import FaultInjector, FaultSpecError, parse_faults
from ..shell import configure_logging, run_world
from .app import create_app
from .dataset import demo_dataset
from .state import LiveLinkConfig, LiveLinkWorld

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    try:
        rules = parse_faults(args.faults)
    except FaultSpecError as exc:
        print(f"inbox-sim: {exc}", file=sys.stderr)
        return 2
    if args.token_ttl <= 0 or args.delivery_delay < 0:
        print(
            "inbox-sim: --token-ttl must be positive, --delivery-delay not negative",
            file=sys.stderr,
        )
        return 2
    configure_logging(args.log_level, args.access_log)
    ttl_ms = int(args.token_ttl * 1000)
    config = LiveLinkConfig(
        access_ttl_ms=ttl_ms,
        refresh_ttl_ms=ttl_ms + 15 * 60 * 1000,
        delivery_delay_seconds=args.delivery_delay,
    )

    def make_app(world: LiveLinkWorld) -> Any:
        injector = FaultInjector(rules, seed=args.seed)
        return create_app(world, faults=injector, traffic_rate=args.traffic, traffic_seed=args.seed)

    return run_world(
        args,
        lambda: LiveLinkWorld(args.db or ":memory:", config=config),
        demo_dataset(args.seed),
        make_app,
        lambda world, url: _banner(world, url, args),
        rules,
    )


def _banner(world: LiveLinkWorld, url: str, args: argparse.Namespace) -> list[str]:
    summary = world.summary()
    return [
        f"Live Link 365 simulator listening on {url}",
        f"  API: {url}/api (token: POST /api/oauth/token, HTTP Basic)",
        f"  app key: {world.app_key}   secret: {world.secret}",
        f"  our numbers: {', '.join(summary['numbers'])}",
        f"  demo (seed {args.seed}): {summary['mo']} MOs, {summary['mtRequests']} MTs"
        + (f"; database {args.db}" if args.db else ""),
        f"  delivery: SENT, DELIVERED after {args.delivery_delay:g} s; "
        f"always failing: {', '.join(sorted(world.failing))}",
        "  admin API: /_sim/state, /_sim/mo, /_sim/mt, /_sim/expire-tokens, /_sim/faults, "
        "/_sim/config, /_sim/reset",
    ]
