"""Presenter mode (View, F11): a trainer projects the app — larger text, numbers masked,
notifications muted — and the agent's own settings come back untouched afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from inbox_app.core import format as fmt
from inbox_app.core.inbox import customer_number
from inbox_app.ui.list_model import ItemRole
from inbox_app.ui.main_window import PRESENTER_SCALE, MainWindow


def first_row_title(window: MainWindow) -> str:
    return str(window.thread_list.proxy.index(0, 0).data())


async def test_presenting_masks_numbers_mutes_and_enlarges_then_restores(
    window: MainWindow,
) -> None:
    thread = window.thread_list.proxy.index(0, 0).data(ItemRole)
    number = customer_number(thread)
    full = fmt.phone(number, masked=False)
    hidden = fmt.phone(number, masked=True)
    assert full != hidden
    base = QApplication.font().pointSizeF()
    assert window.notifier.enabled and not window.masked
    tooltip_before = str(window.thread_list.proxy.index(0, 0).data(3))  # ToolTipRole
    assert full in tooltip_before

    window.key_actions["presenter"].trigger()
    assert window.presenting and window.key_actions["presenter"].isChecked()
    assert window.font().pointSizeF() == base * PRESENTER_SCALE
    assert window.masked and not window.notifier.enabled
    assert window.presenter_badge.isVisible()
    tooltip = str(window.thread_list.proxy.index(0, 0).data(3))
    assert full not in tooltip and hidden in tooltip
    assert window.preferences.mask_numbers is False  # the agent's setting is not changed

    window.key_actions["presenter"].trigger()
    assert not window.presenting and not window.masked and window.notifier.enabled
    assert window.font().pointSizeF() == base
    assert full in str(window.thread_list.proxy.index(0, 0).data(3))
    assert not window.presenter_badge.isVisible()
