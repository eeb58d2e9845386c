"""The platforms' side: secrets in the path, bodies kept before the 200, duplicates once,
malformed bodies kept as dead letters."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay
from inbox_app.relay.validation import MAX_BODY

from .helpers import events, iliveit_reply, iliveit_status, imi_dr, imi_mo

BODIES = {
    "imiconnect/mo": (imi_mo("tid-1"), "mo"),
    "imiconnect/dr": (imi_dr("trans-1"), "dr"),
    "iliveit/reply": (iliveit_reply("msg-1"), "reply"),
    "iliveit/status": (iliveit_status("msg-1"), "status"),
}


@pytest.mark.parametrize("hook", sorted(BODIES))
def test_a_duplicate_is_stored_once_and_answered_200(
    relay: EmbeddedRelay, http: httpx.Client, hook: str
) -> None:
    body, kind = BODIES[hook]
    url = relay.webhook_urls[hook]
    first = http.post(url, json=body)
    again = http.post(url, json=body)
    assert (first.status_code, first.json()) == (200, {"status": "stored"})
    assert (again.status_code, again.json()) == (200, {"status": "duplicate"})
    token = relay.add_agent("alice")
    (event,) = events(http, token)["events"]
    assert event["kind"] == kind and event["platform"] == hook.split("/")[0]
    assert event["data"]["body"] == body


def test_what_tells_two_webhooks_apart(relay: EmbeddedRelay, http: httpx.Client) -> None:
    """Same transid, another code; same iLiveIt message, another reply text or stage."""
    posts = [
        ("imiconnect/dr", imi_dr("trans-1", code="7501")),
        ("imiconnect/dr", imi_dr("trans-1", code="7500")),
        ("imiconnect/dr", imi_dr("trans-1", code="7500", destination="919800000000")),
        ("iliveit/reply", iliveit_reply("msg-1", "Yes")),
        ("iliveit/reply", iliveit_reply("msg-1", "Actually no")),
        ("iliveit/status", iliveit_status("msg-1", "sent")),
        ("iliveit/status", iliveit_status("msg-1", "delivery")),
        ("iliveit/status", iliveit_status("msg-1", "delivery", status=2)),
    ]
    for hook, body in posts:
        assert http.post(relay.webhook_urls[hook], json=body).json() == {"status": "stored"}
    retried = {**iliveit_reply("msg-1", "Yes"), "RetryCount": 3}
    assert http.post(relay.webhook_urls["iliveit/reply"], json=retried).json() == {
        "status": "duplicate"
    }
    assert len(events(http, relay.add_agent("alice"))["events"]) == len(posts)


def test_a_wrong_secret_is_the_same_404_as_an_unknown_path(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    mo_url = relay.webhook_urls["imiconnect/mo"]
    secret = mo_url.split("/")[-2]
    unknown = http.post("/no/such/path", json=imi_mo("t"))
    wrong = [
        mo_url.replace(secret, "x" + secret[1:]),
        mo_url.replace(secret, secret[:-1]),
        mo_url.replace(secret, ""),
        mo_url.replace("/mo", "/nope"),
        mo_url.replace("imiconnect", "iliveit"),
    ]
    assert unknown.status_code == 404
    for url in wrong:
        answer = http.post(url, json=imi_mo("t"))
        assert answer.status_code == 404, url
        assert answer.content == unknown.content
        assert answer.headers["content-type"] == unknown.headers["content-type"]
    assert events(http, relay.add_agent("alice"))["events"] == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"oa": "919812345678", "da": "DEMOBK", "message": "hi"}).encode(), "tid"),
        (json.dumps({**imi_mo("t"), "oa": "has: colons"}).encode(), "not a number"),
    ],
)
def test_a_malformed_body_is_a_400_and_a_dead_letter(
    relay: EmbeddedRelay, http: httpx.Client, raw: bytes, reason: str
) -> None:
    answer = http.post(
        relay.webhook_urls["imiconnect/mo"],
        content=raw,
        headers={"content-type": "application/json", "authorization": "Basic c2VjcmV0", "key": "k"},
    )
    assert answer.status_code == 400
    with closing(sqlite3.connect(relay.db_path)) as db:
        rows = db.execute(
            "SELECT platform, kind, reason, headers, body FROM dead_letters"
        ).fetchall()
    (platform, kind, stored_reason, headers, body) = rows[0]
    assert len(rows) == 1
    assert (platform, kind, body) == ("imiconnect", "mo", raw)
    assert reason in stored_reason
    kept = json.loads(headers)
    assert kept["content-type"] == "application/json"
    assert "authorization" not in kept and "key" not in kept
    assert relay.webhook_urls["imiconnect/mo"].split("/")[-2] not in headers
    assert events(http, relay.add_agent("alice"))["events"] == []


def test_the_200_comes_after_the_row_is_on_disk(relay: EmbeddedRelay, http: httpx.Client) -> None:
    """Another connection, as another process would, finds each body as soon as it is
    acknowledged."""
    for n in range(5):
        tid = f"disk-{n}"
        assert http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo(tid)).status_code == 200
        db = sqlite3.connect(relay.db_path)
        try:
            rows = db.execute(
                "SELECT data FROM events WHERE kind = 'mo' AND dedupe_key LIKE ?", (f"%{tid}%",)
            ).fetchall()
        finally:
            db.close()
        assert [json.loads(data)["body"]["tid"] for (data,) in rows] == [tid]
    with closing(sqlite3.connect(relay.db_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_customer_message_reopens_its_conversation(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    token = relay.add_agent("alice")
    key = "imiconnect:DEMOBK:+919812345678"
    headers = {"Authorization": f"Bearer {token}"}
    http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo("t1"))
    (mo,) = events(http, token)["events"]
    assert mo["data"]["conversation"] == key
    for action in ("claim", "read", "resolve"):
        assert http.post(f"/v1/conversations/{key}/{action}", headers=headers).status_code == 200
    assert http.get(f"/v1/conversations/{key}", headers=headers).json() == {
        "conversation": key,
        "owner": None,
        "read": True,
        "resolved": True,
    }
    http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo("t2", "One more thing"))
    state = http.get(f"/v1/conversations/{key}", headers=headers).json()
    assert (state["read"], state["resolved"]) == (False, False)


def test_an_oversized_body_is_refused_and_kept_cut(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    raw = json.dumps({**imi_mo("big"), "message": "x" * (MAX_BODY * 2)}).encode()
    answer = http.post(relay.webhook_urls["imiconnect/mo"], content=raw)
    assert answer.status_code == 400
    with closing(sqlite3.connect(relay.db_path)) as db:
        ((reason, size),) = db.execute("SELECT reason, length(body) FROM dead_letters").fetchall()
    assert "larger than" in reason and size == MAX_BODY + 1


def test_both_endpoints_of_a_platform_share_one_secret(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    for platform, kinds in (("imiconnect", ("mo", "dr")), ("iliveit", ("reply", "status"))):
        prefix = relay.hook_prefix(platform)
        assert [relay.webhook_urls[f"{platform}/{k}"] for k in kinds] == [
            f"{prefix}/{k}" for k in kinds
        ]
    imi, iliveit = relay.hook_prefix("imiconnect"), relay.hook_prefix("iliveit")
    assert imi.split("/")[-1] != iliveit.split("/")[-1], "each platform has its own"
    assert http.post(imi + "/dr", json=imi_dr("t1")).status_code == 200
    assert http.post(iliveit + "/mo", json=imi_mo("t1")).status_code == 404
    with pytest.raises(ValueError, match="no webhooks from 'livevox'"):
        relay.hook_prefix("livevox")


def test_an_older_database_keeps_its_endpoint_secrets_working(tmp_path) -> None:
    """A relay made with one secret per endpoint: after the upgrade the platform's secret is
    its MO endpoint's, and the DR endpoint's own secret still works there (only there)."""
    path = tmp_path / "old.sqlite3"
    with EmbeddedRelay(db_path=path):
        pass
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM webhook_secrets")
        db.execute("DELETE FROM schema_migrations WHERE version = 2")
        for kind, secret in (("mo", "old-mo-secret"), ("dr", "old-dr-secret")):
            db.execute(
                "INSERT INTO webhook_secrets VALUES ('imiconnect', ?, ?, '2024-01-01T00:00:00Z')",
                (kind, secret),
            )
    with EmbeddedRelay(db_path=path) as relay, httpx.Client(base_url=relay.base_url) as http:
        assert relay.hook_prefix("imiconnect").endswith("/hooks/imiconnect/old-mo-secret")
        assert http.post("/hooks/imiconnect/old-mo-secret/dr", json=imi_dr("t1")).status_code == 200
        assert http.post("/hooks/imiconnect/old-dr-secret/dr", json=imi_dr("t2")).status_code == 200
        assert http.post("/hooks/imiconnect/old-dr-secret/mo", json=imi_mo("t3")).status_code == 404


def test_a_desktops_ref_on_the_address_is_kept_with_the_event(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    url = relay.webhook_urls["iliveit/status"]
    body = iliveit_status("msg-9")
    assert http.post(f"{url}?ref=outbox-1", json=body).status_code == 200
    again = http.post(f"{url}?ref=outbox-1", json=body)  # iLiveIt posting it again
    assert again.json() == {"status": "duplicate"}
    plain = iliveit_status("msg-10")
    assert http.post(url, json=plain).status_code == 200
    first, second = events(http, relay.add_agent("alice"))["events"]
    assert (first["data"]["ref"], first["data"]["body"]) == ("outbox-1", body)
    assert "ref" not in second["data"]


def test_a_ref_that_is_not_ours_is_a_400_and_a_dead_letter(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    url = relay.webhook_urls["iliveit/status"]
    answer = http.post(url, params={"ref": "x" * 101}, json=iliveit_status("msg-9"))
    assert answer.status_code == 400 and "ref" in answer.json()["detail"]
    with closing(sqlite3.connect(relay.db_path)) as db:
        (count,) = db.execute("SELECT count(*) FROM dead_letters").fetchone()
    assert count == 1
    assert events(http, relay.add_agent("alice"))["events"] == []
