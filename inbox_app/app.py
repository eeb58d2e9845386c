"""Builds the Qt application, runs it on qasync's loop, and shuts it down in order.

One place owns the loop, the exception hooks and the shutdown sequence (Randovania's
``gui/qt.py`` pattern): cancel and await every task, close the HTTP client, stop the
embedded server, and only then let the loop end (qasync #39, #55, #115).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import logging.handlers
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from . import __version__
from .core import screen_cache
from .core.compliance import Guard
from .core.credentials import CredentialStore
from .core.outcomes import PlatformError
from .core.platform import Platform
from .core.tasks import TaskRunner
from .crash import write_report
from .demo import DemoFailed, DemoProcess
from .livevox import redact
from .markers import STARTUP_MARKER
from .paths import data_dir, log_dir
from .stop_signals import on_stop_signal
from .ui.describe import describe
from .ui.first_screen import FirstScreen
from .ui.gc_guard import MainThreadCollector
from .ui.settings import profile_settings
from .ui.warmup import warm_up
from .wiring import (
    RELAYED,
    KeptScreen,
    Session,
    Target,
    ask_to_sign_in,
    default_server,
    prompt_when_session_lost,
    shut_down,
    sign_out_on_request,
    start_demo,
)

if TYPE_CHECKING:
    from .ui.main_window import MainWindow

log = logging.getLogger("inbox_app")

# The window's own code, heaviest parts first, loaded in small turns while signing in waits
# on the network (launch.py loaded what signing in needs).
WINDOW_MODULES = (
    "inbox_app.ui.conversation",
    "inbox_app.ui.composer",
    "inbox_app.ui.thread_list",
    "inbox_app.ui.shortcuts",
    "inbox_app.ui.account",
    "inbox_app.ui.bulk_actions",
    "inbox_app.ui.dialogs.settings",
    "inbox_app.ui.main_window",
)

SCREENSHOT_TIMEOUT_S = 60.0
HAND_OVER_AFTER_S = 8.0  # the kept first screen gives way to the live window by then at most
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(
    console_level: int = logging.WARNING, *, folder: Path | None = None
) -> list[logging.Handler]:
    """Console at ``console_level``; a rotating, private file at INFO in the log folder.

    Both handlers carry the redacting filter, so no handler can write a session id, token
    or password, whoever logged it. Returns the handlers (tests remove them again).
    """
    folder = folder or log_dir()
    console = logging.StreamHandler()
    console.setLevel(console_level)
    # stamina logs every scheduled retry at WARNING; retries are routine, the file keeps them.
    console.addFilter(lambda record: record.name != "stamina" or record.levelno >= logging.ERROR)
    handlers: list[logging.Handler] = [console]
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / "inbox-app.log"
        path.touch(mode=0o600, exist_ok=True)
        os.chmod(path, 0o600)
        file = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        file.setLevel(logging.INFO)
        handlers.append(file)
    except OSError as exc:  # a read-only home must not stop the app
        print(f"inbox-app: not logging to a file ({exc})", file=sys.stderr)
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        redact.install(handler)
        root.addHandler(handler)
    root.setLevel(min(console_level, logging.INFO))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return handlers


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.critical("uncaught exception", exc_info=(kind, exc, tb))
    try:
        report = write_report(log_dir(), kind, exc, tb)
    except OSError:
        return
    _tell_about_crash(report)


def _tell_about_crash(report: Path) -> None:
    """Non-modal: the app may still be usable, and a nested event loop here is unsafe."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("app", "LiveVox Inbox"),
        translate(
            "app",
            "Something went wrong inside the app. Your drafts and queued messages "
            "are saved.\n\nA report (without passwords or session ids) is in:\n{}",
        ).format(report),
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def _loop_exception(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    log.error("unhandled error in the event loop: %s", context.get("message"), exc_info=exc)


async def run_async(
    args: argparse.Namespace,
    app: QApplication,
    collector: MainThreadCollector | None = None,
    *,
    language: str = "en",
    first_screen: FirstScreen | None = None,
    demo: DemoProcess | None = None,
) -> int:
    """Sign in, open the agent's session and window, run until the window closes, shut
    down in order. Each step is a named piece of :mod:`inbox_app.wiring`."""
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def quit_app() -> None:
        if not closed.done():
            closed.set_result(None)

    app.lastWindowClosed.connect(quit_app)
    stopped_by: list[signal.Signals] = []

    def stop(sig: signal.Signals) -> None:
        """The desktop session ends (SIGTERM) or Ctrl+C (SIGINT): quit as the agent would."""
        log.info("%s: quitting", sig.name)
        stopped_by.append(sig)
        app.closeAllWindows()  # a sign-in dialog too: cancelled
        quit_app()

    if first_screen is not None:
        if first_screen.closed_by_agent:  # closed while the app was still loading
            return 0
        first_screen.sig_closed_by_agent.connect(quit_app)
    forget_signals = on_stop_signal(asyncio.get_running_loop(), stop)
    kind = args.demo or args.platform
    folder = data_dir(args.profile, demo=bool(args.demo), platform=kind)
    runner = TaskRunner()
    simulator: Any = None
    platform: Platform | None = None
    session: Session | None = None

    async def sign_in() -> Target | None:
        """Signed in and the agent's session open (None: the agent cancelled signing in)."""
        nonlocal simulator, platform, session
        if args.demo:
            simulator, target = await start_demo(args.demo, demo)
        else:
            url = args.server or default_server(kind, args.environment)
            platform, target = await ask_to_sign_in(
                Target(url, platform=kind, label=url), profile=args.profile, folder=folder
            )
            if platform is None:
                return None
        if platform is None:
            assert target.connect is not None
            platform = await target.connect(folder)
        session = await Session.open(platform, folder, guard=Guard())
        return target

    # Qt's first-of-a-kind costs, in small turns while the server starts or the agent signs in.
    warm = asyncio.ensure_future(warm_up())
    signing_in = asyncio.ensure_future(sign_in())
    try:
        await import_in_turns(WINDOW_MODULES)  # while signing in waits on the network
        target = await signing_in
        if target is None:
            return 0 if stopped_by else 1
        assert session is not None
        if closed.done():  # asked to stop while starting: no window to open
            return 0
        from .ui.main_window import open_main_window

        window = await open_main_window(
            session.workspace,
            runner,
            warm=warm,
            sync=session.sync,
            drafts=session.drafts,
            settings=profile_settings(args.profile) if not args.screenshot else None,
            where=target.label,
            template_values={"company": target.company} if target.company else None,
            show=first_screen is None,
        )
        kept = KeptScreen(
            folder / screen_cache.FILE_NAME,
            place="demo" if args.demo else target.base_url,
            language=language,
            allowed=target.remembered,
            frozen=bool(args.screenshot),  # a screenshot run keeps and removes nothing
        )
        if first_screen is not None:
            hand_over_to(window, first_screen, quit_app)
        window.sig_ready.connect(lambda: kept.keep(window))
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        window.sig_ready.connect(lambda: ready.done() or ready.set_result(None))
        outbox = session.workspace.outbox
        runner.start(outbox.flush(force=True), name="send what an earlier run left queued")
        if not args.demo and kind not in RELAYED:  # (an agent token is not signed in again)
            prompt_when_session_lost(window, runner, target)

        def signed_out_then_close() -> None:
            kept.frozen = True  # and the kept screen is gone: closing must not keep it again
            window.close()

        sign_out_on_request(
            window,
            runner,
            session,
            target,
            credentials=None if args.demo else CredentialStore(args.profile),
            kept_screen=kept.path,
            done=signed_out_then_close,
        )
        # Live sync starts once the first screen is loaded, so it never races the start-up.
        sync = session.sync
        window.sig_ready.connect(lambda: runner.start(sync.run(), name="live sync"))
        if collector is not None:
            window.sig_ready.connect(collector.freeze)  # start-up objects stay: skip them
        if args.screenshot:
            return await _screenshot(window, ready, Path(args.screenshot))
        if getattr(args, "startup_probe", False):
            return await _startup_probe(window, ready, kept_screen_shown=first_screen is not None)
        await closed
        kept.keep(window)  # as the agent left it
        return 0
    except PlatformError as exc:
        print(f"inbox-app: {describe(exc)}", file=sys.stderr)
        return 1
    except DemoFailed as exc:
        print(f"inbox-app: {exc}", file=sys.stderr)
        return 1
    finally:
        warm.cancel()
        if not signing_in.done():  # (the window's modules failed to load)
            signing_in.cancel()
            with contextlib.suppress(BaseException):
                await signing_in
        if first_screen is not None and not first_screen.handed_over:
            first_screen.close()  # sign-in cancelled, or start-up failed
        await shut_down(
            runner=runner,
            workspace=session.workspace if session else None,
            platform=platform,
            drafts=session.drafts if session else None,
            store=session.store if session else None,
            logout=bool(args.demo),
            simulator=simulator,
        )
        forget_signals()


def hand_over_to(window: MainWindow, first: FirstScreen, quit_app: Callable[[], None]) -> None:
    """The kept first screen gives way to the live window when it is ready — or after a
    while, so a failure is explained in the live window, never hidden behind "connecting"."""

    def hand_over() -> None:
        if first.handed_over:
            return
        if not first.hand_over(window.show_in_place):
            quit_app()

    window.sig_ready.connect(hand_over)
    QTimer.singleShot(round(HAND_OVER_AFTER_S * 1000), window, hand_over)


async def import_in_turns(names: tuple[str, ...]) -> None:
    """One module per loop turn: the kept screen stays drawn and network answers are read
    between them."""
    for name in names:
        importlib.import_module(name)
        await asyncio.sleep(0)


async def _startup_probe(
    window: MainWindow, ready: asyncio.Future[None], *, kept_screen_shown: bool
) -> int:
    """Say when the first inbox is on screen (benchmarks/startup.py times the line; the
    launcher said it already if the kept first screen painted), and when the live one is,
    then close: the measure of start-up is "the agent sees their inbox"."""
    await asyncio.wait_for(ready, SCREENSHOT_TIMEOUT_S)
    painted = asyncio.get_running_loop().create_future()
    viewport = window.thread_list.view.viewport()

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted.done():
                painted.set_result(None)
            return False

    watch = PaintWatch(viewport)
    viewport.installEventFilter(watch)
    viewport.update()
    await asyncio.wait_for(painted, SCREENSHOT_TIMEOUT_S)
    if not kept_screen_shown:
        print(STARTUP_MARKER, flush=True)
    print("inbox-app: live inbox painted", flush=True)
    window.close()
    return 0


async def _screenshot(window: MainWindow, ready: asyncio.Future[None], path: Path) -> int:
    try:
        await asyncio.wait_for(ready, SCREENSHOT_TIMEOUT_S)
    except TimeoutError:
        print(f"inbox-app: nothing loaded within {SCREENSHOT_TIMEOUT_S:.0f} s", file=sys.stderr)
        return 1
    await asyncio.sleep(0.5)  # let the history page lay out and paint
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        print(f"inbox-app: could not write {path}", file=sys.stderr)
        return 1
    print(f"inbox-app: screenshot saved to {path}")
    window.close()
    return 0


def run(
    args: argparse.Namespace,
    app: QApplication,
    *,
    language: str = "en",
    first_screen: FirstScreen | None = None,
    demo: DemoProcess | None = None,
) -> int:
    """The heavy half of start-up (:mod:`inbox_app.launch` made ``app``, installed the
    language and maybe painted the kept first screen): logging, hooks, the loop, the app."""
    configure_logging(logging.DEBUG if args.verbose else logging.WARNING)
    log.info(
        "inbox-app %s starting (profile %s%s)",
        __version__,
        args.profile,
        ", demo" if args.demo else "",
    )
    sys.excepthook = _excepthook
    collector = MainThreadCollector()  # Qt objects must die on the GUI thread
    loop = qasync.QEventLoop(app)
    loop.set_exception_handler(_loop_exception)
    asyncio.set_event_loop(loop)
    if sys.platform == "win32":  # no stop_signals there: Ctrl+C is seen when Python runs
        ticker = QTimer()
        ticker.start(250)
        ticker.timeout.connect(lambda: None)
    try:
        with loop:
            return loop.run_until_complete(
                run_async(
                    args, app, collector, language=language, first_screen=first_screen, demo=demo
                )
            )
    except KeyboardInterrupt:
        return 130
    finally:
        collector.stop()
