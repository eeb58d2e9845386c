"""The MO pull: half-open minute windows, 10 a page oldest first, keyword, 72 hours kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from inbox_app.simulator.livelink import LiveLinkSimulator

from .conftest import NOW, FakeClock, assert_error, get_token, utc, window


def pull(http: httpx.Client, auth: dict, **params: Any) -> dict[str, Any]:
    response = http.get("/api/v2/sms/mo", headers=auth, params={**window(), **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_25_mos_make_3_pages_oldest_first(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    for i in range(25):
        when = int((NOW - timedelta(minutes=30 - i)).timestamp() * 1000)
        sim.inject_mo(f"+1312555{100 + i:04d}", f"hello {i}", received_at=when)
    pages = [pull(http, auth, pageIndex=n) for n in (1, 2, 3, 4)]
    assert [p["pageCount"] for p in pages] == [3, 3, 3, 3]
    assert [p["pageIndex"] for p in pages] == [1, 2, 3, 4]
    assert [len(p["sapnotification"]) for p in pages] == [10, 10, 5, 0]
    texts = [m["contentText"] for p in pages for m in p["sapnotification"]]
    assert texts == [f"hello {i}" for i in range(25)]
    first = pages[0]["sapnotification"][0]
    assert first["sender"] == "tel:+13125550100"
    assert first["recipient"] == "+14155550100"  # our first number by default
    assert first["parameters"]["receivedTime"] == "2024-06-01 11:30:30.000"


def test_the_window_is_start_inclusive_end_exclusive_by_minute(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    for minute, text in ((0, "at 12:00"), (1, "at 12:01"), (2, "at 12:02")):
        sim.inject_mo("+13125550150", text, received_at=f"2024-06-01T12:0{minute}:59Z")
    got = pull(http, auth, startUTCTime="202406011201", endUTCTime="202406011202")
    assert [m["contentText"] for m in got["sapnotification"]] == ["at 12:01"]
    got = pull(http, auth, startUTCTime="202406011200", endUTCTime="202406011203")
    assert len(got["sapnotification"]) == 3
    empty = pull(http, auth, startUTCTime="202406011202", endUTCTime="202406011202")
    assert empty == {"pageCount": 0, "pageIndex": 1, "sapnotification": []}


def test_keyword_is_a_case_insensitive_substring(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    sim.inject_mo("+13125550151", "please STOP texting")
    sim.inject_mo("+13125550152", "Stop")
    sim.inject_mo("+13125550153", "carry on")
    got = pull(http, auth, keyword="stop")["sapnotification"]
    assert [m["contentText"] for m in got] == ["please STOP texting", "Stop"]
    assert got[0]["parameters"]["keyword"] == "stop"


def test_mos_older_than_72_hours_are_gone(
    sim: LiveLinkSimulator, http: httpx.Client, clock: FakeClock
) -> None:
    sim.configure(accessTokenTtlMs=100 * 3600 * 1000)
    auth = {"Authorization": f"Bearer {get_token(http)['access_token']}"}
    sim.inject_mo("+13125550154", "three days ago")
    clock.advance(72 * 3600 - 60)
    wide = {"startUTCTime": "202405300000", "endUTCTime": "202406100000"}
    assert len(pull(http, auth, **wide)["sapnotification"]) == 1
    clock.advance(61)
    assert pull(http, auth, **wide)["sapnotification"] == []


def test_bad_windows_are_400(http: httpx.Client, auth: dict) -> None:
    for bad in (
        {"startUTCTime": "202413011200"},
        {"startUTCTime": "-1"},
        {"endUTCTime": "soon"},
        {"pageIndex": "0"},
        {"pageIndex": "x"},
    ):
        params = {**window(), **bad}
        assert_error(http.get("/api/v2/sms/mo", headers=auth, params=params), 400)


def test_a_fresh_demo_has_conversations(demo_http: httpx.Client, demo_auth: dict) -> None:
    got = pull(demo_http, demo_auth, startUTCTime=utc(NOW - timedelta(hours=9)))
    assert got["pageCount"] >= 1 and len(got["sapnotification"]) >= 10
    senders = {m["sender"] for m in got["sapnotification"]}
    assert all(s.startswith("tel:+1312555") for s in senders)
