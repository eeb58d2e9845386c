"""The Live Link client against a mocked server: exact requests, tokens, pages, windows."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
import respx

from inbox_app.livelink import BASE_URL, LiveLinkClient, errors, models

from . import seed_examples as seed
from .conftest import ACCESS, APP_KEY, BASE, BASIC, REFRESH, SECRET, Clock, form, token

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
END = datetime(2024, 5, 1, 11, 30, tzinfo=UTC)


async def test_first_call_gets_a_token_with_basic_auth_and_a_form(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    send = router.post("/api/v2/sms").respond(200, json=seed.SWAGGER_SEND_RESPONSE)
    await ll.send_sms(["+15550100123"], "text", origin="15550100999", subject="k1")
    request = token_route.calls.last.request
    assert request.method == "POST"
    assert request.headers["Authorization"] == BASIC
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(request) == {"grant_type": "client_credentials"}
    assert send.calls.last.request.headers["Authorization"] == f"Bearer {ACCESS}"


async def test_send_sms_body_and_answer(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    send = router.post("/api/v2/sms").respond(200, json=seed.SEED_SEND_RESPONSE)
    orders = await ll.send_sms(
        ["+15550100123", "+15550100124"],
        "Hello World!!",
        origin="15550100999",
        subject="k1",
        ack_type="MESSAGE",
        callback="https://acks.example/cb",
        encoding="UCS2",
        validity_period="1d",
        extra={"ackFinalOnly": True},
    )
    request = send.calls.last.request
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "destination": ["+15550100123", "+15550100124"],
        "message": "Hello World!!",
        "origin": "15550100999",
        "subject": "k1",
        "ackType": "MESSAGE",
        "callback": "https://acks.example/cb",
        "contentTextEncoding": "UCS2",
        "validityPeriod": "1d",
        "ackFinalOnly": True,
    }
    assert [o.order_ids for o in orders] == [
        ("123456789", "123456777"),
        ("1453217689", "153256777"),
    ]
    assert all(isinstance(o, models.OrderIds) for o in orders)


async def test_send_sms_minimal_body(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    send = router.post("/api/v2/sms").respond(200, json=seed.SWAGGER_SEND_RESPONSE)
    await ll.send_sms("+15550100123", "hi")
    assert json.loads(send.calls.last.request.content) == {
        "destination": ["+15550100123"],
        "message": "hi",
    }


async def test_201_without_body_is_an_empty_list(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    router.post("/api/v2/sms").respond(201)
    assert await ll.send_sms(["+15550100123"], "text") == []


@pytest.mark.parametrize(
    ("destinations", "message"), [([], "x"), ([""], "x"), (["+1"], ""), (["+1"], "   ")]
)
async def test_send_validation_makes_no_request(
    ll: LiveLinkClient, router: respx.Router, destinations: list[str], message: str
) -> None:
    with pytest.raises(ValueError):
        await ll.send_sms(destinations, message)
    assert not router.calls


async def test_token_is_reused_until_shortly_before_expiry(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route, clock: Clock
) -> None:
    router.get("/api/v2/sms/mo").respond(200, json={"pageCount": 0, "pageIndex": 1})
    await ll.poll_mo(START, END)
    clock.now += 44 * 60 - 1  # expires_in 2,700,000 ms = 45 min; renewed 1 min before it ends
    await ll.poll_mo(START, END)
    assert token_route.call_count == 1
    assert ll.token is not None and ll.token.expires_in == 2700


async def test_refresh_grant_before_expiry(
    ll: LiveLinkClient, router: respx.Router, clock: Clock
) -> None:
    grants = router.post("/api/oauth/token").mock(
        side_effect=[
            httpx.Response(200, json=token()),
            httpx.Response(200, json=token(access="acc-second", refresh="ref-second")),
        ]
    )
    mo = router.get("/api/v2/sms/mo").respond(200, json={"pageCount": 0})
    await ll.poll_mo(START, END)
    clock.now += 44 * 60 + 30  # inside the last minute of the 45: renew before it runs out
    await ll.poll_mo(START, END)
    assert grants.call_count == 2
    refresh = grants.calls[1].request
    assert refresh.headers["Authorization"] == BASIC
    assert form(refresh) == {"grant_type": "refresh_token", "refresh_token": REFRESH}
    assert mo.calls.last.request.headers["Authorization"] == "Bearer acc-second"


@pytest.mark.parametrize("refused", [400, 401])
async def test_refused_refresh_falls_back_to_client_credentials(
    ll: LiveLinkClient, router: respx.Router, clock: Clock, refused: int
) -> None:
    grants = router.post("/api/oauth/token").mock(
        side_effect=[
            httpx.Response(200, json=token()),
            httpx.Response(refused, json={"error": "invalid_grant"}),
            httpx.Response(200, json=token(access="acc-third")),
        ]
    )
    mo = router.get("/api/v2/sms/mo").respond(200, json={"pageCount": 0})
    await ll.poll_mo(START, END)
    clock.now += 45 * 60
    await ll.poll_mo(START, END)
    assert [form(c.request)["grant_type"] for c in grants.calls] == [
        "client_credentials",
        "refresh_token",
        "client_credentials",
    ]
    assert mo.calls.last.request.headers["Authorization"] == "Bearer acc-third"


async def test_expired_refresh_token_goes_straight_to_client_credentials(
    ll: LiveLinkClient, router: respx.Router, clock: Clock
) -> None:
    grants = router.post("/api/oauth/token").respond(200, json=token())
    router.get("/api/v2/sms/mo").respond(200, json={"pageCount": 0})
    await ll.poll_mo(START, END)
    clock.now += 61 * 60  # past refresh_expires_in (3,600,000 ms)
    await ll.poll_mo(START, END)
    assert [form(c.request)["grant_type"] for c in grants.calls] == ["client_credentials"] * 2


async def test_refused_credentials_raise_auth_failed(
    ll: LiveLinkClient, router: respx.Router
) -> None:
    router.post("/api/oauth/token").respond(
        401, json={"apiErrorCode": 7, "userMessage": "Bad credentials"}
    )
    send = router.post("/api/v2/sms")
    with pytest.raises(errors.AuthFailed) as caught:
        await ll.send_sms(["+1555"], "x")
    assert caught.value.status == 401
    assert caught.value.api_error_code == 7
    assert caught.value.server_message == "Bad credentials"
    assert isinstance(caught.value, errors.Unauthorized)
    assert not send.called


async def test_401_gets_one_new_token_and_repeats_the_send_once(
    ll: LiveLinkClient, router: respx.Router
) -> None:
    grants = router.post("/api/oauth/token").mock(
        side_effect=[
            httpx.Response(200, json=token(access="acc-old")),
            httpx.Response(200, json=token(access="acc-new")),
        ]
    )
    send = router.post("/api/v2/sms").mock(
        side_effect=[
            httpx.Response(401, json={"userMessage": "token expired"}),
            httpx.Response(200, json=seed.SWAGGER_SEND_RESPONSE),
        ]
    )
    orders = await ll.send_sms(["+1234567890"], "x", subject="k1")
    assert orders[0].order_ids == ("1234567890",)
    assert send.call_count == 2 and grants.call_count == 2
    auth = [c.request.headers["Authorization"] for c in send.calls]
    assert auth == ["Bearer acc-old", "Bearer acc-new"]
    assert send.calls[0].request.content == send.calls[1].request.content


async def test_second_401_raises_unauthorized(ll: LiveLinkClient, router: respx.Router) -> None:
    grants = router.post("/api/oauth/token").respond(200, json=token())
    send = router.post("/api/v2/sms").respond(401, json={"debugMessage": "scope"})
    with pytest.raises(errors.Unauthorized) as caught:
        await ll.send_sms(["+1555"], "x")
    assert type(caught.value) is errors.Unauthorized
    assert caught.value.server_message == "scope"
    assert send.call_count == 2 and grants.call_count == 2
    # The token that failed twice is dropped: the next call starts with a new one.
    router.get("/api/v2/sms/mo").respond(200, json={"pageCount": 0})
    await ll.poll_mo(START, END)
    assert grants.call_count == 3


async def test_401_on_a_pull_also_repeats_once(ll: LiveLinkClient, router: respx.Router) -> None:
    router.post("/api/oauth/token").respond(200, json=token())
    mo = router.get("/api/v2/sms/mo").mock(
        side_effect=[httpx.Response(401), httpx.Response(200, json=seed.SWAGGER_MO_PAGE)]
    )
    page = await ll.poll_mo(START, END)
    assert mo.call_count == 2 and page.messages[0].sender == "+1234567890"


async def test_concurrent_401s_share_one_new_token(
    ll: LiveLinkClient, router: respx.Router
) -> None:
    grants = router.post("/api/oauth/token").mock(
        side_effect=[
            httpx.Response(200, json=token(access="acc-old")),
            httpx.Response(200, json=token(access="acc-new")),
        ]
    )

    revoked = False
    waiting_with_old = 0
    all_five_in_flight = asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal waiting_with_old
        if revoked and request.headers["Authorization"] == "Bearer acc-old":
            waiting_with_old += 1
            if waiting_with_old == 5:
                all_five_in_flight.set()
            await asyncio.wait_for(all_five_in_flight.wait(), 30)  # none answered before
            return httpx.Response(401)
        return httpx.Response(200, json={"pageCount": 0})

    mo = router.get("/api/v2/sms/mo").mock(side_effect=answer)
    await ll.poll_mo(START, END)
    revoked = True  # e.g. the platform restarted: every request in flight gets a 401
    await asyncio.gather(*(ll.poll_mo(START, END) for _ in range(5)))
    assert grants.call_count == 2
    assert mo.call_count == 1 + 5 + 5


async def test_poll_mo_query_and_utc_formatting(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    route = router.get("/api/v2/sms/mo").respond(200, json=seed.SEED_MO_RESPONSE)
    eastern = timezone(timedelta(hours=-5))
    page = await ll.poll_mo(
        datetime(2018, 4, 1, 7, 30, tzinfo=eastern),  # 12:30 UTC
        datetime(2019, 1, 7, 22, 30, tzinfo=eastern),  # 03:30 UTC the next day
        page_index=2,
        keyword="STOP",
    )
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {ACCESS}"
    assert dict(request.url.params) == {
        "startUTCTime": "201804011230",
        "endUTCTime": "201901080330",
        "pageIndex": "2",
        "keyword": "STOP",
    }
    assert page.page_count == 2 and page.messages[0].text == "Some Message"


async def test_window_end_is_rounded_up_to_the_minute(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    route = router.get("/api/v2/sms/mo").respond(200, json={})
    await ll.poll_mo(START.replace(second=59), END.replace(second=1))
    params = route.calls.last.request.url.params
    assert (params["startUTCTime"], params["endUTCTime"]) == ("202405011000", "202405011131")


@pytest.mark.parametrize(
    ("start", "end", "page"),
    [
        (datetime(2024, 5, 1, 10, 0), END, 1),  # naive start
        (START, datetime(2024, 5, 1, 11, 0), 1),  # naive end
        (END, START, 1),  # backwards
        (START, END, 0),  # pages count from 1
    ],
)
async def test_bad_windows_make_no_request(
    ll: LiveLinkClient, router: respx.Router, start: datetime, end: datetime, page: int
) -> None:
    with pytest.raises(ValueError):
        await ll.poll_mo(start, end, page_index=page)
    with pytest.raises(ValueError):
        await ll.poll_status(start, end, page_index=page)
    assert not router.calls


async def test_poll_status_query(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    route = router.get("/api/v2/sms/status").respond(200, json=seed.SWAGGER_STATUS_RESPONSE)
    page = await ll.poll_status(START, END, status="delivered", order_id="1702926297")
    assert dict(route.calls.last.request.url.params) == {
        "startUTCTime": "202405011000",
        "endUTCTime": "202405011130",
        "pageIndex": "1",
        "status": "DELIVERED",
        "orderId": "1702926297",
    }
    assert page.reports[0].state is models.DeliveryState.DELIVERED
    await ll.poll_status(START, END, status="ALL")
    assert route.calls.last.request.url.params["status"] == "all"


async def test_iter_mo_walks_to_page_count(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        index = int(request.url.params["pageIndex"])
        mos = [{"sender": f"tel:+1555000{index}{i}", "contentText": "x"} for i in range(10)]
        return httpx.Response(
            200, json={"pageCount": "3", "pageIndex": str(index), "sapnotification": mos}
        )

    route = router.get("/api/v2/sms/mo").mock(side_effect=page)
    pages = [p async for p in ll.iter_mo(START, END)]
    assert [p.page_index for p in pages] == [1, 2, 3]
    assert route.call_count == 3
    assert len({m.dedup_key for p in pages for m in p.messages}) == 30


async def test_iter_status_stops_at_an_empty_page_and_at_max_pages(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    ack = {"orderId": "1", "status": "SENT"}
    route = router.get("/api/v2/sms/status").mock(
        side_effect=[
            httpx.Response(200, json={"pageCount": 9, "SAPNotification": [ack]}),
            httpx.Response(200, json={"pageCount": 9, "SAPNotification": []}),
        ]
    )
    pages = [p async for p in ll.iter_status(START, END)]
    assert len(pages) == 1 and route.call_count == 2
    route.mock(
        side_effect=None,
        return_value=httpx.Response(200, json={"pageCount": 99, "SAPNotification": [ack]}),
    )
    pages = [p async for p in ll.iter_status(START, END, max_pages=4)]
    assert len(pages) == 4


def test_base_url_with_or_without_api() -> None:
    assert LiveLinkClient(BASE_URL + "/api/", APP_KEY, SECRET).base_url == BASE_URL
    assert LiveLinkClient(BASE_URL, APP_KEY, SECRET).base_url == BASE_URL
    assert BASE_URL == "https://livelink.sapdigitalinterconnect.com"


@pytest.mark.parametrize(
    ("url", "key", "secret"),
    [
        ("livelink", APP_KEY, SECRET),
        ("ftp://x", APP_KEY, SECRET),
        (BASE, "", SECRET),
        (BASE, APP_KEY, " "),
    ],
)
def test_bad_construction(url: str, key: str, secret: str) -> None:
    with pytest.raises(ValueError):
        LiveLinkClient(url, key, secret)


async def test_context_manager_closes_the_pool(router: respx.Router) -> None:
    router.post("/api/oauth/token").respond(200, json=token())
    router.get("/api/v2/sms/mo").respond(200, json={})
    ll = LiveLinkClient(BASE, APP_KEY, SECRET, transport=httpx.MockTransport(router.async_handler))
    async with ll:
        await ll.poll_mo(START, END)
        pool = ll._pool.http
        assert pool is not None and not pool.is_closed
    assert pool.is_closed and ll.token is None
    with pytest.raises(RuntimeError, match="closed"):
        await ll.poll_mo(START, END)


async def test_authenticate_gets_a_token_now_and_keeps_it(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    """Sign-in asks for a token at once (a wrong secret is said then); later calls reuse it."""
    token = await ll.authenticate()
    assert token.access_token == ACCESS and token_route.call_count == 1
    send = router.post("/api/v2/sms").respond(200, json=seed.SWAGGER_SEND_RESPONSE)
    await ll.send_sms(["+15550100123"], "text", origin="15550100999")
    assert token_route.call_count == 1
    assert send.calls.last.request.headers["Authorization"] == f"Bearer {ACCESS}"
