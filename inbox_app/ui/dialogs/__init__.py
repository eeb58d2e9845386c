"""Dialogs, shown with ``open()`` and awaited: never ``exec()`` inside a coroutine (qasync #59)."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog


async def answer(dialog: QDialog) -> bool:
    """Show ``dialog`` window-modally and wait for it; True when it was accepted."""
    result: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not result.done():
            result.set_result(code == QDialog.DialogCode.Accepted)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await result
    finally:
        dialog.finished.disconnect(finished)
