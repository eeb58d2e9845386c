"""ILiveItClient against the iLiveIt simulator: ping, send, status, errors."""

from __future__ import annotations

import pytest

from inbox_app.iliveit import ILiveItClient, errors
from inbox_app.simulator.iliveit import ILiveItSimulator


@pytest.fixture
def sim():
    with ILiveItSimulator(
        reply_rate=0.0, submit_delay=0.0, sent_delay=0.0, delivery_delay=0.0
    ) as s:
        yield s


async def test_send_status_and_errors(sim: ILiveItSimulator) -> None:
    async with ILiveItClient(sim.base_url, "demo-app-token") as il:
        await il.ping()
        message_id = await il.send_sms("+27821234567", "Hello", status_url="http://127.0.0.1:9/x")
        status = await il.message_status(message_id)
        assert status.message_id == message_id and status.state.value == "delivered"
        failed = await il.message_status(await il.send_sms("27830000198", "Hello"))
        assert failed.state.value == "failed"
        sim.set_faults("POST /message/send:error=1@429")
        with pytest.raises(errors.RateLimited):
            await il.send_sms("27821234567", "Hello")
    async with ILiveItClient(sim.base_url, "wrong") as il:
        with pytest.raises(errors.AuthFailed):
            await il.ping()
