"""After a working session, no secret is in the logs, the settings or the local data, and
no full customer number is in the logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from inbox_app.app import configure_logging
from inbox_app.core.conversation import SendState
from inbox_app.core.drafts import Drafts
from inbox_app.core.inbox import customer_number
from inbox_app.core.outbox import Outbox
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.store import LocalStore
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import until


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    handlers = configure_logging(logging.DEBUG, folder=folder)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # the chattiest setting there is
    yield folder
    for handler in handlers:
        logging.getLogger().removeHandler(handler)
        handler.close()
    logging.getLogger("httpx").setLevel(logging.WARNING)


def everything_written(*folders: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace")
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    )


async def test_no_secret_or_full_number_is_written(
    sim: EmbeddedSimulator,
    tmp_path: Path,
    logs: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    creds = sim.credentials
    data = tmp_path / "data"
    store = await LocalStore.open(data / "local.sqlite3")
    session_ids: list[str] = []
    async with LiveVoxClient(sim.base_url, creds.access_token, read_timeout=2) as client:
        session_ids.append(
            (await client.login(creds.client_code, creds.agent_login, creds.password)).session_id
        )
        platform = LiveVoxPlatform(client)
        await platform.enter_service()  # as signing in does: the agent's one service
        outbox = Outbox(platform, store, reconcile_delay_s=0)
        runner = TaskRunner()
        window = MainWindow(
            Workspace(platform, outbox), runner, settings=None, drafts=Drafts(store)
        )
        qtbot.addWidget(window)
        window.show()
        window.start()
        await until(lambda: window._ready, "the first screen")
        thread = window.current_thread
        assert thread is not None and thread.thread_id is not None
        # A normal send, a send whose answer is lost, an expired session, a refused action.
        window.composer.set_text("Your payment posted today.")
        window.composer.submit()
        sim.set_faults("POST /sms/agent/message/send:drop=1")
        window.composer.set_text("And your receipt is on its way.")
        window.composer.submit()
        entries = window.workspace.conversation(thread.thread_id).entries
        await until(lambda: entries[len(entries) - 1].state is SendState.CHECKING, "a lost answer")
        sim.clear_faults()
        sim.expire_sessions()
        await outbox.flush()
        session_ids.append(client.session.session_id)  # type: ignore[union-attr]
        sim.set_faults("PUT /sms/agent/message/markAsUnread:error=1@500")
        window.act_unread.trigger()
        await until(lambda: window.banner.isVisible(), "the refusal")
        window.composer.set_text("a draft that stays")
        await window.drafts.flush()
        await runner.shutdown()
        await client.logout()
    await store.close()

    written = everything_written(logs, data, tmp_path / "settings")
    assert "/sms/agent/message/send" in written or "outbox" in written  # the log saw the work
    for secret in (creds.access_token, *session_ids):
        assert secret not in written
    assert not re.search(rf"\b{creds.password}\b", written)  # the password ("demo") itself
    number = customer_number(thread)
    assert number is not None
    log_text = everything_written(logs)
    assert number not in log_text and number[-10:] not in log_text
    assert number[-4:] in log_text  # masked, not gone: logs stay useful
    mode = (logs / "inbox-app.log").stat().st_mode & 0o777
    assert mode == 0o600
