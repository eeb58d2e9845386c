"""Every item model passes Qt's own model tester, also while it changes."""

from __future__ import annotations

from inbox_app.core.conversation import ChatEntry, Conversation
from inbox_app.core.evented import EventedList
from inbox_app.livevox import models, parsing
from inbox_app.ui.conversation import MessageModel
from inbox_app.ui.inbox_panel import ChannelTreeModel
from inbox_app.ui.thread_list import ThreadListModel

from ..unit.livevox import seed_examples as seed


def test_thread_list_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    threads: EventedList[models.Thread] = EventedList(parsing.parse_threads(seed.THREADS))
    model = ThreadListModel()
    model.set_source(threads)
    qtmodeltester.check(model)
    threads.extend(parsing.parse_threads([{"threadId": "x1", "read": False}]))
    threads.replace_at(0, threads[0].model_copy(update={"read": False}))
    threads.remove_at(1)
    threads.reset([])
    assert model.rowCount() == 0


def test_message_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    conversation = Conversation("56061444434")
    model = MessageModel()
    model.set_source(conversation.entries)
    conversation.replace_history(parsing.parse_messages(seed.MESSAGES[:5]))
    qtmodeltester.check(model)
    conversation.add_older(parsing.parse_messages(seed.MESSAGES[5:]))
    pending = conversation.add_pending("on its way")
    conversation.update_entry(pending.key, status="Sent")
    assert model.rowCount() == 11
    assert model.item(0) == ChatEntry.from_message(parsing.parse_messages(seed.MESSAGES)[-1])
    assert model.item(10).text == "on its way"  # type: ignore[union-attr]


def test_channel_tree_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    channels: EventedList[models.Channel] = EventedList(
        parsing.parse_channels(
            [
                *seed.CHANNELS,
                {
                    "channel": "SMS",
                    "channelId": "645836",
                    "channelName": "Personal SMS",
                    "personal": True,
                    "unreadCount": 2,
                    "totalCount": 5,
                },
            ]
        )
    )
    model = ChannelTreeModel()
    model.set_source(channels)
    qtmodeltester.check(model)
    assert model.rowCount() == 3  # Email, Voicemail, SMS groups
    channels.replace_at(0, channels[0].model_copy(update={"unread_count": 4}))
    channels.append(parsing.parse_channels([{"channel": "Chat", "channelId": "1"}])[0])
    assert model.rowCount() == 4
