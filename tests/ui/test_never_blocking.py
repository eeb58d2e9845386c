"""With 2 s of latency on every call, the UI thread keeps turning.

A 10 ms QTimer records the gaps between its ticks while an inbox loads, a thread opens and a
message is sent. If anything waited on the network on the UI thread, one gap would be at
least the 2 s latency; the bound below is a quarter of that so machine noise cannot fail it
while any blocking call still would.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from inbox_app.core.conversation import SendState
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import until

LATENCY_MS = 2000


async def test_ui_keeps_turning_while_every_call_takes_two_seconds(
    sim: EmbeddedSimulator,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    creds = sim.credentials
    gaps: list[float] = []
    last = time.perf_counter()

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append(now - last)
        last = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    async with LiveVoxClient(sim.base_url, creds.access_token) as client:
        await client.login(creds.client_code, creds.agent_login, creds.password)
        platform = LiveVoxPlatform(client)
        await platform.enter_service()  # as signing in does: the agent's one service
        sim.set_faults(f"latency={LATENCY_MS}")
        runner = TaskRunner()
        window = MainWindow(Workspace(platform), runner, settings=None)
        qtbot.addWidget(window)
        window.show()
        last = time.perf_counter()
        timer.start()
        started = time.perf_counter()
        window.start()  # channels, counts, templates, codes, then the first inbox and thread
        await until(lambda: window._ready, "the first inbox and thread", within=30)
        assert time.perf_counter() - started >= 2 * LATENCY_MS / 1000  # the latency was real
        thread = window.current_thread
        assert thread is not None and thread.thread_id is not None
        window.composer.set_text("Thanks, we received it.")
        window.composer.submit()
        entries = window.workspace.conversation(thread.thread_id).entries
        await until(
            lambda: entries[len(entries) - 1].state is SendState.SENT, "the send", within=30
        )
        timer.stop()
        await runner.shutdown()
    assert len(gaps) > 100
    assert max(gaps) < LATENCY_MS / 1000 / 4, f"the UI thread stalled for {max(gaps) * 1000:.0f} ms"
