"""What agents share: who holds a conversation, read, resolved; each change an event."""

from __future__ import annotations

import httpx

from inbox_app.relay import EmbeddedRelay

from .helpers import bearer, events

KEY = "iliveit:27820000001:27821234567"
SAME_KEY = "iliveit:+27820000001:+27821234567"


def _post(http: httpx.Client, token: str, action: str, **body: str) -> httpx.Response:
    return http.post(f"/v1/conversations/{KEY}/{action}", headers=bearer(token), json=body or None)


def test_claim_and_transfer_between_two_agents(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice, bob = relay.add_agent("alice"), relay.add_agent("bob")
    bob_cursor = events(http, bob)["cursor"]

    claimed = _post(http, alice, "claim")
    assert claimed.status_code == 200
    assert claimed.json()["state"] == {
        "conversation": SAME_KEY,
        "owner": "alice",
        "read": False,
        "resolved": False,
    }
    seen = events(http, bob, after=bob_cursor, wait=5)
    (claim,) = seen["events"]
    assert (claim["kind"], claim["platform"]) == ("claim", "iliveit")
    assert (claim["data"]["conversation"], claim["data"]["owner"]) == (SAME_KEY, "alice")

    refused = _post(http, bob, "claim")
    assert refused.status_code == 409
    assert refused.json()["owner"] == "alice"
    assert _post(http, bob, "release").status_code == 409
    assert _post(http, bob, "transfer", to="bob").status_code == 409

    again = _post(http, alice, "claim")  # the holder may claim again; nothing changes
    assert (again.status_code, again.json()["event"]) == (200, None)

    moved = _post(http, alice, "transfer", to="bob")
    assert moved.status_code == 200
    (transfer,) = events(http, bob, after=seen["cursor"], wait=5)["events"]
    assert transfer["kind"] == "transfer"
    assert {k: transfer["data"][k] for k in ("from", "to", "owner", "agent")} == {
        "from": "alice",
        "to": "bob",
        "owner": "bob",
        "agent": "alice",
    }
    assert _post(http, alice, "claim").json()["owner"] == "bob"
    assert _post(http, bob, "release").json()["state"]["owner"] is None
    assert _post(http, alice, "claim").status_code == 200


def test_transfer_needs_an_existing_agent(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice = relay.add_agent("alice")
    relay.add_agent("gone")
    relay.revoke_agent("gone")
    for target in ("nobody", "gone"):
        answer = _post(http, alice, "transfer", to=target)
        assert answer.status_code == 404
        assert target in answer.json()["detail"]
    assert _post(http, alice, "transfer").status_code == 422  # no "to"
    assert events(http, alice)["events"] == []


def test_read_unread_resolve_are_events(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice, bob = relay.add_agent("alice"), relay.add_agent("bob")
    _post(http, alice, "claim")
    assert _post(http, bob, "read").json()["state"]["read"] is True
    assert _post(http, bob, "read").json()["event"] is None
    assert _post(http, alice, "unread").json()["state"]["read"] is False
    resolved = _post(http, bob, "resolve").json()["state"]
    assert (resolved["resolved"], resolved["owner"]) == (True, None)
    kinds = [e["kind"] for e in events(http, alice)["events"]]
    assert kinds == ["claim", "read", "unread", "resolve"]


def test_a_revoked_agent_lets_go(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice, bob = relay.add_agent("alice"), relay.add_agent("bob")
    _post(http, alice, "claim")
    relay.revoke_agent("alice")
    assert _post(http, bob, "claim").status_code == 200
    kinds = [(e["kind"], e["data"]["agent"]) for e in events(http, bob)["events"]]
    assert kinds == [("claim", "alice"), ("release", "alice"), ("claim", "bob")]


def test_bad_keys_and_actions(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice = relay.add_agent("alice")
    for key in ("livevox:1:2", "iliveit:only-two", "iliveit:a:b:c", "iliveit::2"):
        answer = http.post(f"/v1/conversations/{key}/claim", headers=bearer(alice))
        assert answer.status_code == 400, key
    answer = http.post(f"/v1/conversations/{KEY}/delete", headers=bearer(alice))
    assert answer.status_code == 404


def test_a_sent_message_is_told_to_every_desktop_once(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    alice, bob = relay.add_agent("alice"), relay.add_agent("bob")
    _post(http, alice, "resolve")
    start = events(http, bob)["cursor"]
    body = {"id": "m-42", "text": "Paid, thank you", "at": "2026-12-01T10:00:00+00:00"}
    first = http.post(f"/v1/conversations/{KEY}/sent", headers=bearer(alice), json=body)
    again = http.post(f"/v1/conversations/{KEY}/sent", headers=bearer(alice), json=body)
    assert (first.status_code, first.json()["created"]) == (200, True)
    assert (again.status_code, again.json()["created"]) == (200, False)
    assert again.json()["event"]["cursor"] == first.json()["event"]["cursor"]
    (told,) = events(http, bob, after=start, wait=5)["events"]
    assert (told["kind"], told["platform"], told["data"]["conversation"]) == (
        "sent",
        "iliveit",
        SAME_KEY,
    )
    assert told["data"]["body"] == {
        "id": "m-42",
        "text": "Paid, thank you",
        "at": "2026-12-01T10:00:00+00:00",
        "agent": "alice",
    }
    # An agent's own message does not reopen a resolved conversation (a customer's would).
    state = http.get(f"/v1/conversations/{KEY}", headers=bearer(bob)).json()
    assert state["resolved"] is True


def test_a_sent_message_needs_a_token_an_id_and_a_time(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    alice = relay.add_agent("alice")
    body = {"id": "m-1", "text": "Hi", "at": "2026-12-01T10:00:00Z"}
    assert http.post(f"/v1/conversations/{KEY}/sent", json=body).status_code == 401
    for bad in ({**body, "id": ""}, {"id": "m-1", "text": "Hi"}, {**body, "at": "soon"}):
        answer = http.post(f"/v1/conversations/{KEY}/sent", headers=bearer(alice), json=bad)
        assert answer.status_code == 422, bad
    wrong_key = http.post("/v1/conversations/nowhere:1:2/sent", headers=bearer(alice), json=body)
    assert wrong_key.status_code == 400
