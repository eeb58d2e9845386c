"""Suite-wide fixtures: headless Qt, the loop each async test runs on, fast retries."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator

import pytest
import stamina

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


def _qasync_loop() -> asyncio.AbstractEventLoop:
    """A qasync loop on the (single) QApplication, for tests that drive Qt objects."""
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Qt tests (marked ``qt``) run on qasync; the Qt-free layers on a plain asyncio loop."""
    if item.get_closest_marker("qt") is not None:
        return {"qasync": _qasync_loop}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture(autouse=True)
def _instant_retries() -> Iterator[None]:
    """Keep the real retry policy (attempt counts) but skip its waiting."""
    stamina.set_testing(True, attempts=10, cap=True)
    yield
    stamina.set_testing(False)
