"""The warm-up gives the event loop back between its steps and leaves nothing behind."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication

from inbox_app.ui.warmup import warm_up

from ..waiting import until


async def test_warm_up_yields_between_steps_and_leaves_no_windows(qapp) -> None:  # type: ignore[no-untyped-def]
    before = set(QApplication.topLevelWidgets())
    turns = 0
    done = False

    async def count_turns() -> None:
        nonlocal turns
        while not done:
            turns += 1
            await asyncio.sleep(0)

    counter = asyncio.ensure_future(count_turns())
    await warm_up()
    done = True
    await counter
    # Six widget steps and nine icons: the other task ran between (nearly) every one.
    assert turns >= 14
    # deleteLater is carried out by the loop
    await until(lambda: set(QApplication.topLevelWidgets()) == before, what="warm-up widgets gone")
