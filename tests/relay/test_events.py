"""The desktops' side: one order by cursor, resumed across restarts, long-polls woken by a
commit."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from inbox_app.relay import EmbeddedRelay

from .helpers import events, imi_dr, imi_mo, wait_until


def test_events_resume_by_cursor_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "relay.sqlite3"
    with EmbeddedRelay(db) as relay, httpx.Client(base_url=relay.base_url, timeout=10) as http:
        token = relay.add_agent("alice")
        for n in range(3):
            http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(f"before-{n}"))
        first = events(http, token)
        urls = relay.webhook_urls
    seen = [e["data"]["body"]["tid"] for e in first["events"]]
    assert seen == ["before-0", "before-1", "before-2"]
    cursors = [e["cursor"] for e in first["events"]]
    assert cursors == sorted(cursors) and first["cursor"] == cursors[-1]

    with EmbeddedRelay(db) as relay, httpx.Client(base_url=relay.base_url, timeout=10) as http:
        assert relay.webhook_urls == {
            name: url.replace(url.split("/hooks/")[0], relay.base_url) for name, url in urls.items()
        }, "the secrets are kept in the database"
        http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo("before-2"))  # a retry
        for n in range(2):
            http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(f"after-{n}"))
        rest = events(http, token, after=first["cursor"])
        everything = events(http, token)
    assert [e["data"]["body"]["tid"] for e in rest["events"]] == ["after-0", "after-1"]
    assert all(e["cursor"] > first["cursor"] for e in rest["events"])
    assert [e["cursor"] for e in everything["events"]] == cursors + [
        e["cursor"] for e in rest["events"]
    ]


def test_a_poll_with_nothing_new_answers_the_same_cursor(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    token = relay.add_agent("alice")
    http.post(relay.webhook_urls["imiconnect/dr"], json=imi_dr("t1"))
    cursor = events(http, token)["cursor"]
    assert events(http, token, after=cursor) == {"events": [], "cursor": cursor}
    started = time.monotonic()
    assert events(http, token, after=cursor, wait=0.3) == {"events": [], "cursor": cursor}
    assert time.monotonic() - started >= 0.3


def test_a_waiting_poll_returns_when_an_event_arrives(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    token = relay.add_agent("alice")
    assert relay.notifier is not None
    with ThreadPoolExecutor(1) as pool, httpx.Client(base_url=relay.base_url, timeout=40) as poll:
        started = time.monotonic()
        waiting = pool.submit(events, poll, token, 0, 30)
        wait_until(lambda: relay.notifier is not None and relay.notifier.waiting == 1)
        assert http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo("t1")).status_code == 200
        answer = waiting.result(timeout=20)
        elapsed = time.monotonic() - started
    assert [e["data"]["body"]["tid"] for e in answer["events"]] == ["t1"]
    assert elapsed < 20, "woken by the commit, not by the end of the wait"


def test_events_come_in_pages(relay: EmbeddedRelay, http: httpx.Client) -> None:
    token = relay.add_agent("alice")
    for n in range(5):
        http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(f"t{n}"))
    got, cursor = [], 0
    while True:
        page = http.get(
            "/v1/events",
            params={"after": cursor, "limit": 2},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        if not page["events"]:
            break
        assert len(page["events"]) <= 2
        got += [e["data"]["body"]["tid"] for e in page["events"]]
        cursor = page["cursor"]
    assert got == [f"t{n}" for n in range(5)]


def test_stopping_answers_a_waiting_poll(tmp_path: Path) -> None:
    relay = EmbeddedRelay(tmp_path / "r.sqlite3").start()
    try:
        token = relay.add_agent("alice")
        with ThreadPoolExecutor(1) as pool, httpx.Client(base_url=relay.base_url, timeout=40) as h:
            waiting = pool.submit(
                h.get,
                "/v1/events",
                params={"wait": 30},
                headers={"Authorization": f"Bearer {token}"},
            )
            wait_until(lambda: relay.notifier is not None and relay.notifier.waiting == 1)
            started = time.monotonic()
            relay.stop()
            assert waiting.result(timeout=20).json()["events"] == []
            assert time.monotonic() - started < 10
    finally:
        relay.stop()
