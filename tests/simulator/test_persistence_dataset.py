"""Persistence across restarts, the demo dataset's determinism and size, JSON datasets."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.dataset import DatasetError, demo_dataset, empty_dataset, resolve_dataset

from .helpers import AGENT1, FIXED_NOW_MS, assert_consistent, login


def test_state_survives_stop_and_start(tmp_path: Path) -> None:
    db = str(tmp_path / "world.sqlite")
    with (
        EmbeddedSimulator(db_path=db, now_ms=FIXED_NOW_MS) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        h = login(http, sim)
        r = http.post(
            "/sms/agent/message/send",
            headers=h,
            json={"fromNumber": "18005550142", "toNumber": "4155550133", "message": "remember me"},
        )
        txn = r.json()["id"]
        before = sim.state()
    with (
        EmbeddedSimulator(db_path=db, now_ms=FIXED_NOW_MS) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        after = sim.state()
        assert after["threads"] == before["threads"] and after["messages"] == before["messages"]
        assert [m["id"] for m in after["sent"]] == [txn]
        h = login(http, sim)
        thread_id = after["sent"][0]["threadId"]
        history = http.get("/sms/agent/messages", headers=h, params={"threadId": thread_id}).json()
        assert history[0]["message"] == "remember me"
        # New ids keep increasing after a restart.
        r = http.post(
            "/sms/agent/message/send",
            headers=h,
            json={"fromNumber": "18005550142", "toNumber": "4155550133", "message": "again"},
        )
        assert int(r.json()["id"]) > int(txn)
        assert_consistent(http, h, AGENT1)


def test_demo_is_deterministic() -> None:
    assert demo_dataset(5, FIXED_NOW_MS) == demo_dataset(5, FIXED_NOW_MS)
    assert demo_dataset(5, FIXED_NOW_MS) != demo_dataset(6, FIXED_NOW_MS)


def test_demo_size_and_cast() -> None:
    data = demo_dataset(now_ms=FIXED_NOW_MS)
    logins = {a["login"] for a in data["agents"]}
    assert {f"agent{i}" for i in range(1, 9)} <= logins and "supervisor" in logins
    assert data["clientCode"] == "DEMO" and data["accessToken"] == "demo-token"
    assert all(a["password"] == "demo" for a in data["agents"])
    assert 55 <= len(data["customers"]) <= 70
    assert all(c["phone"][4:9] == "55501" and len(c["phone"]) == 11 for c in data["customers"])
    assert 250 <= len(data["threads"]) <= 450
    messages = [m for t in data["threads"] for m in t["messages"]]
    assert 2000 <= len(messages) <= 5000
    assert {t["channel"] for t in data["threads"]} == {
        "SMS",
        "Email",
        "Chat",
        "Voicemail",
        "Messaging",
    }
    assert any(m["text"] == "STOP" for m in messages)
    assert max(m["date"] for m in messages) <= FIXED_NOW_MS
    assert min(m["date"] for m in messages) >= FIXED_NOW_MS - 30 * 86_400_000
    statuses = {a["status"] for a in data["agents"]}
    assert {"READY", "NOTREADY"} <= statuses and len(statuses) >= 4
    assert {tc["name"] for tc in data["termCodes"]} >= {
        "Payment arranged",
        "Resolved - info given",
        "Wrong number",
        "Do not contact",
    }


def test_empty_dataset(tmp_path: Path) -> None:
    with EmbeddedSimulator(dataset="empty") as sim, httpx.Client(base_url=sim.base_url) as http:
        h = login(http, sim)
        channels = http.get("/sms/agent/channel", headers=h).json()
        assert channels and all(c["totalCount"] == 0 for c in channels)
        assert sim.state()["messages"] == 0


def test_json_dataset_file_round_trip(tmp_path: Path) -> None:
    data = empty_dataset()
    data["customers"] = [
        {"account": "77", "firstName": "Ada", "lastName": "Byron", "phone": "12025550100"}
    ]
    data["threads"] = [
        {
            "channel": "SMS",
            "serviceId": "94881",
            "owner": AGENT1,
            "account": "77",
            "phone": "12025550100",
            "smsCode": "18005550142",
            "messages": [{"direction": 1, "text": "Hello?", "minutesAgo": 5}],
        }
    ]
    path = tmp_path / "world.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with EmbeddedSimulator(dataset=str(path)) as sim, httpx.Client(base_url=sim.base_url) as http:
        h = login(http, sim)
        threads = http.get(
            "/sms/agent/thread/details", headers=h, params={"channelId": AGENT1, "channel": "SMS"}
        ).json()
        assert len(threads) == 1 and threads[0]["contactInfo"]["firstName"] == "Ada"
        assert threads[0]["read"] is False


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{", "not valid JSON"),
        ("[]", "top level"),
        ('{"services": [], "agents": []}', "services"),
    ],
)
def test_bad_dataset_files(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=needle):
        resolve_dataset(str(path))
    with pytest.raises(DatasetError, match="neither"):
        resolve_dataset(str(tmp_path / "missing.json"))


def test_dataset_thread_with_unknown_owner_is_rejected(tmp_path: Path) -> None:
    data = empty_dataset()
    data["threads"] = [
        {
            "serviceId": "94881",
            "owner": "1",
            "phone": "1",
            "messages": [{"direction": 1, "text": "x", "date": 1}],
        }
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"threads\[0\]\.owner"):
        resolve_dataset(str(path))
