"""``inbox-sim`` / ``python -m inbox_app.simulator``: run the LiveVox simulator from a shell.

    inbox-sim                                   # demo data on a free port, URL printed
    inbox-sim --port 8800 --db class.sqlite     # fixed port; state survives restarts
    inbox-sim --dataset empty --traffic 2       # an empty centre that fills up, 2 new/min
    inbox-sim --faults "latency=200+50; /sms/agent/messages:error=0.3@503"
    inbox-sim --export-dataset demo.json        # write the demo as an editable JSON file
    inbox-sim --platform livelink               # SAP Live Link 365 instead (demo-key/demo-secret)
    inbox-sim --platform imiconnect --relay URL # IMIconnect, webhooks to the relay's prefix
    inbox-sim --platform iliveit --relay URL    # iLiveIt, postbacks to the relay by default
    inbox-sim --scenario payment-arrangement    # scripted customers (resources/scenarios)
    inbox-sim --classroom 12 --scenario FILE    # trainee1..trainee12, each with the customers
    inbox-sim console URL                       # the trainer's console of a running class
    inbox-sim report URL --out debrief.html     # the class's debrief (and --csv FILE)

Logs never contain session ids, access tokens or passwords; the access log is off unless
``--access-log`` is given (paths with session ids are masked there too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from .app import create_app
from .dataset import DEFAULT_SEED, DatasetError, resolve_dataset
from .faults import FaultInjector, FaultSpecError, parse_faults
from .shell import configure_logging, listen, run_world, serve
from .state import World, WorldConfig

__all__ = ["configure_logging", "listen", "main", "run_world", "serve"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="inbox-sim",
        description="A LiveVox-compatible SMS/agent API server for demos, training and tests.",
    )
    p.add_argument(
        "--platform",
        default="livevox",
        choices=["livevox", "livelink", "imiconnect", "iliveit"],
        help="which SMS platform to simulate (default livevox)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    p.add_argument("--db", metavar="PATH", help="SQLite file: the world survives restarts")
    p.add_argument(
        "--dataset",
        default="demo",
        metavar="demo|empty|FILE.json",
        help="what the world starts with (default demo)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="random seed for the demo data and the simulated customers",
    )
    p.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help='fault rules, e.g. "latency=200+50; POST /sms/agent/message/send:drop=0.2" '
        "(grammar: see inbox_app/simulator/faults.py)",
    )
    p.add_argument(
        "--traffic",
        type=float,
        default=0.0,
        metavar="RATE",
        help="simulated customers: new conversations per minute (default 0 = off)",
    )
    p.add_argument("--page-size", type=int, default=10, help="threads/messages per page")
    p.add_argument(
        "--session-ttl",
        type=float,
        default=7200.0,
        metavar="SECONDS",
        help="sliding session expiry (default 7200)",
    )
    p.add_argument(
        "--max-unresolved",
        type=int,
        default=None,
        metavar="N",
        help="maximum unresolved threads per agent (default: no limit)",
    )
    p.add_argument(
        "--idle-return",
        type=float,
        default=None,
        metavar="SECONDS",
        help="return idle personal threads to the group inbox after SECONDS",
    )
    p.add_argument(
        "--delivery-delay",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="livelink: seconds from SENT to DELIVERED (default 2)",
    )
    p.add_argument(
        "--token-ttl",
        type=float,
        default=2700.0,
        metavar="SECONDS",
        help="livelink: access token lifetime (default 2700 = 45 min; refresh token +15 min)",
    )
    p.add_argument(
        "--relay",
        default=None,
        metavar="URL",
        help="imiconnect/iliveit: the relay's hook prefix for the platform, as inbox-relay "
        "prints it (http://HOST:PORT/hooks/PLATFORM/SECRET); webhooks go there",
    )
    p.add_argument(
        "--scenario",
        metavar="FILE|NAME",
        help="scripted customers from a TOML scenario (a file, or a shipped one's name, "
        "e.g. payment-arrangement or es/hardship)",
    )
    p.add_argument(
        "--classroom",
        type=int,
        default=0,
        metavar="N",
        help="with --scenario: trainee1..traineeN (password demo), each with their own copy "
        "of the scenario's customers, and one shared group inbox",
    )
    p.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    p.add_argument("--access-log", action="store_true", help="log every request (off by default)")
    p.add_argument(
        "--export-dataset",
        metavar="PATH",
        help="write the chosen dataset as JSON to PATH ('-' for stdout) and exit",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["console"], ["report"]):
        from .trainer_cli import main as trainer_main

        return trainer_main(argv)
    args = _parser().parse_args(argv)
    if args.platform == "livelink":
        from .livelink.cli import run

        return run(args)
    if args.platform in ("imiconnect", "iliveit"):
        from .hookcli import run as run_hooks

        return run_hooks(args)
    if args.page_size < 1:
        print("inbox-sim: --page-size must be at least 1", file=sys.stderr)
        return 2
    try:
        rules = parse_faults(args.faults)
        data = resolve_dataset(args.dataset, seed=args.seed)
    except (FaultSpecError, DatasetError) as exc:
        print(f"inbox-sim: {exc}", file=sys.stderr)
        return 2
    if args.export_dataset:
        text = json.dumps(data, indent=1, ensure_ascii=False)
        if args.export_dataset == "-":
            print(text)
        else:
            with open(args.export_dataset, "w", encoding="utf-8") as fh:
                fh.write(text)
        return 0
    configure_logging(args.log_level, args.access_log)
    config = WorldConfig(
        session_ttl_seconds=args.session_ttl,
        page_size=args.page_size,
        max_unresolved_per_agent=args.max_unresolved,
        idle_return_seconds=args.idle_return,
    )
    if args.scenario or args.classroom:
        from .class_server import run_class

        return run_class(args, data, rules, config, _banner)

    def make_app(world: World) -> Any:
        injector = FaultInjector(rules, seed=args.seed, on_unauthorized=world.expire_session)
        return create_app(world, faults=injector, traffic_rate=args.traffic, traffic_seed=args.seed)

    return run_world(
        args,
        lambda: World(args.db or ":memory:", config=config),
        data,
        make_app,
        lambda world, url: _banner(world, url, args),
        rules,
    )


def _banner(world: World, url: str, args: argparse.Namespace) -> list[str]:
    summary = world.summary()
    return [
        f"LiveVox simulator listening on {url}",
        f"  dataset: {args.dataset} (seed {args.seed}); {summary['threads']} threads, "
        f"{summary['messages']} messages" + (f"; database {args.db}" if args.db else ""),
        f"  client code: {world.client_code}   access token: {world.access_token}",
        "  agents: agent1 .. agent8 (agent1 is you), user: supervisor; password: demo"
        if args.dataset in ("demo", "empty")
        else "  agents: see the dataset file",
        "  admin API: /_sim/state, /_sim/faults, /_sim/config, /_sim/inbound, /_sim/reset",
    ]


if __name__ == "__main__":
    sys.exit(main())
