"""OAuth between the client and the simulator: the client credentials grant, a refused
secret, lifetimes in milliseconds, the refresh grant before expiry, and the one repeat
after a 401."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from inbox_app.livelink import LiveLinkClient, errors

from .conftest import MO, NOW, SMS, TOKEN, FakeClock, RecordingSimulator, new_client

START, END = NOW - timedelta(hours=1), NOW + timedelta(minutes=5)


async def test_client_credentials_with_the_demo_key(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    assert ll.token is None
    page = await ll.poll_mo(START, END)
    assert page.messages == () and page.page_count == 0
    assert sim.grants() == [("client_credentials", 200)]
    assert sim.calls("GET", MO) == [200]
    token = ll.token
    assert token is not None and sim.world is not None
    assert sim.world.token_valid(token.access_token)
    # Lifetimes came in milliseconds and are read as such (45 and 60 minutes).
    assert token.expires_in_ms == 45 * 60 * 1000 and token.expires_in == 45 * 60
    assert token.refresh_expires_in == 60 * 60
    assert sim.state()["accessTokens"] == 1


async def test_a_wrong_secret_is_auth_failed_asked_once(
    sim: RecordingSimulator, clock: FakeClock
) -> None:
    async with new_client(sim, clock, secret="not-the-secret") as ll:
        with pytest.raises(errors.AuthFailed) as caught:
            await ll.send_sms("+13125550142", "hello")
    assert caught.value.status == 401
    assert caught.value.server_message and "secret" in caught.value.server_message
    assert sim.grants() == [("client_credentials", 401)]  # a refusal is not retried
    assert sim.calls("POST", SMS) == []
    assert sim.sent() == [] and sim.state()["accessTokens"] == 0


async def test_a_short_lifetime_is_renewed_with_the_refresh_token_before_calling(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    sim.configure(accessTokenTtlMs=30_000)  # 30 s, not 30 000 s
    await ll.poll_mo(START, END)
    first = ll.token
    assert first is not None and first.expires_in == 30.0
    clock.advance(31)  # both clocks: the simulator no longer accepts the first access token
    assert sim.world is not None and not sim.world.token_valid(first.access_token)

    await ll.poll_mo(START, END)

    second = ll.token
    assert second is not None and second.access_token != first.access_token
    assert sim.grants() == [("client_credentials", 200), ("refresh_token", 200)]
    assert sim.calls("GET", MO) == [200, 200]  # renewed before calling: no 401 on the way
    assert sim.world.token_valid(second.access_token)
    # The simulator spent the first refresh token on the client's refresh (one use only).
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        again = await http.post(
            TOKEN,
            auth=(sim.credentials.app_key, sim.credentials.secret),
            data={"grant_type": "refresh_token", "refresh_token": first.refresh_token or ""},
        )
    assert again.status_code == 401


async def test_renewal_waits_until_the_margin_before_expiry(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    """Milliseconds taken for seconds would renew at once (or never): with 30 s, the client
    keeps its token for 26 s and renews at 27 s (a tenth of the lifetime early)."""
    sim.configure(accessTokenTtlMs=30_000)
    await ll.poll_mo(START, END)
    clock.advance(26)
    await ll.poll_mo(START, END)
    assert [grant for grant, _ in sim.grants()] == ["client_credentials"]
    clock.advance(1.5)
    await ll.poll_mo(START, END)
    assert [grant for grant, _ in sim.grants()] == ["client_credentials", "refresh_token"]


async def test_an_expired_refresh_token_falls_back_to_the_client_credentials(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    sim.configure(accessTokenTtlMs=30_000, refreshTokenTtlMs=40_000)
    await ll.poll_mo(START, END)
    clock.advance(41)
    await ll.poll_mo(START, END)
    assert sim.grants() == [("client_credentials", 200), ("client_credentials", 200)]
    assert sim.calls("GET", MO) == [200, 200]


async def test_tokens_expired_on_the_server_cost_one_401_and_one_repeat(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    await ll.poll_mo(START, END)
    old = ll.token
    assert sim.expire_tokens() == 1
    sim.forget_seen()

    orders = await ll.send_sms("+13125550142", "after the expiry", subject="exp-1")

    assert sim.calls("POST", SMS) == [401, 200]  # one refusal, one repeat
    # The server forgot the refresh token too: the client's refresh is refused, and it
    # takes exactly one new token with the app key.
    assert sim.grants() == [("refresh_token", 401), ("client_credentials", 200)]
    assert ll.token is not None and old is not None
    assert ll.token.access_token != old.access_token
    stored = sim.sent()
    assert [(m["subject"], m["orderId"]) for m in stored] == [
        ("exp-1", orders[0].order_ids[0])
    ]  # a 401 means the server did not act: the repeat stored the one and only MT


async def test_a_persistent_401_raises_after_exactly_one_repeat(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    await ll.poll_mo(START, END)
    sim.forget_seen()
    sim.set_faults(f"GET {MO}:error=1@401")

    with pytest.raises(errors.Unauthorized) as caught:
        await ll.poll_mo(START, END)

    assert type(caught.value) is errors.Unauthorized  # not AuthFailed: the key is fine
    assert caught.value.status == 401
    assert sim.calls("GET", MO) == [401, 401]
    assert sim.faults is not None and sim.faults.injected == 2
    assert [status for _, status in sim.grants()] == [200]  # one new token between them
    sim.clear_faults()
    await ll.poll_mo(START, END)  # and the client recovers once the server does
    assert sim.calls("GET", MO)[-1] == 200


async def test_a_persistent_401_on_a_send_stores_nothing(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"POST {SMS}:error=1@401")
    with pytest.raises(errors.Unauthorized):
        await ll.send_sms("+13125550142", "never stored")
    assert sim.calls("POST", SMS) == [401, 401]
    assert sim.sent() == []


async def test_concurrent_calls_share_one_token_and_one_renewal(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    sim.configure(accessTokenTtlMs=30_000)
    await asyncio.gather(*(ll.poll_mo(START, END) for _ in range(5)))
    assert sim.grants() == [("client_credentials", 200)]
    clock.advance(31)
    await asyncio.gather(*(ll.poll_status(START, END) for _ in range(5)))
    assert sim.grants() == [("client_credentials", 200), ("refresh_token", 200)]
    assert sim.calls("GET", MO) == [200] * 5
    assert sim.calls("GET", "/api/v2/sms/status") == [200] * 5


async def test_the_simulators_advertised_api_url_works_as_the_base(
    sim: RecordingSimulator, clock: FakeClock
) -> None:
    """``credentials.base_url`` ends in ``/api`` (as the definition's basePath does); the
    client takes it as the host, and its token URL is the one the simulator advertises."""
    creds = sim.credentials
    assert creds.base_url.endswith("/api") and creds.token_url == creds.base_url + "/oauth/token"
    async with LiveLinkClient(creds.base_url, creds.app_key, creds.secret, clock=clock) as ll:
        await ll.poll_mo(START, END)
        assert ll.base_url + TOKEN == creds.token_url
    assert sim.grants() == [("client_credentials", 200)]


async def test_a_wrong_base_path_is_not_found_in_live_links_words(
    sim: RecordingSimulator, clock: FakeClock
) -> None:
    async with LiveLinkClient(
        sim.base_url + "/v1", sim.credentials.app_key, sim.credentials.secret, clock=clock
    ) as ll:
        with pytest.raises(errors.NotFound) as caught:
            await ll.poll_mo(START, END)
    assert caught.value.status == 404 and caught.value.api_error_code == 404
    assert [(s.path, s.status) for s in sim.seen] == [("/v1" + TOKEN, 404)]
