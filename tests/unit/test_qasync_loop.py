"""Tests marked ``qt`` run on qasync's loop, and the protocol layer works on it unchanged."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import qasync
import respx
from PySide6.QtCore import QTimer

from inbox_app.livevox import LiveVoxClient

from ..waiting import until
from .livevox import seed_examples as seed

pytestmark = pytest.mark.qt


async def test_the_running_loop_is_qasync() -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)


async def test_qt_timers_fire_while_a_client_call_is_awaited() -> None:
    router = respx.Router(base_url="https://lv.test")
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    async def slow_login(request: httpx.Request) -> httpx.Response:
        # The answer waits for five ticks of a Qt timer: they come only if Qt's loop turns.
        await until(lambda: ticks >= 5, what="five ticks")
        return httpx.Response(200, json=seed.LOGIN)

    router.post("/session/login").mock(side_effect=slow_login)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    try:
        async with LiveVoxClient(
            "https://lv.test", "token", transport=httpx.MockTransport(router.async_handler)
        ) as lv:
            session = await lv.login("DEMO", "agent1", "pw")
    finally:
        timer.stop()
    assert session.user_id == "645836"
    assert ticks >= 5  # the Qt event loop kept turning while the call was awaited
