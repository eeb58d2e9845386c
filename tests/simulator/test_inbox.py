"""The inbox model: moves, transfers, resolves, reads, sends and pagination keep every count
consistent with the thread lists, and several agents share one world."""

from __future__ import annotations

import httpx

from inbox_app.simulator import EmbeddedSimulator

from ..waiting import wait_until
from .helpers import AGENT1, AGENT2, CARE, COLLECTIONS, all_threads, assert_consistent, login


def _personal(http: httpx.Client, h: dict[str, str], agent: str = AGENT1) -> list[str]:
    return [t["threadId"] for t in all_threads(http, h, agent, "SMS", True)]


def _group(http: httpx.Client, h: dict[str, str], service: str = CARE) -> list[str]:
    return [t["threadId"] for t in all_threads(http, h, service, "SMS", False)]


def test_demo_starts_consistent(http: httpx.Client, agent1: dict[str, str]) -> None:
    assert_consistent(http, agent1, AGENT1)


def test_switch_group_moves_threads_and_counts_follow(
    http: httpx.Client, agent1: dict[str, str]
) -> None:
    tid = _personal(http, agent1)[0]
    r = http.put("/sms/agent/thread/switchGroup/public", headers=agent1, params={"threadId": tid})
    assert r.status_code == 204
    assert tid not in _personal(http, agent1) and tid in _group(http, agent1)
    assert_consistent(http, agent1, AGENT1)
    r = http.put(
        "/sms/agent/thread/switchGroup/private",
        headers=agent1,
        params={"threadId": tid, "channelId": AGENT1},
    )
    assert r.status_code == 204
    assert tid in _personal(http, agent1) and tid not in _group(http, agent1)
    assert_consistent(http, agent1, AGENT1)


def test_take_from_collections_group(http: httpx.Client, agent1: dict[str, str]) -> None:
    before = http.get(f"/sms/agent/interaction/counts/{AGENT1}", headers=agent1).json()
    tid = _group(http, agent1, COLLECTIONS)[0]
    assert (
        http.put(
            "/sms/agent/thread/switchGroup/private",
            headers=agent1,
            params={"threadId": tid, "channelId": AGENT1},
        ).status_code
        == 204
    )
    after = http.get(f"/sms/agent/interaction/counts/{AGENT1}", headers=agent1).json()

    def total(c: dict[str, int]) -> int:
        return (
            c["countOfReadSMSThreadsInPersonalInbox"] + c["countOfUnreadSMSThreadsInPersonalInbox"]
        )

    assert total(after) == total(before) + 1
    assert_consistent(http, agent1, AGENT1)


