"""Shared helpers: logging in over HTTP and checking that every count matches the lists."""

from __future__ import annotations

from typing import Any

import httpx

from inbox_app.simulator import EmbeddedSimulator

FIXED_NOW_MS = 1_717_225_200_000  # 2024-06-01 07:00 UTC: "this morning" for the demo data
AGENT1 = "645836"
AGENT2 = "645835"
SOUTH1 = "712001"
CARE = "94881"
COLLECTIONS = "94874"


def login(
    http: httpx.Client,
    sim: EmbeddedSimulator,
    user: str = "agent1",
    *,
    agent: bool = True,
    password: str = "demo",
    join: bool = True,
) -> dict[str, str]:
    creds = sim.credentials
    response = http.post(
        "/session/login",
        headers={"LV-Access": creds.access_token},
        json={
            "clientName": creds.client_code,
            "userName": user,
            "password": password,
            "agent": agent,
        },
    )
    assert response.status_code == 200, response.text
    headers = {"LV-Session": response.json()["sessionId"]}
    if agent and join:
        join_home_service(http, headers)
    return headers


def join_home_service(http: httpx.Client, headers: dict[str, str]) -> str:
    """Join the agent's first service, as the app does after sign-in; returns its id."""
    access = http.get("/callControl/agent/service/access", headers=headers).json()
    service = str(access["services"][0]["serviceId"])
    joined = http.post(
        "/callControl/agent/service/join",
        headers=headers,
        params={"serviceId": service, "phoneNumber": access["phoneNumber"]},
    )
    assert joined.status_code == 204, joined.text
    return service


def all_threads(
    http: httpx.Client, headers: dict[str, str], channel_id: str, channel: str, personal: bool
) -> list[dict[str, Any]]:
    """Every page of an inbox (server page size), asserting each page but the last is full."""
    out: list[dict[str, Any]] = []
    size = None
    for page in range(1, 1000):
        response = http.get(
            "/sms/agent/thread/details",
            headers=headers,
            params={
                "channelId": channel_id,
                "channel": channel,
                "personal": "true" if personal else "false",
                "pagination": page,
            },
        )
        assert response.status_code == 200, response.text
        items = response.json()
        if size is None:
            size = len(items)
        if not items:
            break
        out.extend(items)
        if len(items) < size:
            break
    return out


def assert_consistent(http: httpx.Client, headers: dict[str, str], agent_id: str) -> None:
    """Channel counts == thread lists; counts endpoint == personal inboxes; no duplicates."""
    channels = http.get("/sms/agent/channel", headers=headers)
    assert channels.status_code == 200, channels.text
    seen: set[str] = set()
    personal: dict[str, tuple[int, int]] = {}
    for inbox in channels.json():
        threads = all_threads(
            http, headers, inbox["channelId"], inbox["channel"], inbox["personal"]
        )
        ids = [t["threadId"] for t in threads]
        assert len(ids) == len(set(ids)), f"duplicate thread in {inbox}"
        assert not seen & set(ids), f"thread in two inboxes: {seen & set(ids)}"
        seen.update(ids)
        unread = sum(1 for t in threads if not t["read"])
        assert inbox["totalCount"] == len(threads), inbox
        assert inbox["unreadCount"] == unread, inbox
        if inbox["personal"]:
            personal[inbox["channel"]] = (unread, len(threads) - unread)
    counts = http.get(f"/sms/agent/interaction/counts/{agent_id}", headers=headers).json()
    sms_unread, sms_read = personal.get("SMS", (0, 0))
    assert counts["countOfUnreadSMSThreadsInPersonalInbox"] == sms_unread
    assert counts["countOfReadSMSThreadsInPersonalInbox"] == sms_read
    email_unread, email_read = personal.get("Email", (0, 0))
    assert counts["countOfUnreadEmailThreadsInPersonalInbox"] == email_unread
    assert counts["countOfReadEmailThreadsInPersonalInbox"] == email_read
