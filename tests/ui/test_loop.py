"""Guard: every test in tests/ui runs on qasync's loop (so Qt events are processed), and a
test's phase ends without running the app's work outside that loop."""

import asyncio

import qasync
from PySide6.QtWidgets import QApplication

from ..qt_loop import PhasedQtLoop


async def test_ui_tests_run_on_qasync() -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def test_work_due_as_a_phase_ends_runs_in_the_next_phase_inside_the_loop(
    qapp: QApplication,
) -> None:
    """A request whose wake-up falls due as a phase (set-up, test body, teardown) ends runs
    in the next phase, on the running loop; qasync's own loop ran it right after stopping,
    with no loop running (how anyio's connect attempts were left never awaited)."""
    loop = PhasedQtLoop(qapp)
    woke_on: list[asyncio.AbstractEventLoop | None] = []

    async def request(answer: asyncio.Future[None]) -> None:
        await answer
        woke_on.append(_running_loop())

    async def phase() -> asyncio.Task[None]:
        answer = loop.create_future()
        task = loop.create_task(request(answer))
        await asyncio.sleep(0)  # the request is waiting for its answer
        loop.call_soon(answer.set_result, None)  # which arrives as the phase ends
        return task

    try:
        in_flight = loop.run_until_complete(phase())
        assert woke_on == [] and not in_flight.done()
        loop.run_until_complete(in_flight)
        assert woke_on == [loop]
    finally:
        loop.close()