def test_transfer_appears_in_the_other_agents_inbox(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    agent2 = login(http, sim, "agent2")
    tid = _personal(http, agent1)[0]
    before = http.get("/sms/agent/channel", headers=agent2).json()
    r = http.get(
        "/sms/agent/thread/transfer",
        headers=agent1,
        params={"threadId": tid, "type": "SMS", "agentId": AGENT2},
    )
    assert r.status_code == 200 and r.json() == {"id": tid}
    assert tid not in _personal(http, agent1)
    theirs = all_threads(http, agent2, AGENT2, "SMS", True)
    moved = next(t for t in theirs if t["threadId"] == tid)
    assert moved["read"] is False  # new for them
    after = http.get("/sms/agent/channel", headers=agent2).json()
    sms = lambda chans: next(c for c in chans if c["personal"] and c["channel"] == "SMS")  # noqa: E731
    assert sms(after)["totalCount"] == sms(before)["totalCount"] + 1
    assert_consistent(http, agent1, AGENT1)
    assert_consistent(http, agent2, AGENT2)


def test_max_unresolved_is_enforced(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    held = sum(i["total"] for i in sim.state()["inboxes"] if i["channelId"] == AGENT1)
    sim.configure(maxUnresolvedPerAgent=held)
    tid = _group(http, agent1, COLLECTIONS)[0]
    r = http.put(
        "/sms/agent/thread/switchGroup/private",
        headers=agent1,
        params={"threadId": tid, "channelId": AGENT1},
    )
    assert r.status_code == 409 and "maximum" in r.json()["message"]
    sim.configure(maxUnresolvedPerAgent=None)
    assert (
        http.put(
            "/sms/agent/thread/switchGroup/private",
            headers=agent1,
            params={"threadId": tid, "channelId": AGENT1},
        ).status_code
        == 204
    )


def test_resolve_removes_from_every_inbox(http: httpx.Client, agent1: dict[str, str]) -> None:
    thread = all_threads(http, agent1, AGENT1, "SMS", True)[0]
    r = http.post(
        "/sms/agent/thread/resolve",
        headers=agent1,
        json={
            "threadId": thread["threadId"],
            "account": thread["account"] or "none",
            "agentEnteredAccount": thread["account"] or "none",
            "termCodeId": "102",
        },
    )
    assert r.status_code == 204
    assert thread["threadId"] not in _personal(http, agent1)
    assert thread["threadId"] not in _group(http, agent1)
    assert_consistent(http, agent1, AGENT1)
    # The history stays readable.
    assert http.get(
        "/sms/agent/messages", headers=agent1, params={"threadId": thread["threadId"]}
    ).json()


def test_mark_unread_changes_counts(http: httpx.Client, agent1: dict[str, str]) -> None:
    threads = all_threads(http, agent1, AGENT1, "SMS", True)
    read = next(t for t in threads if t["read"])

    def counts() -> int:
        response = http.get(f"/sms/agent/interaction/counts/{AGENT1}", headers=agent1)
        return response.json()["countOfUnreadSMSThreadsInPersonalInbox"]

    before = counts()
    http.put(
        "/sms/agent/message/markAsUnread",
        headers=agent1,
        params={"threadId": read["threadId"], "channelId": AGENT1},
    )
    assert counts() == before + 1
    http.put(
        "/sms/agent/message/markAsRead",
        headers=agent1,
        params={"threadId": read["threadId"], "channelId": AGENT1},
    )
    assert counts() == before
    assert_consistent(http, agent1, AGENT1)


def test_sent_message_is_in_history_and_gets_delivered(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.configure(deliveryDelaySeconds=0.3)
    thread = all_threads(http, agent1, AGENT1, "SMS", True)[0]
    phone = thread["to"] if thread["direction"] == 2 else thread["from"]
    code = thread["from"] if thread["direction"] == 2 else thread["to"]
    r = http.post(
        "/sms/agent/message/send",
        headers=agent1,
        json={
            "fromNumber": code,
            "toNumber": phone,
            "message": "On it!",
            "threadId": int(thread["threadId"]),
            "account": thread["account"],
        },
    )
    assert r.status_code == 200
    txn = r.json()["id"]
    assert isinstance(txn, str) and txn.isdigit()
    history = http.get(
        "/sms/agent/messages", headers=agent1, params={"threadId": thread["threadId"]}
    ).json()
    assert history[0]["id"] == txn and history[0]["status"] == "SMS MT Queued"
    assert history[0]["direction"] == "2" and history[0]["message"] == "On it!"

    def newest_status() -> str:
        return http.get(
            "/sms/agent/messages", headers=agent1, params={"threadId": thread["threadId"]}
        ).json()[0]["status"]

    wait_until(lambda: newest_status() != "SMS MT Queued", what="the send left the queue")
    assert newest_status() == "SMS MT Delivered"
    # The thread moved to the top of the inbox and now counts as replied.
    top = all_threads(http, agent1, AGENT1, "SMS", True)[0]
    assert top["threadId"] == thread["threadId"] and top["replied"] is True
    sent = http.get(f"/sms/agent/interaction/counts/{AGENT1}", headers=agent1).json()
    assert sent["countOfSMSInteractionsSent"] >= 1
    assert sim.state()["sentPerThread"] == {thread["threadId"]: 1}


def test_send_to_a_new_number_creates_a_personal_thread(
    http: httpx.Client, agent1: dict[str, str]
) -> None:
    r = http.post(
        "/sms/agent/message/send",
        headers=agent1,
        json={"fromNumber": 18005550142, "toNumber": "(415) 555-0188", "message": "Hello there"},
    )
    assert r.status_code == 200
    top = all_threads(http, agent1, AGENT1, "SMS", True)[0]
    assert top["to"] == "14155550188" and top["direction"] == 2
    assert_consistent(http, agent1, AGENT1)


def test_inbound_message_marks_thread_unread(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    thread = next(t for t in all_threads(http, agent1, AGENT1, "SMS", True) if t["read"])
    sim.inject_inbound("Are you still there?", thread_id=thread["threadId"])
    again = all_threads(http, agent1, AGENT1, "SMS", True)[0]
    assert again["threadId"] == thread["threadId"]
    assert again["read"] is False and again["direction"] == 1
    created = sim.inject_inbound("New customer here", phone="+1 312 555 0150")
    assert created["threadId"] in _group(http, agent1, COLLECTIONS)
    assert_consistent(http, agent1, AGENT1)


def test_pagination_has_fixed_size_and_covers_each_thread_once(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    for size in (10, 7):
        sim.configure(pageSize=size)
        pages = []
        page = 1
        while True:
            items = http.get(
                "/sms/agent/thread/details",
                headers=agent1,
                params={
                    "channelId": COLLECTIONS,
                    "channel": "SMS",
                    "personal": "false",
                    "pagination": page,
                },
            ).json()
            if not items:
                break
            pages.append(items)
            page += 1
        assert all(len(p) == size for p in pages[:-1]) and 0 < len(pages[-1]) <= size
        ids = [t["threadId"] for p in pages for t in p]
        assert len(ids) == len(set(ids))
        dates = [t["date"] for p in pages for t in p]
        assert dates == sorted(dates, reverse=True)
        group = next(
            c
            for c in http.get("/sms/agent/channel", headers=agent1).json()
            if c["channelId"] == COLLECTIONS and c["channel"] == "SMS"
        )
        assert group["totalCount"] == len(ids)


def test_idle_threads_return_to_the_group(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    personal_before = len(_personal(http, agent1))
    assert personal_before > 0
    sim.configure(idleReturnSeconds=3600)  # every demo thread has been idle longer than that
    # Housekeeping runs with requests, at most every 0.25 s: ask until it has.
    wait_until(lambda: _personal(http, agent1) == [], what="idle threads back in the group")
    assert_consistent(http, agent1, AGENT1)


def test_agents_see_one_shared_world(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    agent2 = login(http, sim, "agent2")
    tid = _group(http, agent1, COLLECTIONS)[0]
    assert (
        http.put(
            "/sms/agent/thread/switchGroup/private",
            headers=agent2,
            params={"threadId": tid, "channelId": AGENT2},
        ).status_code
        == 204
    )
    assert tid not in _group(http, agent1, COLLECTIONS)
    r = http.put(
        "/sms/agent/thread/switchGroup/private",
        headers=agent1,
        params={"threadId": tid, "channelId": AGENT1},
    )
    assert r.status_code == 409  # agent2 got there first
