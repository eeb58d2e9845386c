"""The real app (``inbox-app`` ARGS…), with an agent's hands: the shutdown test stops it mid-work.

    python tests/e2e/app_with_hands.py type TEXT ARGS…
        once the live inbox is ready, types TEXT into the open thread's composer like an agent,
        prints {"event": "TYPED", "thread": ID}, and leaves the app running
    python tests/e2e/app_with_hands.py read THREAD_ID ARGS…
        once ready, opens THREAD_ID, prints {"event": "DRAFT", "text": …}, closes the window

The app is started by its own entry point (``cli.main``); the hands only look for its window
on a timer and type into it, so start-up, signals and shutdown are the app's own.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inbox_app import cli
from inbox_app.ui.main_window import MainWindow


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def live_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible() and widget.loaded:
            return widget
    return None


def hands(mode: str, value: str) -> QTimer:
    timer = QTimer()

    def act() -> None:
        window = live_window()
        if window is None:
            return
        if mode == "type":
            thread = window.current_thread
            if thread is None or not window.composer.editor.isEnabled():
                return
            timer.stop()
            QTest.keyClicks(window.composer.editor, value)
            say(event="TYPED", thread=thread.thread_id, text=window.composer.text())
        elif window.thread_list.select_thread(value):
            thread = window.current_thread
            if thread is None or thread.thread_id != value:
                return
            timer.stop()
            say(event="DRAFT", text=window.composer.text())
            window.close()

    timer.timeout.connect(act)
    timer.start(50)
    return timer


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, value, *args = sys.argv[1:]
    app = QApplication(sys.argv[:1])  # launch() takes the one that exists
    kept = hands(mode, value)
    sys.exit(cli.main(args))
