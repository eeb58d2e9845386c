"""Settings: kept in QSettings, edited in a dialog, applied at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from inbox_app.core import format as fmt
from inbox_app.core.inbox import customer_number
from inbox_app.ui.list_model import ItemRole
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.settings import Settings, Theme, apply_theme, is_dark
from inbox_app.ui.shortcuts import keymap

from .conftest import until


def test_settings_round_trip_and_bad_values(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    Settings(
        theme=Theme.DARK, poll_interval_s=12.0, notifications=False, sound=True, mask_numbers=True
    ).save(store)
    loaded = Settings.load(store)
    assert loaded == Settings(Theme.DARK, 12.0, False, True, True)
    store.setValue("settings/theme", "purple")
    store.setValue("settings/poll_interval_s", "0.001")
    again = Settings.load(store)
    assert again.theme is Theme.SYSTEM  # unknown value: the default
    assert again.poll_interval_s == 2.0  # clamped: no hammering the server


async def test_dialog_applies_theme_masking_interval_and_quiet(
    window: MainWindow, tmp_path: Path
) -> None:
    window.settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window.act_settings.trigger()
    dialog = window.settings_dialog
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.DARK))
    dialog.mask.setChecked(True)
    dialog.notifications.setChecked(False)
    dialog.poll.setValue(9.0)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    try:
        await until(lambda: window.preferences.mask_numbers, "the settings applied")
        assert is_dark()  # whatever the platform does with the request
        proxy = window.thread_list.proxy
        thread = proxy.index(0, 0).data(ItemRole)
        number = customer_number(thread)
        assert number is not None
        shown = " ".join(
            str(proxy.index(r, 0).data(Qt.ItemDataRole.ToolTipRole))
            for r in range(proxy.rowCount())
        )
        assert fmt.phone(number, masked=True) in shown
        assert fmt.phone(number) not in shown and number not in shown
        opened = window.current_thread
        assert opened is not None
        header = window.header.title.text() + " " + window.header.details.text()
        opened_number = customer_number(opened)
        assert opened_number is not None
        assert fmt.phone(opened_number, masked=True) in header
        assert fmt.phone(opened_number) not in header
        assert window.notifier.enabled is False
        assert Settings.load(window.settings).poll_interval_s == 9.0  # kept for next start
        apply_theme(Theme.LIGHT)
        assert not is_dark()
    finally:
        window.apply_settings(Settings())  # the QApplication outlives this test
        apply_theme(Theme.SYSTEM)


def test_keys_round_trip_and_hand_edits(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    mine = {"next_thread": "N; Alt+Down", "inbox_2": "G, X", "reply": ""}
    Settings(shortcuts=mine).save(store)
    assert Settings.load(store).shortcuts == mine  # "" stays: no key at all is a choice
    Settings(shortcuts={"next_thread": "N"}).save(store)
    assert Settings.load(store).shortcuts == {"next_thread": "N"}  # back to default: gone
    store.sync()
    del store
    # What an agent (or an older version) may leave in the file by hand.
    path = tmp_path / "s.ini"
    path.write_text(
        "[settings]\n"
        "shortcuts\\next_thread=purple\n"  # Qt reads no key in it
        "shortcuts\\resolve=Ctrl+Shift+Nonsense\n"
        "shortcuts\\inbox_3=G, Z\n"  # unquoted comma: INI hands back a list
        "shortcuts\\take=  Ctrl+Alt+T  \n"
        "shortcuts\\no_such_action=X\n",
        encoding="utf-8",
    )
    loaded = Settings.load(QSettings(str(path), QSettings.Format.IniFormat))
    assert loaded.shortcuts == {"inbox_3": "G, Z", "take": "Ctrl+Alt+T"}
    keys = keymap(loaded.shortcuts)
    assert keys["next_thread"] == ("J", "Alt+Down") and keys["resolve"] == ("E", "Ctrl+E")
