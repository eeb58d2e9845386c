"""Each endpoint's documented shape and status, both verbs where the seed contradicts itself,
versioned paths, and clear 400/404/405/409 answers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.errors import internal_code

from .helpers import AGENT1, AGENT2, CARE, COLLECTIONS, SOUTH1, join_home_service, login

COUNT_KEYS = {
    "countOfEmailInteractionsSent",
    "countOfSMSInteractionsSent",
    "countOfMessageInteractionsSent",
    "countOfUnreadEmailThreadsInPersonalInbox",
    "countOfReadEmailThreadsInPersonalInbox",
    "countOfUnreadSMSThreadsInPersonalInbox",
    "countOfUnreadMessageInteractionsinPersonalInbox",
    "countOfReadSMSThreadsInPersonalInbox",
    "countOfReadMessageInteractionsinPersonalInbox",
    "countOfChatInteractionsAbandoned",
    "countOfOBWebChatInteractionsSent",
    "countOfIBWebChatInteractionReceived",
    "countOfActiveEmailThreadsInPersonalInbox",
    "countOfActiveSMSThreadsInPersonalInbox",
    "countOfActiveMessageThreadsinPersonalInbox",
    "countOfActiveWebChatThreadsInPersonalInbox",
}


def _first_thread(
    http: httpx.Client, h: dict[str, str], channel_id: str = AGENT1, personal: bool = True
) -> dict[str, Any]:
    r = http.get(
        "/sms/agent/thread/details",
        headers=h,
        params={"channelId": channel_id, "channel": "SMS", "personal": str(personal).lower()},
    )
    assert r.status_code == 200, r.text
    return r.json()[0]


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert (
        body["code"] == internal_code(status) != status
        and isinstance(body["message"], str)
        and body["message"]
    )
    return body["message"]


def test_templates_and_codes(http: httpx.Client, agent1: dict[str, str]) -> None:
    templates = http.get("/sms/templates", headers=agent1).json()["templates"]
    assert templates and all(
        isinstance(t["id"], int) and t["optInFlag"] is False for t in templates
    )
    assert any("{firstName}" in t["message"] for t in templates)
    assert {"id", "message", "smsCode", "optInFlag"} <= set(templates[0])
    codes = http.get("/sms/v17.0/codes", headers=agent1).json()["listSmsCodes"]
    assert codes == [{"code": "18005550142", "description": "Customer Care long code"}]


def test_template_send_fills_variables(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    customer = sim.world.random_customer_phones()[0]
    r = http.post(
        "/sms/",
        headers=agent1,
        json={
            "from": "18005550142",
            "to": customer[1],
            "account": customer[0],
            "body": {"templateId": "75872"},
        },
    )
    assert r.status_code == 200
    msgs = http.get("/sms/agent/messages", headers=agent1, params={"account": customer[0]}).json()
    sent = next(m for m in msgs if m["id"] == str(r.json()["transactionId"]))
    assert "{firstName}" not in sent["message"] and sent["message"].startswith("Hi ")
    for body in ({}, {"message": "x", "templateId": 75872}):
        msg = _error(
            http.post(
                "/sms/",
                headers=agent1,
                json={"from": "18005550142", "to": "4155550100", "body": body},
            ),
            400,
        )
        assert "exactly one" in msg
    _error(
        http.post(
            "/sms/",
            headers=agent1,
            json={"from": "18005550142", "to": "4155550100", "body": {"templateId": 1}},
        ),
        404,
    )


def test_counts_have_every_documented_key(http: httpx.Client, agent1: dict[str, str]) -> None:
    counts = http.get(f"/sms/agent/interaction/counts/{AGENT1}", headers=agent1).json()
    assert set(counts) == COUNT_KEYS
    assert all(isinstance(v, int) for v in counts.values())
    _error(http.get("/sms/agent/interaction/counts/999", headers=agent1), 404)


def test_channel_list_shape(http: httpx.Client, agent1: dict[str, str]) -> None:
    channels = http.get("/sms/agent/channel", headers=agent1).json()
    personal = [c for c in channels if c["personal"]]
    group = [c for c in channels if not c["personal"]]
    assert {c["channel"] for c in personal} == {"SMS", "Email", "Chat", "Voicemail", "Messaging"}
    assert all(c["channelId"] == AGENT1 for c in personal)
    assert {c["channelId"] for c in group if c["channel"] == "SMS"} == {CARE, COLLECTIONS, "94887"}
    for c in channels:
        assert set(c) == {
            "channel",
            "channelId",
            "channelName",
            "unreadCount",
            "totalCount",
            "personal",
        }
    assert any(c["channelName"] == "Group - Collections" for c in group)


def test_thread_entry_shape(http: httpx.Client, agent1: dict[str, str]) -> None:
    thread = _first_thread(http, agent1)
    assert isinstance(thread["threadId"], str) and thread["threadId"].isdigit()
    assert isinstance(thread["direction"], int) and thread["direction"] in (1, 2)
    assert isinstance(thread["serviceId"], int)
    assert thread["channel"] == thread["channelType"] == "SMS"
    assert thread["channelId"] == AGENT1
    for key in ("read", "replied", "to", "from", "account", "date", "channelName"):
        assert key in thread
    contact = thread["contactInfo"]
    assert "originalAccountNumber" in contact and contact["phoneDetails"]["number"]


def test_thread_details_errors(http: httpx.Client, agent1: dict[str, str]) -> None:
    msg = _error(
        http.get("/sms/agent/thread/details", headers=agent1, params={"channel": "SMS"}), 400
    )
    assert "channelId" in msg
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": AGENT1, "channel": "Fax"},
        ),
        400,
    )
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": AGENT1, "channel": "SMS", "pagination": 0},
        ),
        400,
    )
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": "123", "channel": "SMS", "personal": "false"},
        ),
        404,
    )
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": AGENT2, "channel": "SMS", "personal": "true"},
        ),
        403,
    )
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": AGENT1, "channel": "SMS", "personal": "maybe"},
        ),
        400,
    )


def test_search_accepts_get_and_post(http: httpx.Client, agent1: dict[str, str]) -> None:
    tid = _first_thread(http, agent1)["threadId"]
    got = http.get("/sms/agent/search", headers=agent1, params={"threadId": tid})
    posted = http.post("/sms/agent/search", headers=agent1, params={"threadId": tid})
    assert got.status_code == posted.status_code == 200
    assert got.json() == posted.json()
    agents = got.json()
    assert len(agents) == 7 and all(isinstance(a["agentId"], int) for a in agents)
    assert {"agentId", "loginId", "name", "status"} == set(agents[0])
    assert int(AGENT1) not in {a["agentId"] for a in agents}
    assert int(SOUTH1) not in {a["agentId"] for a in agents}
    assert {"READY", "NOTREADY"} <= {a["status"] for a in agents}
    _error(http.get("/sms/agent/search", headers=agent1, params={"threadId": "1"}), 404)
    _error(http.get("/sms/agent/search", headers=agent1), 400)


@pytest.mark.parametrize("verb", ["PUT", "GET"])
def test_mark_read_unread_both_verbs(http: httpx.Client, agent1: dict[str, str], verb: str) -> None:
    tid = _first_thread(http, agent1)["threadId"]
    params = {"threadId": tid, "channelId": AGENT1}
    r = http.request(verb, "/sms/agent/message/markAsUnread", headers=agent1, params=params)
    assert r.status_code == 204 and r.content == b""
    assert next(t for t in _page_all(http, agent1) if t["threadId"] == tid)["read"] is False
    r = http.request(verb, "/sms/v17.0/agent/message/markAsRead", headers=agent1, params=params)
    assert r.status_code == 204
    assert next(t for t in _page_all(http, agent1) if t["threadId"] == tid)["read"] is True
    _error(
        http.request(
            verb,
            "/sms/agent/message/markAsRead",
            headers=agent1,
            params={"threadId": "42", "channelId": AGENT1},
        ),
        404,
    )


def _page_all(http: httpx.Client, h: dict[str, str]) -> list[dict[str, Any]]:
    from .helpers import all_threads

    return all_threads(http, h, AGENT1, "SMS", True)


def test_messages_history(http: httpx.Client, agent1: dict[str, str]) -> None:
    thread = _first_thread(http, agent1)
    msgs = http.get(
        "/sms/agent/messages", headers=agent1, params={"threadId": thread["threadId"]}
    ).json()
    assert msgs and all(m["direction"] in ("1", "2") for m in msgs)
    assert [m["date"] for m in msgs] == sorted((m["date"] for m in msgs), reverse=True)
    for m in msgs:
        assert isinstance(m["id"], str) and isinstance(m["date"], int)
        assert m["threadId"] == thread["threadId"]
        assert m["status"] in ("Operator Transfer", "SMS MT Delivered", "SMS MT Queued")
        assert (m["status"] == "Operator Transfer") == (m["direction"] == "1")
    by_account = http.get(
        "/sms/agent/messages", headers=agent1, params={"account": thread["account"]}
    ).json()
    assert by_account
    msg = _error(http.get("/sms/agent/messages", headers=agent1), 400)
    assert "account" in msg and "threadId" in msg
    _error(http.get("/sms/agent/messages", headers=agent1, params={"threadId": "77"}), 404)


def test_resolve_rules(sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]) -> None:
    thread = _first_thread(http, agent1)
    body = {
        "threadId": thread["threadId"],
        "account": thread["account"] or "x",
        "agentEnteredAccount": thread["account"] or "x",
    }
    _error(
        http.post("/sms/agent/thread/resolve", headers=agent1, json={**body, "termCodeId": 9}), 400
    )
    _error(
        http.post("/sms/agent/thread/resolve", headers=agent1, json={**body, "threadId": "5"}), 404
    )
    _error(http.post("/sms/agent/thread/resolve", headers=agent1, json={"threadId": "5"}), 400)
    r = http.post("/sms/agent/thread/resolve", headers=agent1, json={**body, "termCodeId": 102})
    assert r.status_code == 204
    msg = _error(http.post("/sms/agent/thread/resolve", headers=agent1, json=body), 409)
    assert "already resolved" in msg
    assert thread["threadId"] not in {t["threadId"] for t in _page_all(http, agent1)}


def test_transfer_errors(http: httpx.Client, agent1: dict[str, str]) -> None:
    tid = _first_thread(http, agent1)["threadId"]

    def transfer(**params: str) -> httpx.Response:
        return http.get(
            "/sms/agent/thread/transfer",
            headers=agent1,
            params={"threadId": tid, "type": "SMS", "agentId": AGENT2, **params},
        )

    _error(transfer(agentId="1"), 404)
    _error(transfer(threadId="1"), 404)
    assert "team" in _error(transfer(agentId=SOUTH1), 409)
    _error(transfer(type="Email"), 400)
    _error(transfer(agentId="900001"), 400)  # the supervisor is not an agent
    r = transfer()
    assert r.status_code == 200 and r.json() == {"id": tid}


def test_switch_group_errors(http: httpx.Client, agent1: dict[str, str]) -> None:
    group_tid = _first_thread(http, agent1, COLLECTIONS, personal=False)["threadId"]
    msg = _error(
        http.put(
            "/sms/agent/thread/switchGroup/public", headers=agent1, params={"threadId": group_tid}
        ),
        409,
    )
    assert "group inbox" in msg
    _error(
        http.put(
            "/sms/agent/thread/switchGroup/private", headers=agent1, params={"threadId": group_tid}
        ),
        400,
    )
    _error(
        http.put(
            "/sms/agent/thread/switchGroup/private",
            headers=agent1,
            params={"threadId": group_tid, "channelId": SOUTH1},
        ),
        409,
    )
    _error(
        http.put("/sms/agent/thread/switchGroup/public", headers=agent1, params={"threadId": "12"}),
        404,
    )


def test_send_message_validation(http: httpx.Client, agent1: dict[str, str]) -> None:
    base = {"fromNumber": "18005550142", "toNumber": "4155550111", "message": "Hi"}
    assert http.post("/sms/agent/message/send", headers=agent1, json=base).status_code == 200
    _error(http.post("/sms/agent/message/send", headers=agent1, json={**base, "message": ""}), 400)
    _error(
        http.post("/sms/agent/message/send", headers=agent1, json={**base, "toNumber": "abc"}), 400
    )
    _error(
        http.post("/sms/agent/message/send", headers=agent1, json={**base, "fromNumber": "1"}), 400
    )
    _error(http.post("/sms/agent/message/send", headers=agent1, json={**base, "threadId": 3}), 404)
    _error(http.post("/sms/agent/message/send", headers=agent1, json={"message": "x"}), 400)
    _error(http.post("/sms/agent/message/send", headers=agent1, json=[1, 2]), 400)
    r = http.post("/sms/agent/message/send", headers=agent1, json={**base, "message": "x" * 2000})
    assert "longer" in _error(r, 400)


def test_unknown_route_and_method(http: httpx.Client, agent1: dict[str, str]) -> None:
    assert "No such endpoint" in _error(http.get("/sms/nothing", headers=agent1), 404)
    _error(http.delete("/sms/templates", headers=agent1), 405)
    _error(http.post("/sms/agent/channel", headers=agent1), 405)


def test_versioned_paths(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    r = http.post(
        "/session/v5.0/login",
        headers={"LV-Access": "demo-token"},
        json={"clientName": "DEMO", "userName": "agent1", "password": "demo", "agent": "true"},
    )
    h = {"LV-Session": r.json()["sessionId"]}
    join_home_service(http, h)
    assert http.get("/sms/v17.0/templates", headers=h).status_code == 200
    assert http.get("/sms/v17.0/agent/channel", headers=h).status_code == 200
    assert (
        http.post(
            "/sms/v17.0/",
            headers=h,
            json={"from": "18005550142", "to": "4155550199", "body": {"message": "v"}},
        ).status_code
        == 200
    )


def test_openapi_document_exists(http: httpx.Client) -> None:
    doc = http.get("/openapi.json").json()
    assert "/sms/agent/thread/details" in doc["paths"]
    assert not any(p.startswith("/_sim") for p in doc["paths"])


def test_user_login_sms_codes_lists_all(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    user = login(http, sim, "supervisor", agent=False)
    assert len(http.get("/sms/codes", headers=user).json()["listSmsCodes"]) == 4


def test_invalid_unicode_and_control_characters_are_400(
    http: httpx.Client, agent1: dict[str, str]
) -> None:
    headers = {**agent1, "Content-Type": "application/json"}
    raw = b'{"from": "\\udfff", "to": "4155550100", "body": {"message": "ok"}}'
    assert "Unicode" in _error(http.post("/sms/", headers=headers, content=raw), 400)
    _error(
        http.get(
            "/sms/agent/thread/details",
            headers=agent1,
            params={"channelId": "\x01", "channel": "SMS"},
        ),
        400,
    )
    _error(
        http.post(
            "/sms/agent/message/send",
            headers=agent1,
            json={"fromNumber": "18005550142", "toNumber": "4155550100", "message": "a\x00b"},
        ),
        400,
    )


def test_a_bug_is_a_json_500_not_a_reset_connection(
    sim: EmbeddedSimulator,
    http: httpx.Client,
    agent1: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sim.world, "channels", broken)
    assert "Internal simulator error" in _error(http.get("/sms/agent/channel", headers=agent1), 500)
    assert http.get("/sms/codes", headers=agent1).status_code == 200  # still serving
