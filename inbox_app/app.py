"""Builds the Qt application, runs it on qasync's loop, and shuts it down in order.

One place owns the loop, the exception hooks and the shutdown sequence (Randovania's
``gui/qt.py`` pattern): cancel and await every task, close the HTTP client, stop the
embedded server, and only then let the loop end (qasync #39, #55, #115).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import logging.handlers
import os
import sys
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from . import __version__
from .core import screen_cache
from .core.credentials import CredentialStore
from .core.drafts import Drafts
from .core.models import TermCode
from .core.outbox import Outbox
from .core.outcomes import PlatformError
from .core.platform import Platform
from .core.platforms import livevox as livevox_platform
from .core.signout import sign_out_and_clear
from .core.store import LocalStore
from .core.sync import SyncEngine
from .core.tasks import TaskRunner
from .core.workspace import Workspace
from .crash import write_report
from .launch import STARTUP_MARKER
from .livevox import redact
from .livevox.env import ENVIRONMENTS, base_url_for
from .paths import data_dir, log_dir
from .ui.describe import describe
from .ui.first_screen import FirstScreen
from .ui.gc_guard import MainThreadCollector
from .ui.main_window import MainWindow, open_main_window
from .ui.settings import profile_settings
from .ui.warmup import warm_up

log = logging.getLogger("inbox_app")

SCREENSHOT_TIMEOUT_S = 60.0
HAND_OVER_AFTER_S = 8.0  # the kept first screen gives way to the live window by then at most
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


@dataclass(frozen=True, slots=True)
class Target:
    """Where to sign in, and as whom (when known without asking)."""

    base_url: str
    access_token: str | None = None
    client_code: str | None = None
    user_name: str | None = None
    password: str | None = None
    term_codes: tuple[TermCode, ...] = ()
    label: str = ""
    company: str = ""
    # The agent chose "remember me" (or it is the demo): the first screen may be kept.
    remembered: bool = False


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


async def _start_demo() -> tuple[Any, Target]:
    from .simulator.embedded import EmbeddedSimulator  # only the demo pays for the server

    simulator = EmbeddedSimulator(dataset="demo")
    await asyncio.to_thread(simulator.start)
    creds = simulator.credentials
    world = simulator.world
    codes = (
        tuple(TermCode(str(row["id"]), str(row["description"])) for row in world.term_codes())
        if world
        else ()
    )
    target = Target(
        simulator.base_url,
        creds.access_token,
        creds.client_code,
        creds.agent_login,
        creds.password,
        codes,
        label=translate("app", "Demo server {0} · {1}").format(
            simulator.base_url, creds.agent_login
        ),
        company=world.meta("company", "") if world else "",
        remembered=True,  # fictional customers: the next start may show them at once
    )
    return simulator, target


async def ask_to_sign_in(target: Target, *, profile: str) -> tuple[Platform | None, Target]:
    """The sign-in dialog for a real tenant, signing in through LiveVox's adapter."""
    from .ui.login import ask_for_login

    return await ask_for_login(
        target, profile=profile, connect=livevox_platform.sign_in, environments=ENVIRONMENTS
    )


async def _wait(awaitable: Awaitable[Any], seconds: float) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(awaitable, seconds)


