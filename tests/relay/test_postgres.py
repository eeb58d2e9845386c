"""The relay on PostgreSQL: the same behaviour as on SQLite, and what only PostgreSQL has,
several relay processes on one database (cursors in commit order, long-polls woken by
another process's commit through LISTEN/NOTIFY)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay

from .helpers import bearer, events, imi_mo, wait_until
from .postgres_server import postgres_server

_numbers = itertools.count()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def database(server: str) -> str:
    """A new, empty database for each test."""
    import psycopg

    name = f"relay_{next(_numbers)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # a generated identifier, not a value
    return server.replace("/postgres?", f"/{name}?")


def test_the_relay_works_on_postgresql(database: str) -> None:
    with (
        EmbeddedRelay(database=database) as relay,
        httpx.Client(base_url=relay.base_url, timeout=10) as http,
    ):
        alice, bob = relay.add_agent("alice"), relay.add_agent("bob")
        for tid in ("t1", "t1", "t2"):
            assert (
                http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(tid)).status_code == 200
            )
        assert http.post(relay.webhook_urls["iliveit/reply"], content=b"nope").status_code == 400
        key = "imiconnect:DEMOBK:+919812345678"
        assert http.post(f"/v1/conversations/{key}/claim", headers=bearer(alice)).status_code == 200
        refused = http.post(f"/v1/conversations/{key}/claim", headers=bearer(bob))
        assert (refused.status_code, refused.json()["owner"]) == (409, "alice")
        moved = http.post(
            f"/v1/conversations/{key}/transfer", headers=bearer(alice), json={"to": "bob"}
        )
        assert moved.json()["state"]["owner"] == "bob"
        listed = http.get("/v1/agents", headers=bearer(bob)).json()["agents"]
        assert {a["name"]: a["holding"] for a in listed} == {"alice": 0, "bob": 1}
        got = events(http, bob)["events"]
        assert [e["kind"] for e in got] == ["mo", "mo", "claim", "transfer"]
        assert [e["cursor"] for e in got] == [1, 2, 3, 4]
        relay.revoke_agent("alice")
        assert http.get("/v1/events", headers=bearer(alice)).status_code == 401
        urls = relay.webhook_urls
    with EmbeddedRelay(database=database) as again:
        assert [u.split("/hooks/")[1] for u in again.webhook_urls.values()] == [
            u.split("/hooks/")[1] for u in urls.values()
        ]


def test_two_relays_on_one_database(database: str) -> None:
    """Webhooks to both, concurrently: one gapless order, each stored once; a poll waiting on
    one relay is woken by a webhook the other one committed."""
    with EmbeddedRelay(database=database) as one, EmbeddedRelay(database=database) as two:
        token = one.add_agent("alice")
        with httpx.Client(base_url=two.base_url, timeout=40) as poll, ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(events, poll, token, 0, 30)
            wait_until(lambda: two.notifier is not None and two.notifier.waiting == 1)
            started = time.monotonic()
            with httpx.Client(timeout=10) as http:
                assert (
                    http.post(one.webhook_urls["imiconnect/mo"], json=imi_mo("w")).status_code
                    == 200
                )
            assert [e["data"]["body"]["tid"] for e in waiting.result(20)["events"]] == ["w"]
            assert time.monotonic() - started < 10

        def post(relay: EmbeddedRelay, tids: list[str]) -> None:
            with httpx.Client(timeout=10) as http:
                for tid in tids:
                    assert (
                        http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(tid)).status_code
                        == 200
                    )

        tids = [f"c{n}" for n in range(30)]
        threads = [
            threading.Thread(target=post, args=(relay, tids))  # both relays get every tid
            for relay in (one, two)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with httpx.Client(base_url=one.base_url, timeout=10) as http:
            got = (
                events(http, token, limit=1000)["events"]
                if False
                else events(http, token)["events"]
            )
    cursors = [e["cursor"] for e in got]
    assert cursors == list(range(1, len(got) + 1))
    assert sorted(e["data"]["body"]["tid"] for e in got) == sorted(["w", *tids])


def test_inbox_relay_on_postgresql(database: str) -> None:
    from .test_cli import _relay

    added = _relay("add-agent", "alice", "--database", database)
    assert added.returncode == 0, added.stderr
    assert len(added.stdout.splitlines()[-1]) >= 43
    assert _relay("revoke-agent", "alice", "--database", database).returncode == 0
    assert _relay("revoke-agent", "alice", "--database", database).returncode == 1
