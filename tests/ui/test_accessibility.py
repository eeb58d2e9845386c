"""Walk the main window's accessibility tree: no interactive control without a name."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from inbox_app.ui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit)


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QComboBox | QLineEdit | QAbstractSpinBox):  # its parts
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} "
                f"in {type(widget.parent()).__name__}"
            )
    return missing


def undescribed(root: QWidget) -> list[str]:
    """Interactive controls a screen reader would give no description for (Qt falls back to
    the tooltip, so a button's action tip counts)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QComboBox | QLineEdit | QAbstractSpinBox):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Description).strip():
            name = interface.text(QAccessible.Text.Name) if interface is not None else ""
            missing.append(f"{type(widget).__name__} {name!r}")
    return missing


async def test_every_control_of_the_main_window_has_a_name(window: MainWindow) -> None:
    assert unnamed(window) == []
    assert undescribed(window) == []


async def test_every_control_of_the_dialogs_has_a_name(window: MainWindow) -> None:
    window.act_resolve.trigger()
    window.act_new_sms.trigger()
    window.act_transfer.trigger()
    window.act_settings.trigger()
    window.show_palette()
    for dialog in (
        window.actions.resolve_dialog,
        window.actions.new_sms_dialog,
        window.actions.transfer_dialog,
        window.settings_dialog,
        window.palette,
    ):
        assert unnamed(dialog) == [], type(dialog).__name__
        assert undescribed(dialog) == [], type(dialog).__name__
        dialog.close()


def test_the_walk_catches_an_unnamed_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root)
    named = QLineEdit(root)
    named.setAccessibleName("Account")
    root.show()
    assert unnamed(root) == ["QLineEdit '' in QWidget"]
    assert undescribed(root) == ["QLineEdit ''", "QLineEdit 'Account'"]
    named.setAccessibleDescription("The customer's account number")
    assert undescribed(root) == ["QLineEdit ''"]


async def test_every_key_field_of_the_settings_has_a_name(window: MainWindow) -> None:
    window.act_settings.trigger()
    dialog = window.settings_dialog
    dialog.tabs.setCurrentWidget(dialog.keys)
    assert unnamed(dialog) == []
    field = dialog.keys.edits["resolve"][1]
    assert field.accessibleName() == "Resolve…: other key"
    dialog.close()
