"""The app's real window in a child process, scripted: the restart test kills it mid-work.

    python tests/e2e/agent_process.py URL DATA_DIR type THREAD_ID TEXT
        types TEXT into THREAD_ID's composer like an agent, pauses until the draft is on disk,
        prints "TYPED", waits
    python tests/e2e/agent_process.py URL DATA_DIR send THREAD_ID TEXT
        sends TEXT in THREAD_ID; prints "SENDING" once the outbox has it as sending, waits
    python tests/e2e/agent_process.py URL DATA_DIR resume THREAD_ID TEXT
        starts like the app does after a crash, prints the draft of THREAD_ID, finishes the
        outbox, prints the final state of the item with TEXT, and exits

Each line printed is JSON, so the test reads it without guessing.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inbox_app.core.drafts import Drafts
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.store import LocalStore
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.ui.main_window import MainWindow


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


async def until(condition, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds * 50)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise SystemExit(f"timed out: {condition}")


async def main(url: str, data: Path, mode: str, thread_id: str, text: str) -> None:
    store = await LocalStore.open(data / "local.sqlite3")
    async with LiveVoxClient(url, "demo-token") as client:
        await client.login("DEMO", "agent1", "demo")
        platform = LiveVoxPlatform(client)
        await platform.enter_service()  # as signing in does: the agent's one service
        outbox = Outbox(platform, store, reconcile_delay_s=0)
        await outbox.load()
        drafts = Drafts(store)
        await drafts.load()
        window = MainWindow(Workspace(platform, outbox), TaskRunner(), settings=None, drafts=drafts)
        window.show()
        window.start()
        await until(lambda: window._ready)
        await until(lambda: window.thread_list.select_thread(thread_id))
        await until(lambda: window.current_thread and window.current_thread.thread_id == thread_id)
        if mode == "type":
            QTest.keyClicks(window.composer.editor, text)
            # The agent pauses: the draft is written meanwhile (after the drafts' save delay).
            for _ in range(20 * 50):
                if (await store.drafts()).get(thread_id) == text:
                    break
                await asyncio.sleep(0.02)
            else:
                raise SystemExit("the draft never reached the disk")
            say(event="TYPED")
            await asyncio.sleep(3600)  # until killed
        elif mode == "send":
            window.composer.set_text(text)
            window.composer.submit()
            await until(
                lambda: any(
                    i.text == text and i.state is OutboxState.SENDING for i in outbox.items.values()
                )
            )
            say(event="SENDING")  # the test decides when to kill, from what the server did
            await asyncio.sleep(3600)  # until killed
        else:
            say(event="DRAFT", text=window.composer.text())
            await outbox.flush(force=True)
            item = next((i for i in outbox.items.values() if i.text == text), None)
            say(event="OUTBOX", state=item.state.value if item else None)
            await store.close()


if __name__ == "__main__":
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:6]))
