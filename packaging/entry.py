"""Entry script of the frozen bundle: runs ``inbox_app.cli:main``, the ``inbox-app`` console script.

PyInstaller needs a script, not an entry point, so this file stands in for the console script.
With ``INBOX_APP_BUNDLE_SELFTEST=1`` in the environment it instead checks, inside the bundle,
what a frozen app most often loses (packaging/build.sh runs it after each build):

* keyring's backends, which it finds only through entry-point metadata;
* the submodules uvicorn and the demo server import by name at run time;
* Qt's offscreen platform plugin and the SVG image-format and icon-engine plugins;
* the icons copied into the bundle;
* the compiled translations, and that Spanish loads from them.

It prints one line per check and exits 0 only when all pass.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ENTRY_POINT = "inbox_app.cli:main"
SELFTEST_VARIABLE = "INBOX_APP_BUNDLE_SELFTEST"
APP_ID = "io.github.inbox_app.Inbox"
RUNTIME_IMPORTS = (
    "inbox_app.app",
    "inbox_app.simulator.embedded",
    "inbox_app.simulator.livelink",
    "inbox_app.core.platforms.livelink",
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
    "uvicorn.lifespan.off",
    "fastapi",
    "starlette.routing",
    "pydantic",
    "httpx",
    "anyio",
    "h11",
    "sqlite3",
    "qasync",
    "platformdirs",
    "stamina",
)


def _bundle_dir() -> Path:
    """Top folder of the one-dir bundle (the one holding the ``inbox-app`` executable)."""
    return Path(sys.executable).resolve().parent


def _selftest() -> int:
    failures: list[str] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        print(f"selftest: {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
        if not ok:
            failures.append(name)

    from importlib.metadata import entry_points

    backends = sorted(ep.name for ep in entry_points(group="keyring.backends"))
    check("keyring.backends entry points", bool(backends), ", ".join(backends))
    try:
        import keyring

        backend = keyring.get_keyring()
        check("keyring.get_keyring()", True, f"{type(backend).__module__}.{type(backend).__name__}")
    except Exception as exc:  # report any failure as a failed check
        check("keyring.get_keyring()", False, repr(exc))

    for module in RUNTIME_IMPORTS:
        try:
            importlib.import_module(module)
            check(f"import {module}", True)
        except Exception as exc:
            check(f"import {module}", False, repr(exc))

    try:  # phonenumbers loads each region's metadata by name, at run time
        from inbox_app.core.numbers import e164

        number = e164("(312) 555-0101")
        check("phone numbers (phonenumbers' metadata)", number == "+13125550101", str(number))
    except Exception as exc:
        check("phone numbers (phonenumbers' metadata)", False, repr(exc))

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

    app = QGuiApplication(sys.argv[:1])
    check("Qt platform", app.platformName() == "offscreen", app.platformName())
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    for plugin in (
        "platforms/libqoffscreen.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        check(f"Qt plugin {plugin}", (plugins / plugin).is_file(), str(plugins / plugin))
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    check("QImageReader reads svg", "svg" in formats)

    top = _bundle_dir()
    app_icon = top / "share/icons/hicolor/scalable/apps" / f"{APP_ID}.svg"
    check("app icon in share/icons", app_icon.is_file(), str(app_icon))
    pixmap = QIcon(str(app_icon)).pixmap(64, 64)
    check("app icon renders", not pixmap.isNull() and pixmap.width() == 64)
    action_icons = Path(getattr(sys, "_MEIPASS", top)) / "resources/icons"
    count = len(list(action_icons.glob("*.svg")))
    check("icons in the bundle", count >= 9, f"{count} in {action_icons}")
    from PySide6.QtCore import QCoreApplication

    from inbox_app.ui import i18n

    folder = i18n.translations_dir()
    catalogs = sorted(p.name for p in folder.glob("*.qm")) if folder else []
    check("translations in the bundle", "inbox_app_es.qm" in catalogs, f"{catalogs} in {folder}")
    i18n.install("es")
    spanish = QCoreApplication.translate("Composer", "Send")
    check("Spanish loads", spanish == "Enviar", spanish)
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    check("Qt's own Spanish (qtbase_es.qm) loads", cancel == "Cancelar", cancel)
    i18n.uninstall()
    del app

    print("selftest: " + ("all checks passed" if not failures else f"{len(failures)} failed"))
    return 0 if not failures else 1


def run() -> int:
    if os.environ.get(SELFTEST_VARIABLE) == "1":
        return _selftest()
    from inbox_app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
