"""The light half of start-up: Qt, language, theme and the kept first screen, before the
heavy half (:mod:`inbox_app.app`: httpx, pydantic, qasync, the models, the demo server).

An agent starting the app wants their inbox on screen; a bare PySide6 window paints in
about 0.2 s here, importing the rest of the app takes about 0.8 s more. So this module
imports only Qt and the standard library, paints the kept first screen (if there is one
that fits), and only then imports the app — one module per event-loop turn, so the
screen stays drawn — and hands it the QApplication and the screen.
"""

from __future__ import annotations

import argparse

# PySide6 reads the source of every module imported after it (its __feature__ import hook
# looks for "PySide6" in the text): what the first screen needs from the standard library is
# imported here, before PySide6, outside that hook.
import datetime  # noqa: F401
import importlib
import logging  # noqa: F401
import os
import sys
import unicodedata  # noqa: F401
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .core import screen_cache  # standard library only
from .demo import DemoProcess  # standard library only
from .markers import STARTUP_MARKER
from .paths import data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from .ui.settings import Settings

# What signing in needs, heaviest first-users first; each is imported in its own turn (the
# window's own modules load in app.py, while signing in waits on the network).
HEAVY_MODULES = (
    "asyncio",
    "httpx",
    "pydantic",
    "inbox_app.livevox.models",
    "inbox_app.livevox.client",
    "qasync",
    "inbox_app.core.workspace",
    "inbox_app.core.sync",
    "inbox_app.wiring",
    "inbox_app.app",
)
PLATFORM_MODULES = {  # what signing in to each platform adds (LiveVox's is in the list above)
    "livelink": ("inbox_app.core.local_threads", "inbox_app.core.platforms.livelink"),
    "imiconnect": ("inbox_app.core.local_threads", "inbox_app.core.platforms.imiconnect"),
    "iliveit": ("inbox_app.core.local_threads", "inbox_app.core.platforms.iliveit"),
}


def choose_platform(screenshot: bool) -> str | None:
    """Offscreen for a headless screenshot; a clear message instead of Qt's abort otherwise."""
    if (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        return None
    if sys.platform.startswith("linux"):
        if screenshot:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            return None
        return (
            "inbox-app: no display found (DISPLAY and WAYLAND_DISPLAY are unset). Run it in a "
            "desktop session, or use --screenshot PATH to render the window headless."
        )
    return None


def choose_language(args: argparse.Namespace, preferences: Settings | None = None) -> str:
    """``--language`` if given; else the setting of the profile (``preferences`` when already
    loaded; a screenshot, which never reads settings, follows the system)."""
    from .ui.settings import Language, Settings, profile_settings

    if getattr(args, "language", None):
        return str(args.language)
    if args.screenshot:
        return Language.SYSTEM.value
    if preferences is None:
        preferences = Settings.load(profile_settings(args.profile), shortcuts=False)
    return preferences.language.value


def place_of(args: argparse.Namespace, settings: QSettings) -> str | None:
    """Which server's screen may be shown: "demo", the server asked for, else the one the
    agent last signed in to (None: not known yet, show nothing)."""
    if args.demo:
        return "demo"
    if args.server:
        return str(args.server)
    if args.environment:
        from .livevox.env import base_url_for

        return base_url_for(args.environment)
    if args.platform != "livevox":
        return None  # (no kept first screen for another platform's tenant yet)
    last = settings.value("login/server")
    return str(last) if last else None


def launch(args: argparse.Namespace) -> int:
    problem = choose_platform(bool(args.screenshot))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # The demo's servers start in their own process, on the other core, while Qt loads; but
    # after a kept first screen has painted, if there is one: their start slows that paint.
    folder = data_dir(args.profile, demo=bool(args.demo), platform=args.demo or args.platform)
    kept_path = folder / screen_cache.FILE_NAME
    demo: list[DemoProcess] = []
    if args.demo and (args.screenshot or not kept_path.exists()):
        demo.append(DemoProcess.spawn(args.demo, args.demo_faults))
    try:
        return _launch(args, demo, kept_path)
    finally:
        for servers in demo:
            servers.stop()  # (the app stopped them already, unless it never got that far)


def _launch(args: argparse.Namespace, demo: list[DemoProcess], kept_path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from .ui import i18n
    from .ui.icons import APP_ID
    from .ui.settings import Settings, Theme, apply_theme, profile_settings

    QApplication.setApplicationName("inbox_app")
    QApplication.setApplicationDisplayName("LiveVox Inbox")
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # the shutdown sequence still needs the loop
    store = None if args.screenshot else profile_settings(args.profile)
    preferences = Settings.load(store, shortcuts=False)
    # Before any window or dialog exists: widgets take their words when they are built.
    language = i18n.install(choose_language(args, preferences))
    first = None
    place = None if store is None else place_of(args, store)
    if place is not None:
        from .ui.first_screen import open_first_screen, wait_until_painted

        if preferences.theme is not Theme.SYSTEM:
            apply_theme(preferences.theme)  # no light flash for an agent who works in dark
        kept = screen_cache.load(kept_path)
        first = open_first_screen(
            kept,
            place=place,
            language=language,
            masked=preferences.mask_numbers,
            settings=store,
        )
        if first is not None:
            if wait_until_painted(first) and args.startup_probe:
                print(f"{STARTUP_MARKER} (kept screen)", flush=True)
            first.settle()
    if args.demo and not demo:
        demo.append(DemoProcess.spawn(args.demo, args.demo_faults))
    if first is not None:
        for name in HEAVY_MODULES + PLATFORM_MODULES.get(args.demo or args.platform, ()):
            importlib.import_module(name)
            app.processEvents()
    from .app import run

    return run(args, app, language=language, first_screen=first, demo=demo[0] if demo else None)
