"""``inbox-sim --platform imiconnect|iliveit --relay URL``: the webhook simulators from a
shell. Of the common options ``--host --port --db --faults --traffic --seed --log-level
--access-log`` apply, and ``--delivery-delay``; ``--relay`` is the platform's hook prefix as
``inbox-relay`` prints it (``webhook: imiconnect http://…/hooks/imiconnect/<secret>``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .faults import FaultInjector, FaultSpecError, parse_faults
from .hookworld import HookConfig
from .shell import configure_logging, run_world

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    try:
        rules = parse_faults(args.faults)
    except FaultSpecError as exc:
        print(f"inbox-sim: {exc}", file=sys.stderr)
        return 2
    if args.delivery_delay < 0:
        print("inbox-sim: --delivery-delay must not be negative", file=sys.stderr)
        return 2
    relay = args.relay
    if relay is not None and not relay.startswith(("http://", "https://")):
        print(
            "inbox-sim: --relay must be an http(s) URL (the relay's hook prefix)", file=sys.stderr
        )
        return 2
    configure_logging(args.log_level, args.access_log)
    config = HookConfig(delivery_delay=args.delivery_delay)
    if args.platform == "imiconnect":
        from .imiconnect.app import create_app
        from .imiconnect.state import IMIconnectWorld as World
        from .imiconnect.state import demo_dataset

        data: Any = demo_dataset(args.seed)
    else:
        from .iliveit.app import create_app  # type: ignore[assignment]
        from .iliveit.state import ILiveItWorld as World  # type: ignore[assignment]

        data = {"mo": []}

    def make_app(world: Any) -> Any:
        injector = FaultInjector(rules, seed=args.seed)
        return create_app(world, faults=injector, traffic_rate=args.traffic, traffic_seed=args.seed)

    return run_world(
        args,
        lambda: World(args.db or ":memory:", relay=relay, seed=args.seed, config=config),
        data,
        make_app,
        lambda world, url: _banner(world, url, args),
        rules,
    )


def _banner(world: Any, url: str, args: argparse.Namespace) -> list[str]:
    relay = world.relay or "none (webhooks are kept as failed; set relayUrl in /_sim/config)"
    admin = "/_sim/state, /_sim/config, /_sim/mt, /_sim/webhooks, /_sim/faults, /_sim/reset"
    if args.platform == "imiconnect":
        from .imiconnect.state import DEMO_CODES, DEMO_FAILING

        return [
            f"IMIconnect simulator listening on {url}",
            f"  service key (header 'key'): {world.service_key}",
            f"  send: POST {url}/resources/v1/messaging; our code {DEMO_CODES[0]}, "
            f"sender id {DEMO_CODES[1]}",
            f"  webhooks to: {relay} (+ /mo, /dr)",
            f"  always failing: {', '.join(sorted(DEMO_FAILING))}",
            f"  admin API: /_sim/mo, {admin}",
        ]
    from .iliveit.state import DEMO_FAILING, DEMO_NUMBER

    return [
        f"iLiveIt simulator listening on {url}",
        f"  application token (Authorization: Bearer): {world.token}",
        f"  send: POST {url}/message/send (Action 2); replies come to {DEMO_NUMBER}",
        f"  postbacks to each message's URLs, else: {relay} (+ /reply, /status)",
        f"  always failing: {', '.join(sorted(DEMO_FAILING))}",
        f"  admin API: /_sim/reply, {admin}",
    ]
