"""Languages: Spanish throughout the window once chosen, English back when switched again.

The language is installed before a window is built (app.run does it at start-up), so each
language gets a window of its own here, as after a restart.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QDialogButtonBox

from inbox_app import cli
from inbox_app.core.outcomes import Action, ActionFailed
from inbox_app.core.platforms.livevox import problem
from inbox_app.core.sync import Health, HealthState
from inbox_app.launch import choose_language
from inbox_app.livevox import LiveVoxClient, errors
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui import i18n, wording
from inbox_app.ui.describe import describe
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.settings import Language, Settings

from .conftest import open_window, until


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


async def test_spanish_then_english_again(
    sim: EmbeddedSimulator,
    client: LiveVoxClient,
    qtbot,
    qm_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    assert i18n.install("es", qm_dir) == "es"
    async with open_window(sim, client, qtbot) as window:
        assert window.composer.send_button.text() == "Enviar"
        assert menu_titles(window) == ["&Cuenta", "C&onversación", "&Ver", "&Ir", "A&yuda"]
        assert len(window.menu_keys()) == 5  # each menu its own Alt+letter
        assert window.thread_list.filter.placeholderText() == "Filtrar por nombre, número o cuenta"
        assert window.act_resolve.text() == "Resolver…"
        assert window.health.text() == "En línea"
        assert "segmentos" in window.composer.counter.text()  # plural forms: "0 segmentos"
        window.composer.editor.setPlainText("Hola")
        assert window.composer.counter.text().startswith("4 caracteres · 1 segmento ·")
        groups = [window.inbox_panel.model.index(r, 0).data() for r in range(4)]
        assert "Correo electrónico" in groups
        # Qt's own catalogue (qtbase_es): the standard Cancel button of a dialog.
        window.act_settings.trigger()
        cancel = window.settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "Cancelar"
        window.settings_dialog.reject()
    # Back to English: a new window (a new start) reads English again.
    assert i18n.install("en", qm_dir) == "en"
    async with open_window(sim, client, qtbot) as window:
        assert window.composer.send_button.text() == "Send"
        assert menu_titles(window) == ["&Account", "&Conversation", "&View", "&Go", "&Help"]
        assert len(window.menu_keys()) == 5
        assert window.thread_list.filter.placeholderText() == "Filter by name, number or account"
        assert window.health.text() == "Live"
        window.composer.editor.setPlainText("Hi")
        assert window.composer.counter.text().startswith("2 chars · 1 segment ·")


async def test_language_chosen_in_settings_is_the_next_start(
    window: MainWindow,
    sim: EmbeddedSimulator,
    client: LiveVoxClient,
    qtbot,
    qm_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    window.settings = QSettings("inbox_app", "inbox_app-i18n-test")  # as app.run names it
    window.act_settings.trigger()
    dialog = window.settings_dialog
    assert dialog.language.accessibleName() == "Language"
    assert dialog.language_note.isHidden()
    dialog.language.setCurrentIndex(dialog.language.findData(Language.SPANISH))
    assert not dialog.language_note.isHidden()  # "applies the next time you start the app"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: window.preferences.language is Language.SPANISH, "the settings saved")
    assert window.composer.send_button.text() == "Send"  # this window stays as it was built
    # The next start: app.run reads the profile's setting and installs it before any window.
    args = argparse.Namespace(language=None, screenshot=None, profile="i18n-test")
    assert choose_language(args) == "es"
    i18n.install(choose_language(args), qm_dir)
    async with open_window(sim, client, qtbot) as spanish:
        assert spanish.composer.send_button.text() == "Enviar"
    # --language wins over the setting; a screenshot without it follows the system.
    assert choose_language(argparse.Namespace(language="en", screenshot=None, profile="x")) == "en"
    shot = argparse.Namespace(language=None, screenshot="s.png", profile="i18n-test")
    assert choose_language(shot) == "system"


def test_language_setting_round_trip_and_garbage(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    Settings(language=Language.SPANISH).save(store)
    assert Settings.load(store).language is Language.SPANISH
    store.setValue("settings/language", "klingon")
    assert Settings.load(store).language is Language.SYSTEM
    assert Settings().language is Language.SYSTEM


def test_core_states_and_errors_in_spanish(qm_dir: Path) -> None:
    i18n.install("es", qm_dir)
    assert wording.health(HealthState(Health.OFFLINE, retry_in_s=12)) == (
        "Sin conexión — reintentando en 12 s"
    )
    failed = ActionFailed(Action.RESOLVE, problem(errors.Conflict()))
    assert describe(failed) == (
        "No se pudo resolver la conversación: LiveVox lo rechazó: la conversación cambió "
        "mientras tanto."
    )
    transfer = ActionFailed(Action.TRANSFER, problem(errors.Forbidden()), who="Ana")
    assert describe(transfer).startswith("No se pudo transferir la conversación a Ana: Su rol")
    # The server's own words are shown as the server wrote them.
    said = problem(errors.BadRequest(server_message="Invalid number"))
    assert describe(said).endswith("(LiveVox dijo: Invalid number.)")
    # Day and month names come from the locale of the language.
    assert QLocale().language() == QLocale.Language.Spanish
    now = datetime(2026, 11, 22, 12, 0).astimezone()
    assert wording.when(now - timedelta(days=3), now) == "jue"
    assert wording.when(datetime(2026, 3, 2, 12, 0).astimezone(), now) == "2 mar"
    i18n.install("en", qm_dir)
    assert wording.when(now - timedelta(days=3), now) == "Thu"
    assert describe(failed) == (
        "Could not resolve the conversation: LiveVox refused: the conversation changed in the "
        "meantime."
    )


def test_languages_and_where_the_catalogues_are(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert cli.LANGUAGE_CODES == tuple(i18n.LANGUAGE_NAMES)
    assert cli.build_parser().parse_args(["--language", "es"]).language == "es"
    assert i18n.resolve("es") == "es"
    assert i18n.resolve("xx") == "en"
    assert i18n.resolve("system") in i18n.LANGUAGE_NAMES
    # A source checkout: next to the package, where scripts/i18n.sh build writes them.
    package = Path(i18n.__file__).resolve().parents[1]
    script = (package.parent / "scripts" / "i18n.sh").read_text(encoding="utf-8")
    assert "qm_dir=inbox_app/i18n" in script
    monkeypatch.setattr(i18n.Path, "is_dir", lambda self: True)
    assert i18n.translations_dir() == package / "i18n"
    # The PyInstaller bundle: below sys._MEIPASS, as packaging/inbox_app.spec puts them.
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert i18n.translations_dir() == tmp_path / "inbox_app" / "i18n"
