"""The compliance guard on Live Link 365 (threads kept by core, replies pulled): a customer's
STOP read from the MO pull holds the agent's reply; START lets it go."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inbox_app.core.compliance import Guard, Reason
from inbox_app.core.inbox import InboxRef
from inbox_app.core.outbox import OutboxState

from .conftest import FakeClock, RecordingSimulator
from .test_workspace import LONG, App, open_app, thread_with


@pytest.fixture
async def app(demo: RecordingSimulator, clock: FakeClock, tmp_path: Path) -> AsyncIterator[App]:
    opened = await open_app(demo, clock, tmp_path)
    opened.workspace.guard = Guard()
    opened.workspace.now = lambda: datetime.fromtimestamp(clock(), UTC)
    yield opened
    await opened.close()


def sent_texts(demo: RecordingSimulator) -> list[str]:
    assert demo.world is not None
    return [m["message"] for m in demo.sent()]


async def test_a_stop_pulled_from_live_link_holds_the_reply_and_start_lifts_it(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    customer = "+13125550142"  # Chicago
    # Noon in Chicago on the test's day, whatever day the conftest's clock starts on.
    start = datetime.fromtimestamp(clock(), UTC)
    clock.advance(((18 - start.hour) % 24) * 3600 - start.minute * 60)
    demo.inject_mo(customer, "Hello, about my bill", recipient=LONG)
    await app.workspace.load_channels()
    thread = await thread_with(app, LONG, customer)
    ref = next(InboxRef.of(c) for c in app.workspace.channels if c.channel_id == LONG)
    await app.workspace.fetch_more(ref)  # the inbox on screen
    assert app.workspace.thread_list(ref).index_of(thread.thread_id) >= 0
    clock.advance(60)
    demo.inject_mo(customer, "STOP", recipient=LONG)
    await app.workspace.load_channels()  # the pull brings the STOP in
    item = await app.workspace.send_new(customer, "Your bill is ready", from_number=LONG)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.OPTED_OUT)
    assert "Your bill is ready" not in sent_texts(demo)
    clock.advance(60)
    demo.inject_mo(customer, "START", recipient=LONG)
    await app.workspace.load_channels()
    again = await app.workspace.retry_send(item.id)
    assert again.state is OutboxState.SENT
    assert "Your bill is ready" in sent_texts(demo)
