"""Fixtures for the relay tests: a real relay on a free loopback port, real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[EmbeddedRelay]:
    with EmbeddedRelay(tmp_path / "relay.sqlite3") as running:
        yield running


@pytest.fixture
def http(relay: EmbeddedRelay) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=relay.base_url, timeout=10) as client:
        yield client
