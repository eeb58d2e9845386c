"""Contract fixtures: the real LiveVoxClient against the real simulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator


@pytest.fixture
def sim() -> Iterator[EmbeddedSimulator]:
    with EmbeddedSimulator(dataset="demo") as simulator:
        yield simulator


def new_client(sim: EmbeddedSimulator, **options: object) -> LiveVoxClient:
    return LiveVoxClient(sim.base_url, sim.credentials.access_token, **options)  # type: ignore[arg-type]


@pytest.fixture
async def lv(sim: EmbeddedSimulator) -> AsyncIterator[LiveVoxClient]:
    """agent1, logged in."""
    creds = sim.credentials
    async with new_client(sim, read_timeout=5.0) as client:
        await client.login(creds.client_code, creds.agent_login, creds.password)
        access = await client.service_access()  # in the agent's service, as the app is
        await client.join_service(access.services[0].service_id, access.phone_number)
        yield client


@pytest.fixture
async def supervisor(sim: EmbeddedSimulator) -> AsyncIterator[LiveVoxClient]:
    """The non-agent user, logged in."""
    creds = sim.credentials
    async with new_client(sim) as client:
        await client.login(creds.client_code, "supervisor", creds.password, agent=False)
        yield client
