"""The app's languages with Qt's own workflow: ``tr()`` in the code, ``.ts`` sources under
``resources/i18n/``, compiled ``.qm`` files loaded here by ``QTranslator``.

The ``.qm`` files are built, not committed: ``scripts/i18n.sh build`` (run by
``scripts/dev.sh`` whenever a ``.ts`` is newer, and by ``packaging/build.sh``) writes them to
``inbox_app/i18n/``, where a source checkout finds them; the PyInstaller bundle carries them at
the same place below ``sys._MEIPASS``. A missing file is logged and the app runs in English.

The language is chosen once, at start-up, before any window exists (see ``app.run``): a change
in the settings applies the next time the app starts.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("inbox_app.ui")

APP_CATALOG = "inbox_app"  # inbox_app_es.qm, inbox_app_en.qm (English plural forms only)
# The languages the app speaks, each named in its own language (as language menus do).
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
SYSTEM = "system"

_installed: list[QTranslator] = []


def translations_dir() -> Path | None:
    """Where the compiled ``.qm`` files are: in the bundle, else next to the package."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen_root) / "inbox_app" / "i18n"] if frozen_root else []
    candidates.append(Path(__file__).resolve().parents[1] / "i18n")
    return next((path for path in candidates if path.is_dir()), None)


def resolve(language: str) -> str:
    """The language code in effect: ``"system"`` becomes the first of the system's
    preferred languages that the app speaks, else English; an unknown code is English."""
    if language in LANGUAGE_NAMES:
        return language
    if language == SYSTEM:
        for tag in QLocale.system().uiLanguages():
            code = tag.replace("_", "-").split("-")[0].lower()
            if code in LANGUAGE_NAMES:
                return code
    return "en"


def locale_for(code: str) -> QLocale:
    """The locale for dates and numbers: the system's when it is in that language (keeps its
    region), else Latin-American Spanish or US English."""
    system = QLocale.system()
    wanted = QLocale.Language.Spanish if code == "es" else QLocale.Language.English
    if system.language() == wanted:
        return system
    if code == "es":
        return QLocale(QLocale.Language.Spanish, QLocale.Country.LatinAmerica)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install(language: str, folder: Path | None = None) -> str:
    """Put the app in ``language`` ("system", "en", "es"); returns the code in effect.

    Installs the app's catalogue and, for other languages than English, Qt's own
    (``qtbase_xx.qm``: standard buttons such as Cancel and Close, key names, context menus
    of text fields). Replaces whatever an earlier call installed.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    uninstall()
    code = resolve(language)
    QLocale.setDefault(locale_for(code))
    folder = folder if folder is not None else translations_dir()
    catalog = QTranslator(app)
    path = folder / f"{APP_CATALOG}_{code}.qm" if folder is not None else None
    if path is not None and catalog.load(str(path)):
        _add(app, catalog)
    else:
        log.warning(
            "no translation file %s: showing source texts (run scripts/i18n.sh build)",
            path or f"{APP_CATALOG}_{code}.qm",
        )
    if code != "en":
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{code}", qt_dir):
            _add(app, qt)
        else:
            log.info("Qt's own %s translation is not installed in %s", code, qt_dir)
    return code


def uninstall() -> None:
    """Back to the source texts (English) and the system's locale."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale.system())


def _add(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)
