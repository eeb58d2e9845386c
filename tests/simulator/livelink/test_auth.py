"""OAuth: client credentials over HTTP Basic, lifetimes in milliseconds, refresh, expiry."""

from __future__ import annotations

import httpx

from inbox_app.simulator.livelink import LiveLinkSimulator

from .conftest import FakeClock, assert_error, get_token, window


def test_client_credentials_grant_answers_the_definitions_token(http: httpx.Client) -> None:
    token = get_token(http)
    assert token["token_type"].lower() == "bearer"
    assert token["expires_in"] == 2_700_000  # 45 minutes, in milliseconds
    assert token["refresh_expires_in"] == 3_600_000
    assert token["access_token"] and token["refresh_token"]
    assert "livelink:api" in token["scope"]


def test_wrong_secret_unknown_key_and_no_basic_are_401(http: httpx.Client) -> None:
    form = {"grant_type": "client_credentials"}
    assert_error(http.post("/api/oauth/token", auth=("demo-key", "nope"), data=form), 401)
    assert_error(http.post("/api/oauth/token", auth=("other", "demo-secret"), data=form), 401)
    assert_error(http.post("/api/oauth/token", data=form), 401)
    bad = http.post("/api/oauth/token", headers={"Authorization": "Basic %%%"}, data=form)
    assert_error(bad, 401)


def test_bad_grant_types_are_400(http: httpx.Client) -> None:
    creds = ("demo-key", "demo-secret")
    assert_error(http.post("/api/oauth/token", auth=creds, data={"grant_type": "password"}), 400)
    assert_error(http.post("/api/oauth/token", auth=creds, data={}), 400)
    refresh = http.post("/api/oauth/token", data={"grant_type": "refresh_token"})
    assert_error(refresh, 400)


def test_api_calls_need_a_live_bearer_token(http: httpx.Client, auth: dict) -> None:
    assert http.get("/api/v2/sms/mo", headers=auth, params=window()).status_code == 200
    assert_error(http.get("/api/v2/sms/mo", params=window()), 401)
    bogus = {"Authorization": "Bearer not-a-token"}
    assert_error(http.get("/api/v2/sms/mo", headers=bogus, params=window()), 401)
    basic = {"Authorization": "Basic ZGVtby1rZXk6ZGVtby1zZWNyZXQ="}
    assert_error(http.post("/api/v2/sms", headers=basic, json={}), 401)


def test_admin_expiry_forgets_every_token(http: httpx.Client, auth: dict) -> None:
    expired = http.post("/_sim/expire-tokens")
    assert expired.status_code == 200 and expired.json()["expired"] == 1
    assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 401)


def test_short_lifetimes_expire_with_the_clock(clock: FakeClock) -> None:
    with (
        LiveLinkSimulator(
            dataset="empty", clock=clock, access_ttl_ms=1500, refresh_ttl_ms=4000
        ) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        token = get_token(http)
        assert (token["expires_in"], token["refresh_expires_in"]) == (1500, 4000)
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        clock.advance(1.4)
        assert http.get("/api/v2/sms/mo", headers=headers, params=window()).status_code == 200
        clock.advance(0.2)
        assert_error(http.get("/api/v2/sms/mo", headers=headers, params=window()), 401)
        # The refresh token outlives the access token and buys a new pair, without Basic.
        fresh = http.post(
            "/api/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        )
        assert fresh.status_code == 200, fresh.text
        new = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
        assert http.get("/api/v2/sms/mo", headers=new, params=window()).status_code == 200
        # A refresh token is good once; an expired one is refused.
        again = http.post(
            "/api/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        )
        assert_error(again, 401)
        clock.advance(5)
        late = http.post(
            "/api/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": fresh.json()["refresh_token"]},
        )
        assert_error(late, 401)


def test_refresh_with_basic_must_match_too(http: httpx.Client) -> None:
    token = get_token(http)
    form = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    assert_error(http.post("/api/oauth/token", auth=("demo-key", "x"), data=form), 401)
    ok = http.post("/api/oauth/token", auth=("demo-key", "demo-secret"), data=form)
    assert ok.status_code == 200


def test_token_validate_endpoint(http: httpx.Client) -> None:
    token = get_token(http)["access_token"]
    assert http.post("/api/oauth/token/validate", json=token).status_code == 200
    assert_error(http.post("/api/oauth/token/validate", json="nope"), 401)


def test_state_counts_the_tokens_handed_out_by_grant_type(http: httpx.Client) -> None:
    """How a benchmark tells that a client renewed its token: refused grants do not count."""
    token = get_token(http)
    refresh = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    assert http.post("/api/oauth/token", data=refresh).status_code == 200
    assert_error(http.post("/api/oauth/token", data=refresh), 401)  # good once only
    form = {"grant_type": "client_credentials"}
    assert_error(http.post("/api/oauth/token", auth=("demo-key", "nope"), data=form), 401)
    grants = http.get("/_sim/state").json()["tokenGrants"]
    assert grants == {"client_credentials": 1, "refresh_token": 1}