async def run_async(
    args: argparse.Namespace,
    app: QApplication,
    collector: MainThreadCollector | None = None,
    *,
    language: str = "en",
    first_screen: FirstScreen | None = None,
) -> int:
    simulator: Any = None
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def quit_app() -> None:
        if not closed.done():
            closed.set_result(None)

    app.lastWindowClosed.connect(quit_app)
    if first_screen is not None:
        if first_screen.closed_by_agent:  # closed while the app was still loading
            return 0
        first_screen.sig_closed_by_agent.connect(quit_app)
    folder = data_dir(args.profile, demo=bool(args.demo))
    kept_path = folder / screen_cache.FILE_NAME
    signed_out = False
    runner = TaskRunner()
    platform: Platform | None = None
    store: LocalStore | None = None
    drafts: Drafts | None = None
    workspace: Workspace | None = None
    # Qt's first-of-a-kind costs, in small turns while the server starts or the agent signs in.
    warm = asyncio.ensure_future(warm_up())
    try:
        if args.demo:
            simulator, target = await _start_demo()
        else:
            url = args.server or base_url_for(args.environment or "na4")
            platform, target = await ask_to_sign_in(Target(url, label=url), profile=args.profile)
            if platform is None:
                return 1
        if platform is None:
            assert target.client_code and target.user_name and target.password
            platform = await livevox_platform.sign_in(
                target.base_url,
                target.client_code,
                target.user_name,
                target.password,
                target.access_token or "",
                term_codes=target.term_codes,
            )
        settings = profile_settings(args.profile) if not args.screenshot else None
        store = await LocalStore.open(folder / "local.sqlite3")
        outbox = Outbox(platform, store)
        await outbox.load()
        drafts = Drafts(store)
        await drafts.load()
        workspace = Workspace(platform, outbox)
        sync = SyncEngine(workspace)
        window = await open_main_window(
            workspace,
            runner,
            warm=warm,
            sync=sync,
            drafts=drafts,
            settings=settings,
            where=target.label,
            template_values={"company": target.company} if target.company else None,
            show=first_screen is None,
        )
        place = "demo" if args.demo else target.base_url

        def keep_screen() -> None:
            """Kept for the next start when allowed (see core.screen_cache); else removed."""
            if args.screenshot or signed_out or not window.loaded:
                return  # (never loaded: the agent quit early; the last good one stays)
            if target.remembered:
                screen_cache.save(kept_path, window.kept_screen(place, language))
            else:
                screen_cache.forget(kept_path)

        if first_screen is not None:
            first = first_screen

            def hand_over() -> None:
                if first.handed_over:
                    return
                if not first.hand_over(window.show_in_place):
                    quit_app()

            # Ready (first inbox and thread loaded), or whatever it shows after a while:
            # a failure is explained in the live window, never hidden behind "connecting".
            window.sig_ready.connect(hand_over)
            QTimer.singleShot(round(HAND_OVER_AFTER_S * 1000), window, hand_over)
        window.sig_ready.connect(keep_screen)
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        window.sig_ready.connect(lambda: ready.done() or ready.set_result(None))
        runner.start(outbox.flush(force=True), name="send what an earlier run left queued")
        forget = None if args.demo else CredentialStore(args.profile)
        if not args.demo:
            from .ui.login import sign_in_again

            async def prompt() -> None:
                if await sign_in_again(
                    window,
                    workspace.sign_in_again,
                    server=target.base_url,
                    client_code=target.client_code or "",
                    user_name=target.user_name or "",
                ):
                    sync.poke()

            window.sig_session_lost.connect(
                lambda: runner.latest("sign in again", prompt(), name="sign in again")
            )
        window.sig_sign_out.connect(
            lambda: runner.start(
                sign_out_and_clear(
                    workspace=workspace,
                    drafts=drafts,
                    forget_secrets=None
                    if forget is None
                    else lambda: forget.forget(
                        target.base_url, target.client_code or "", target.user_name or ""
                    ),
                    kept_screen=kept_path,
                ),
                name="sign out",
                on_result=lambda _: signed_out_then_close(),
            )
        )

        def signed_out_then_close() -> None:
            nonlocal signed_out
            signed_out = True  # and the kept screen is gone: closing must not keep it again
            window.close()

        # Live sync starts once the first screen is loaded, so it never races the start-up.
        window.sig_ready.connect(lambda: runner.start(sync.run(), name="live sync"))
        if collector is not None:
            window.sig_ready.connect(collector.freeze)  # start-up objects stay: skip them
        if args.screenshot:
            return await _screenshot(window, ready, Path(args.screenshot))
        if getattr(args, "startup_probe", False):
            return await _startup_probe(window, ready, kept_screen_shown=first_screen is not None)
        await closed
        keep_screen()  # as the agent left it
        return 0
    except PlatformError as exc:
        print(f"inbox-app: {describe(exc)}", file=sys.stderr)
        return 1
    finally:
        warm.cancel()
        if first_screen is not None and not first_screen.handed_over:
            first_screen.close()  # sign-in cancelled, or start-up failed
        await shut_down(
            runner=runner,
            workspace=workspace,
            platform=platform,
            drafts=drafts,
            store=store,
            logout=bool(args.demo),
            simulator=simulator,
        )


async def shut_down(
    *,
    runner: TaskRunner,
    workspace: Workspace | None = None,
    platform: Platform | None = None,
    drafts: Drafts | None,
    store: LocalStore | None,
    logout: bool,
    simulator: Any = None,
) -> None:
    """The one shutdown order: no task left running, drafts written, store closed, session
    ended (if asked), HTTP pool closed, embedded server stopped — all before the loop ends."""
    await runner.shutdown()
    if workspace is not None:
        await workspace.settle()
    if drafts is not None:
        await drafts.flush()
    if store is not None:
        await store.close()
    if platform is not None:
        if logout:
            await _wait(platform.sign_out(), 2.0)
        await platform.close()
    if simulator is not None:
        await asyncio.to_thread(simulator.stop)


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
    # Ctrl+C in the terminal: Python only sees the signal when the interpreter runs.
    ticker = QTimer()
    ticker.start(250)
    ticker.timeout.connect(lambda: None)
    try:
        with loop:
            return loop.run_until_complete(
                run_async(args, app, collector, language=language, first_screen=first_screen)
            )
    except KeyboardInterrupt:
        return 130
    finally:
        collector.stop()
