"""A LiveVox simulator that plays a scenario: from a shell (``inbox-sim --scenario FILE
[--classroom N]``) or embedded in a test (:class:`EmbeddedClass`).

Why its own module: :mod:`.__main__` and :mod:`.embedded` stay as they were but for one hook
each; the scenario's world, roster, player and routes are put together here only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .app import create_app
from .classroom import Run, classroom_dataset, scenario_dataset, trainee_login
from .embedded import EmbeddedSimulator
from .faults import FaultInjector
from .player import ScenarioPlayer
from .scenario import Scenario, ScenarioError, load_scenario, resolve_scenario_path
from .shell import configure_logging, run_world
from .state import World, WorldConfig
from .trainer_api import attach

__all__ = ["EmbeddedClass", "class_banner", "prepare", "run_class"]


def prepare(
    scenario: str | Path | Scenario, classroom: int, base: dict[str, Any] | None
) -> tuple[Scenario, dict[str, Any], list[Run]]:
    """The scenario (loaded and checked), the world's dataset and the roster.

    ``classroom`` > 0 builds a classroom of that many trainees; 0 adds the customers to
    ``base`` (e.g. the demo), in its first SMS group inbox."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(resolve_scenario_path(str(scenario)))
    if classroom > 0:
        data, runs = classroom_dataset(scenario, classroom)
    else:
        if base is None:
            raise ValueError("a dataset is needed when there is no classroom")
        data, runs = scenario_dataset(base, scenario)
    return scenario, data, runs


class EmbeddedClass(EmbeddedSimulator):
    """A scenario-playing simulator on a free loopback port, for tests and benchmarks.

    ``clock`` (seconds since the epoch) drives the world and every scripted delay: a test
    passes a fake one and moves it on instead of sleeping. ``tick`` is how often the player
    looks at that clock."""

    def __init__(
        self,
        scenario: str | Path | Scenario,
        *,
        classroom: int = 0,
        clock: Callable[[], float] = time.time,
        tick: float = 0.02,
        dataset: str | dict[str, Any] = "demo",
        **kwargs: Any,
    ) -> None:
        super().__init__(dataset=dataset, **kwargs)
        self._scenario_source = scenario
        self._classroom = classroom
        self._clock = clock
        self._tick = tick
        self.player: ScenarioPlayer | None = None
        self.runs: list[Run] = []

    def _open(self) -> tuple[World, Any]:
        base = None
        if self._classroom == 0:
            _, base = super()._open()
        scenario, data, self.runs = prepare(self._scenario_source, self._classroom, base)
        self.scenario = scenario
        return World(":memory:", config=self._config, clock=self._clock), data

    def _app(self, world: World) -> Any:
        self.player = ScenarioPlayer(
            world, self.scenario, self.runs, tick=self._tick, trainees=self._classroom
        )
        return attach(super()._app(world), self.player)

    @property
    def trainees(self) -> list[str]:
        return [trainee_login(k) for k in range(1, self._classroom + 1)]


def run_class(
    args: argparse.Namespace,
    data: dict[str, Any],
    rules: list[Any],
    config: WorldConfig,
    banner: Callable[[World, str, argparse.Namespace], list[str]],
) -> int:
    """``inbox-sim --scenario FILE [--classroom N]``: serve the scenario until Ctrl+C."""
    if not args.scenario:
        print("inbox-sim: --classroom needs --scenario FILE", file=sys.stderr)
        return 2
    if args.db:
        print("inbox-sim: --db cannot keep a scenario's state; leave it out", file=sys.stderr)
        return 2
    if args.traffic:
        # The simulated traffic answers every agent message, the scripted customers' too.
        print("inbox-sim: --traffic would talk over the scenario's customers", file=sys.stderr)
        return 2
    try:
        scenario, data, runs = prepare(args.scenario, args.classroom, data)
    except ScenarioError as exc:
        print(f"inbox-sim: {exc}", file=sys.stderr)
        return 2

    def make_app(world: World) -> Any:
        injector = FaultInjector(rules, seed=args.seed, on_unauthorized=world.expire_session)
        return scenario_app(
            world,
            scenario,
            runs,
            classroom=args.classroom,
            faults=injector,
            traffic_rate=args.traffic,
            traffic_seed=args.seed,
        )

    def lines(world: World, url: str) -> list[str]:
        first = banner(world, url, args)
        if args.classroom:
            first = [line for line in first if "agents:" not in line]
        return first[:2] + class_banner(scenario, runs, args.classroom, url) + first[2:]

    configure_logging(args.log_level, args.access_log)
    return run_world(args, lambda: World(":memory:", config=config), data, make_app, lines, rules)


def scenario_app(
    world: World,
    scenario: Scenario,
    runs: list[Run],
    *,
    classroom: int,
    faults: Any,
    traffic_rate: float,
    traffic_seed: int,
) -> Any:
    """The LiveVox app with the scenario's player and routes attached."""
    app = create_app(world, faults=faults, traffic_rate=traffic_rate, traffic_seed=traffic_seed)
    return attach(app, ScenarioPlayer(world, scenario, runs, trainees=classroom))


def class_banner(scenario: Scenario, runs: list[Run], classroom: int, url: str) -> list[str]:
    """The lines a trainer reads when the class starts."""
    lines = [
        f"  scenario: {scenario.title} ({scenario.language}, {len(scenario.customers)} customers; "
        f"{scenario.source})",
    ]
    if classroom:
        lines += [
            f"  classroom: trainee1 .. trainee{classroom}, password demo, client code DEMO, "
            "access token demo-token; one shared group inbox 'Group - Classroom'",
            f"  desktops: inbox-app --server {url}"
            + ("" if "127.0.0.1" in url or "localhost" in url else " --allow-insecure-http"),
        ]
    else:
        lines.append(f"  the customers write to the group inbox ({runs[0].service_id})")
    lines += [
        f"  trainer: inbox-sim console {url}    debrief: inbox-sim report {url} --out debrief.html",
    ]
    return lines
