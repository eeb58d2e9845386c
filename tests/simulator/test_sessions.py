"""Session rules: login, same id on repeat, validate, logout, sliding expiry, 401/403 shapes."""

from __future__ import annotations

import time

import httpx
import pytest

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.errors import AUTHORIZATION_ERROR, internal_code

from .helpers import AGENT1, CARE, login


def _login(http: httpx.Client, token: str, **body: object) -> httpx.Response:
    payload = {"clientName": "DEMO", "userName": "agent1", "password": "demo", "agent": True}
    payload.update(body)
    return http.post("/session/login", headers={"LV-Access": token}, json=payload)


def test_login_returns_the_documented_fields(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    body = _login(http, "demo-token").json()
    assert set(body) == {"sessionId", "clientId", "userId", "daysUntilPasswordExpires"}
    assert str(body["userId"]) == AGENT1
    assert isinstance(body["clientId"], int)


@pytest.mark.parametrize("agent", [True, "true"])
def test_agent_flag_may_be_a_string(http: httpx.Client, agent: object) -> None:
    assert _login(http, "demo-token", agent=agent).status_code == 200


def test_bad_token_and_bad_password_are_401_with_error_body(http: httpx.Client) -> None:
    for response in (
        _login(http, "wrong-token"),
        _login(http, "demo-token", password="nope"),
        _login(http, "demo-token", clientName="OTHER"),
        http.post(
            "/session/login",
            json={"clientName": "DEMO", "userName": "agent1", "password": "demo", "agent": True},
        ),
    ):
        assert response.status_code == 401
        body = response.json()
        assert body["code"] in (internal_code(401), AUTHORIZATION_ERROR) and body["message"]


def test_missing_login_fields_are_400(http: httpx.Client) -> None:
    response = http.post(
        "/session/login", headers={"LV-Access": "demo-token"}, json={"clientName": "DEMO"}
    )
    assert response.status_code == 400
    assert "userName" in response.json()["message"]
    bad_json = http.post(
        "/session/login",
        headers={"LV-Access": "demo-token", "Content-Type": "application/json"},
        content=b"{nope",
    )
    assert bad_json.status_code == 400
    assert bad_json.json() == {
        "code": internal_code(400),
        "message": "The request body is not valid JSON.",
    }


def test_role_must_match_the_account(http: httpx.Client) -> None:
    assert _login(http, "demo-token", userName="supervisor", agent=True).status_code == 401
    assert _login(http, "demo-token", agent=False).status_code == 401
    assert _login(http, "demo-token", userName="supervisor", agent=False).status_code == 200


def test_repeated_login_returns_the_same_session(http: httpx.Client) -> None:
    first = _login(http, "demo-token").json()["sessionId"]
    assert _login(http, "demo-token").json()["sessionId"] == first
    other = _login(http, "demo-token", userName="agent2").json()["sessionId"]
    assert other != first


def test_validate_and_logout(http: httpx.Client) -> None:
    sid = _login(http, "demo-token").json()["sessionId"]
    assert http.get(f"/session/validate/{sid}").status_code == 204
    assert http.get(f"/session/v5.0/validate/{sid}").status_code == 204
    assert http.delete(f"/session/logout/{sid}").status_code == 204
    assert http.get(f"/session/validate/{sid}").status_code == 404
    assert http.get("/sms/codes", headers={"LV-Session": sid}).status_code == 401
    # A new login after logout is a new session.
    assert _login(http, "demo-token").json()["sessionId"] != sid


def test_missing_and_unknown_session_are_401(http: httpx.Client) -> None:
    for headers in ({}, {"LV-Session": "not-a-session"}):
        response = http.get("/sms/templates", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == internal_code(401)
        assert "log in" in response.json()["message"].lower()


def test_sliding_expiry(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    """On the server's own clock, stopped and moved by hand: no race with real time."""
    assert sim.world is not None
    now = [time.time()]
    sim.world.clock = lambda: now[0]
    sim.configure(sessionTtlSeconds=60)
    headers = login(http, sim)
    for _ in range(4):  # used every 40 s: alive well past one time-to-live (160 s in all)
        now[0] += 40
        assert http.get("/sms/codes", headers=headers).status_code == 200
    now[0] += 59
    assert (
        http.get("/session/validate/" + headers["LV-Session"]).status_code == 204
    )  # valid, no body
    now[0] += 2  # validate does not slide it: 61 s unused
    assert http.get("/sms/codes", headers=headers).status_code == 401
    assert http.get(f"/session/validate/{headers['LV-Session']}").status_code == 404


def test_expired_session_gives_a_new_id_on_login(
    sim: EmbeddedSimulator, http: httpx.Client
) -> None:
    first = login(http, sim)
    assert sim.expire_sessions() >= 1
    assert login(http, sim) != first


def test_user_session_gets_403_on_agent_endpoints(
    sim: EmbeddedSimulator, http: httpx.Client
) -> None:
    headers = login(http, sim, "supervisor", agent=False)
    for path in ("/sms/agent/channel", f"/sms/agent/interaction/counts/{AGENT1}"):
        response = http.get(path, headers=headers)
        assert response.status_code == 403
        assert response.json()["code"] == internal_code(403)
    assert http.get("/sms/templates", headers=headers).status_code == 200


def test_service_id_rules_on_post_sms(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    agent = login(http, sim)
    user = login(http, sim, "supervisor", agent=False)
    body = {"from": "18005550142", "to": "4155550101", "body": {"message": "Hello"}}
    with_service = {**body, "serviceId": CARE}
    r = http.post("/sms/", headers=agent, json=with_service)
    assert r.status_code == 400 and "serviceId" in r.json()["message"]
    r = http.post("/sms/", headers=user, json=body)
    assert r.status_code == 400 and "serviceId" in r.json()["message"]
    ok_agent = http.post("/sms/", headers=agent, json=body)
    ok_user = http.post("/sms/", headers=user, json=with_service)
    assert ok_agent.status_code == ok_user.status_code == 200
    assert isinstance(ok_agent.json()["transactionId"], int)
    r = http.post("/sms/", headers=user, json={**with_service, "serviceId": "1"})
    assert r.status_code == 404
