"""Guard: every test in tests/ui runs on qasync's loop (so Qt events are processed)."""

import asyncio

import qasync


async def test_ui_tests_run_on_qasync() -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)
