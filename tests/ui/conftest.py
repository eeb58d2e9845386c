"""The real app window against the real simulator on loopback, on qasync's loop."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QSettings

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.sync import SyncEngine
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui import i18n
from inbox_app.ui.gc_guard import MainThreadCollector
from inbox_app.ui.main_window import MainWindow

from .screen_reader import ScreenReader, available


async def until(condition: Callable[[], object], what: str, within: float = 15.0) -> None:
    """Let the loop run until ``condition()`` holds (never qtbot.wait* inside a coroutine)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within} s waiting for {what}")
        await asyncio.sleep(0.01)


async def settled(window: MainWindow) -> None:
    """Let the window's requests finish: before Qt events are processed by hand (a request's
    wake-up run re-entrantly from there is lost, and the request hangs), and before the test
    ends, so that nothing is in flight when its loop closes."""
    await until(lambda: window.runner.pending == 0, "the window's work to finish")


@pytest.fixture(autouse=True)
def gui_thread_gc(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As in the app: no cyclic GC in the simulator's thread while Qt objects are about."""
    collector = MainThreadCollector(interval_ms=1000)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    """Every UI test has a QApplication set up as the app does, and writes settings only
    below its tmp_path."""
    qapp.setQuitOnLastWindowClosed(False)  # as in app.run: closing a dialog must not stop the loop
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


TS_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts files compiled now with the PySide6 wheel's lrelease: tests check the
    translations as they are in the tree, whether or not scripts/i18n.sh build has run."""
    folder = tmp_path_factory.mktemp("i18n")
    lrelease = Path(PySide6.__file__).parent / "lrelease"
    for ts in sorted(TS_DIR.glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(folder / f"{ts.stem}.qm")], check=True
        )
    return folder


@pytest.fixture(autouse=True)
def english(qapp, qm_dir: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As app.run does before any window exists: the language installed (English here; its
    catalogue holds the plural forms, "1 segment" / "2 segments")."""
    i18n.install("en", qm_dir)
    yield
    i18n.uninstall()


@pytest.fixture
def sim() -> Iterator[EmbeddedSimulator]:
    with EmbeddedSimulator(dataset="demo") as simulator:
        yield simulator


@pytest.fixture
async def client(sim: EmbeddedSimulator) -> AsyncIterator[LiveVoxClient]:
    creds = sim.credentials
    async with LiveVoxClient(sim.base_url, creds.access_token, read_timeout=1.5) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        yield lv


@pytest.fixture
async def window(sim: EmbeddedSimulator, client: LiveVoxClient, qtbot) -> AsyncIterator[MainWindow]:  # type: ignore[no-untyped-def]
    async with open_window(sim, client, qtbot) as win:
        yield win


async def demo_platform(sim: EmbeddedSimulator, client: LiveVoxClient) -> LiveVoxPlatform:
    """The demo agent's platform, in their one service as signing in leaves it."""
    assert sim.world is not None
    platform = LiveVoxPlatform(client)
    await platform.enter_service()
    return platform


@contextlib.asynccontextmanager
async def open_window(
    sim: EmbeddedSimulator,
    client: LiveVoxClient,
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings | None = None,
    *,
    workspace: Workspace | None = None,
    sync: SyncEngine | None = None,
) -> AsyncIterator[MainWindow]:
    """A loaded MainWindow on the demo data (in the language installed at the time); a test
    may bring its own workspace (a guard, a clock) and sync engine."""
    runner = TaskRunner()
    assert sim.world is not None
    workspace = workspace or Workspace(await demo_platform(sim, client))
    company = {"company": sim.world.meta("company", "")}
    win = MainWindow(
        workspace,
        runner,
        settings=settings,
        where="test",
        template_values=company,
        sync=sync,
    )
    qtbot.addWidget(win)
    win.show()
    win.start()
    await until(lambda: win._ready, "the first inbox and thread")
    await until(lambda: runner.pending == 0, "the start-up work to finish")
    try:
        yield win
    finally:
        # Let requests a test left in flight (history, mark read) end before cancelling: a
        # request cut off mid-connect can leave anyio's connect coroutines never awaited.
        with contextlib.suppress(AssertionError):
            # Generous: on a loaded machine (two workers, the simulator in-process) a request
            # that re-signs in can take seconds, and cutting it mid-connect is what leaks.
            await until(lambda: runner.pending == 0, "the test's requests to end", within=20.0)
        await runner.shutdown()
        await workspace.settle(grace=10.0)
        await _no_task_left()


async def _no_task_left() -> None:
    """What asyncio.run does before closing its loop: cancel and await every task still
    there. A request cut off mid-connect leaves httpcore/anyio's own connect tasks unstarted;
    if the test's loop closed over them, their coroutines were reported never awaited."""
    current = asyncio.current_task()
    for _ in range(5):  # cancelling a request can start tasks of its own (anyio's connect)
        left = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
        if not left:
            return
        # Let them end first (5 s at most): a connect cut off mid-way leaks a coroutine.
        await asyncio.wait(left, timeout=5.0)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)


@pytest.fixture
def screen_reader(qapp) -> Iterator[ScreenReader]:  # type: ignore[no-untyped-def]
    """What the app announces to screen readers during the test (see screen_reader.py)."""
    reason = available()
    if reason:
        pytest.skip(reason)
    with ScreenReader() as heard:
        yield heard
