"""The simulator does what a real LiveVox tenant does beyond the SMS document (issue 15):
services to join, term codes two ways, internal error codes, UUID sessions, 204 validate,
case rules of user names, expiring passwords and changing them."""

from __future__ import annotations

import uuid

import httpx

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.errors import AUTHORIZATION_ERROR, NOT_IN_A_SERVICE, PASSWORD_EXPIRED

from .helpers import CARE, COLLECTIONS, join_home_service, login

SEND = {"from": "18005550142", "to": "4155550101", "body": {"message": "Hello"}}


def _login(http: httpx.Client, **body: object) -> httpx.Response:
    payload = {"clientName": "DEMO", "userName": "agent1", "password": "demo", "agent": True}
    payload.update(body)
    return http.post("/session/login", headers={"LV-Access": "demo-token"}, json=payload)


def test_an_agent_outside_a_service_has_no_codes_and_cannot_send(
    sim: EmbeddedSimulator, http: httpx.Client
) -> None:
    headers = login(http, sim, join=False)
    assert http.get("/sms/codes", headers=headers).json() == {"listSmsCodes": []}
    refused = http.post("/sms/", headers=headers, json=SEND)
    assert refused.status_code == 400
    assert refused.json()["code"] == NOT_IN_A_SERVICE
    assert "has not joined a service" in refused.json()["message"]
    assert join_home_service(http, headers) == CARE
    codes = http.get("/sms/codes", headers=headers).json()["listSmsCodes"]
    assert [c["code"] for c in codes] == ["18005550142"]
    assert http.post("/sms/", headers=headers, json=SEND).status_code == 200
    assert http.post("/callControl/agent/service/leave", headers=headers).status_code == 204
    assert http.post("/sms/", headers=headers, json=SEND).status_code == 400


