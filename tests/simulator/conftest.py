"""Fixtures for the simulator tests: a real server on a free loopback port, real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from inbox_app.simulator import EmbeddedSimulator

from .helpers import FIXED_NOW_MS


@pytest.fixture
def sim() -> Iterator[EmbeddedSimulator]:
    with EmbeddedSimulator(now_ms=FIXED_NOW_MS) as simulator:
        yield simulator


@pytest.fixture
def http(sim: EmbeddedSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def agent1(sim: EmbeddedSimulator, http: httpx.Client) -> dict[str, str]:
    """Headers of a real HTTP login as agent1."""
    from .helpers import login

    return login(http, sim)
