"""IMIconnectClient against the IMIconnect simulator: send, status, errors."""

from __future__ import annotations

import pytest

from inbox_app.imiconnect import IMIconnectClient, errors
from inbox_app.simulator.imiconnect import IMIconnectSimulator


@pytest.fixture
def sim():
    with IMIconnectSimulator(
        dataset="empty", reply_rate=0.0, submit_delay=0.0, delivery_delay=0.0
    ) as s:
        yield s


async def test_send_status_and_errors(sim: IMIconnectSimulator) -> None:
    async with IMIconnectClient(sim.base_url, "demo-service-key") as imi:
        (accepted,) = await imi.send_sms(
            ["+13125550142"], "Hello", sender_id="DEMOBK", correlation_id="k1"
        )
        assert accepted.queued and accepted.correlation_id == "k1"
        status = await imi.message_status(accepted.transid)
        assert status.state.value == "delivered" and status.code == "7500"
        with pytest.raises(errors.NotFound):
            await imi.message_status("no-such-transid")
        sim.configure(serviceActive=False)
        with pytest.raises(errors.ServiceInactive):
            await imi.send_sms(["+13125550142"], "Hello")
    async with IMIconnectClient(sim.base_url, "wrong-key") as imi:
        with pytest.raises(errors.AuthFailed):
            await imi.send_sms(["+13125550142"], "Hello")