def test_service_access_join_and_refusals(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    headers = login(http, sim, join=False)
    access = http.get("/callControl/agent/service/access", headers=headers).json()
    assert set(access) == {"homeAgent", "phoneNumber", "services", "sipId"}
    assert access["services"] == [{"serviceId": int(CARE), "serviceName": "Customer Care"}]
    other = http.post(
        "/callControl/agent/service/join", headers=headers, params={"serviceId": COLLECTIONS}
    )
    assert other.status_code == 403
    unknown = http.post(
        "/callControl/agent/service/join", headers=headers, params={"serviceId": "1"}
    )
    assert unknown.status_code == 404
    assert sim.world is not None
    sim.world.grant_service("agent1", COLLECTIONS)
    access = http.get("/callControl/agent/service/access", headers=headers).json()
    assert {str(s["serviceId"]) for s in access["services"]} == {CARE, COLLECTIONS}
    joined = http.post(
        "/callControl/agent/service/join",
        headers=headers,
        params={"serviceId": COLLECTIONS, "phoneNumber": access["phoneNumber"]},
    )
    assert joined.status_code == 204
    codes = http.get("/sms/codes", headers=headers).json()["listSmsCodes"]
    assert [c["code"] for c in codes] == ["53063"]


def test_agent_api_term_codes_by_category(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    headers = login(http, sim)
    answer = http.get("/callControl/agent/termCode", headers=headers, params={"serviceId": CARE})
    assert answer.status_code == 200
    categories = answer.json()["termCodeCategories"]
    assert {c["name"] for c in categories} == {"Contact", "No contact", "Payment"}
    code = next(c for cat in categories for c in cat["termCodes"] if c["id"] == "101")
    assert set(code) == {
        "id",
        "name",
        "lvResultId",
        "lvResult",
        "reportDisplayOrder",
        "previewDialEnabled",
        "actionType",
        "paymentAmtRequired",
    }
    assert (code["actionType"], code["paymentAmtRequired"]) == ("RPC_WITH_PAYMENT", True)
    user = login(http, sim, "supervisor", agent=False)
    refused = http.get("/callControl/agent/termCode", headers=user, params={"serviceId": CARE})
    assert refused.status_code == 403


def test_configuration_api_term_codes_page_with_next(
    sim: EmbeddedSimulator, http: httpx.Client
) -> None:
    headers = login(http, sim)
    names: list[str] = []
    params: dict[str, str | int] = {"count": 3, "offset": 0, "client": 1001, "service": CARE}
    for _ in range(10):
        page = http.get("/configuration/v5.0/termCodes", headers=headers, params=params).json()
        names += [c["name"] for c in page["termCode"]]
        if not page["next"]:
            break
        assert page["next"].startswith("/configuration/termCodes?count=3&offset=")
        params["offset"] = int(params["offset"]) + 3
    assert len(names) == 8 and len(set(names)) == 8
    wrong = http.get(
        "/configuration/termCodes", headers=headers, params={"client": 9, "service": CARE}
    )
    assert wrong.status_code == 403 and wrong.json()["code"] == AUTHORIZATION_ERROR


def test_resolve_with_a_payment_term_code_needs_the_amount(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    channel = {"channelId": "645836", "channel": "SMS", "personal": "true"}
    thread = http.get("/sms/agent/thread/details", headers=agent1, params=channel).json()[0]
    body = {
        "threadId": thread["threadId"],
        "account": thread["account"] or "x",
        "agentEnteredAccount": thread["account"] or "x",
        "termCodeId": 101,
    }
    without = http.post("/sms/agent/thread/resolve", headers=agent1, json=body)
    assert without.status_code == 400 and "payment amount" in without.json()["message"]
    done = http.post("/sms/agent/thread/resolve", headers=agent1, json={**body, "paymentAmt": 42})
    assert done.status_code == 204
    assert sim.world is not None
    row = sim.world.thread_row(str(thread["threadId"]))
    assert row is not None and row["payment_amt"] == 42.0 and row["term_code"] == 101


def test_sessions_are_uuids_and_validate_answers_204_or_404(http: httpx.Client) -> None:
    sid = _login(http).json()["sessionId"]
    assert str(uuid.UUID(sid)) == sid
    assert http.get(f"/session/validate/{sid}").status_code == 204
    assert http.get(f"/session/validate/{uuid.uuid4()}").status_code == 404


def test_agent_names_ignore_case_other_users_do_not(http: httpx.Client) -> None:
    assert _login(http, userName="AGENT1").status_code == 200
    assert _login(http, userName="supervisor", agent=False).status_code == 200
    assert _login(http, userName="Supervisor", agent=False).status_code == 401


def test_wrong_environment_answers_authorization_error(http: httpx.Client) -> None:
    answer = _login(http, clientName="ACME-NA4")
    assert answer.status_code == 401
    assert answer.json() == {"code": AUTHORIZATION_ERROR, "message": "authorization error"}
    wrong_password = _login(http, password="nope").json()
    assert wrong_password["code"] != AUTHORIZATION_ERROR


def test_password_expiry_and_change(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    assert _login(http).json()["daysUntilPasswordExpires"] == 30
    old = _login(http).json()["sessionId"]
    assert sim.world is not None
    sim.world.set_password_days("agent1", 0)
    expired = _login(http)
    assert expired.status_code == 401 and expired.json()["code"] == PASSWORD_EXPIRED
    change = {
        "clientName": "DEMO",
        "userName": "agent1",
        "password": "demo",
        "newPassword": "demo",
        "agent": True,
    }
    same = http.post("/session/password", headers={"LV-Access": "demo-token"}, json=change)
    assert same.status_code == 400
    change["newPassword"] = "longer-Secret-1"
    ok = http.post("/session/password", headers={"LV-Access": "demo-token"}, json=change)
    assert ok.status_code == 204
    assert http.get(f"/session/validate/{old}").status_code == 404  # ended with the password
    fresh = _login(http, password="longer-Secret-1").json()
    assert fresh["daysUntilPasswordExpires"] == 90
    assert _login(http).status_code == 401  # the old password is gone
