"""Agents' tokens: required, revocable, and only their hash is kept."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay

from .helpers import bearer, imi_mo


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
    ],
)
def test_no_or_an_unknown_token_is_a_401(
    relay: EmbeddedRelay, http: httpx.Client, headers: dict[str, str]
) -> None:
    relay.add_agent("alice")
    for method, path in (
        ("GET", "/v1/events"),
        ("GET", "/v1/agents"),
        ("GET", "/v1/me"),
        ("POST", "/v1/conversations/imiconnect:DEMOBK:+919812345678/claim"),
    ):
        answer = http.request(method, path, headers=headers)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"] == "Bearer"


def test_a_revoked_token_is_a_401(relay: EmbeddedRelay, http: httpx.Client) -> None:
    token = relay.add_agent("alice")
    assert http.get("/v1/events", headers=bearer(token)).status_code == 200
    assert relay.revoke_agent("alice") is True
    assert http.get("/v1/events", headers=bearer(token)).status_code == 401
    assert relay.revoke_agent("alice") is False


def test_tokens_are_stored_hashed_in_a_private_file(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    tokens = [relay.add_agent(name) for name in ("alice", "bob")]
    for token in tokens:  # sign-ins write "last seen"
        assert http.get("/v1/agents", headers=bearer(token)).status_code == 200
    http.post(relay.webhook_urls["imiconnect/mo"], json=imi_mo("t1"))
    files = list(Path(relay.db_path).parent.glob("relay.sqlite3*"))
    assert files
    for file in files:
        content = file.read_bytes()
        for token in tokens:
            assert token.encode() not in content, file
    assert stat.S_IMODE(Path(relay.db_path).stat().st_mode) == 0o600


def test_agents_lists_who_can_receive_a_transfer(relay: EmbeddedRelay, http: httpx.Client) -> None:
    alice = relay.add_agent("alice")
    relay.add_agent("bob")
    relay.add_agent("carol")
    relay.revoke_agent("carol")
    listed = http.get("/v1/agents", headers=bearer(alice)).json()["agents"]
    assert [(a["name"], a["active"], a["online"]) for a in listed] == [
        ("alice", True, True),
        ("bob", True, False),
    ]


def test_me_names_the_tokens_agent_and_the_relays_webhooks(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    alice = relay.add_agent("alice")
    bob = relay.add_agent("bob")
    me = http.get("/v1/me", headers=bearer(alice)).json()
    assert me["name"] == "alice"
    assert http.get("/v1/me", headers=bearer(bob)).json()["name"] == "bob"
    # Every endpoint of every platform, as the platforms reach it (here: where it listens).
    assert me["webhooks"] == {
        "imiconnect": {
            "mo": relay.webhook_urls["imiconnect/mo"],
            "dr": relay.webhook_urls["imiconnect/dr"],
        },
        "iliveit": {
            "reply": relay.webhook_urls["iliveit/reply"],
            "status": relay.webhook_urls["iliveit/status"],
        },
    }


def test_me_names_the_public_url_given_behind_a_proxy(tmp_path: Path) -> None:
    public = "https://relay.example.com"
    with EmbeddedRelay(tmp_path / "relay.sqlite3", public_url=public) as relay:
        token = relay.add_agent("alice")
        with httpx.Client(base_url=relay.base_url, timeout=10) as http:
            hooks = http.get("/v1/me", headers=bearer(token)).json()["webhooks"]
        path = relay.webhook_urls["iliveit/status"].removeprefix(relay.base_url)
        assert hooks["iliveit"]["status"] == public + path
        assert all(u.startswith(public + "/hooks/") for k in hooks.values() for u in k.values())


def test_agents_are_listed_with_how_many_open_conversations_they_hold(
    relay: EmbeddedRelay, http: httpx.Client
) -> None:
    alice, _bob = relay.add_agent("alice"), relay.add_agent("bob")
    for customer in ("27821234501", "27821234502", "27821234503"):
        key = f"iliveit:27820000001:{customer}"
        assert http.post(f"/v1/conversations/{key}/claim", headers=bearer(alice)).status_code == 200
    resolved = "iliveit:27820000001:27821234503"
    assert http.post(f"/v1/conversations/{resolved}/resolve", headers=bearer(alice)).is_success
    listed = http.get("/v1/agents", headers=bearer(alice)).json()["agents"]
    assert {a["name"]: a["holding"] for a in listed} == {"alice": 2, "bob": 0}
