"""The debrief of a scripted session over HTTP: two trainees answer, transfer, resolve (one
with the expected term code, one not), text after an opt-out and at night; the report's
figures (CSV and page) are checked against that session and against the journal's events."""

from __future__ import annotations

import csv
import html
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from inbox_app.simulator.admin_client import ClassAdmin
from inbox_app.simulator.class_server import EmbeddedClass
from inbox_app.simulator.debrief import build_debrief, segments
from inbox_app.simulator.scenario import resolve_scenario_path
from inbox_app.simulator.slips import RULES
from inbox_app.simulator.trainer_cli import main

from .helpers import FakeClock, customer, login, send, wait_for

NIGHT = 1_764_666_000.0  # 2026-12-02 09:00 UTC: 03:00 in Chicago (area code 773)
LONG = "Here is what we can do for you today. " * 5  # 190 GSM-7 characters: 2 segments
SMILE = "Hi Luis 😀 let's look at your balance together"  # an emoji: UCS-2, 1 segment


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(clock: FakeClock) -> Iterator[EmbeddedClass]:
    with EmbeddedClass(
        resolve_scenario_path("payment-arrangement"), classroom=2, clock=clock
    ) as sim:
        yield sim


def _session(room: EmbeddedClass, clock: FakeClock) -> None:
    """The class as the test plays it (times relative to the openers at t0)."""
    with httpx.Client(base_url=room.base_url, timeout=10) as http:
        one, two = login(http, "trainee1"), login(http, "trainee2")
        dana1, luis1 = customer(http, "trainee1.1"), customer(http, "trainee1.2")
        dana2, luis2 = customer(http, "trainee2.1"), customer(http, "trainee2.2")
        clock.advance(30)  # t0+30: trainee1 answers Dana
        send(http, one, dana1["threadId"], dana1["number"], "We can set up a payment plan")
        clock.advance(2)
        wait_for(lambda: customer(http, "trainee1.1")["replies"] == 1, "Dana's answer")
        clock.advance(10)  # t0+42
        send(http, one, dana1["threadId"], dana1["number"], LONG)
        r = http.post(
            "/sms/agent/thread/resolve",
            headers=one,
            json={"threadId": dana1["threadId"], "account": "A-1001-T1"}
            | {"agentEnteredAccount": "A-1001-T1", "termCodeId": 101, "paymentAmt": 50.0},
        )
        assert r.status_code == 204, r.text
        r = http.get(
            "/sms/agent/thread/transfer",
            headers=one,
            params={"threadId": luis1["threadId"], "agentId": "810002", "type": "SMS"},
        )
        assert r.status_code == 200, r.text
        send(http, two, luis1["threadId"], luis1["number"], SMILE)  # trainee2, t0+42
        clock.advance(18)  # t0+60: the trainer makes trainee2's Dana opt out
        ClassAdmin(room.base_url).opt_out("trainee2.1")
        clock.advance(1)
        send(http, two, dana2["threadId"], dana2["number"], "Sorry to bother you")  # slip
        r = http.post(
            "/sms/agent/thread/resolve",
            headers=two,
            json={"threadId": dana2["threadId"], "account": "A-1001-T2"}
            | {"agentEnteredAccount": "A-1001-T2", "termCodeId": 103},
        )
        assert r.status_code == 204, r.text
        clock.now = NIGHT  # (sessions have expired overnight)
        two = login(http, "trainee2")
        send(http, two, luis2["threadId"], luis2["number"], "Hello Luis")  # a slip: 3 a.m.


def test_the_report_matches_the_session_and_the_events(
    room: EmbeddedClass, clock: FakeClock, tmp_path: Path
) -> None:
    t0 = clock.now
    _session(room, clock)
    out, table = tmp_path / "debrief.html", tmp_path / "debrief.csv"
    assert main(["report", room.base_url, "--out", str(out), "--csv", str(table)]) == 0

    with table.open(encoding="utf-8", newline="") as fh:
        rows = {r["customer_run"]: r for r in csv.DictReader(fh)}
    assert {r: (rows[r]["trainee"], rows[r]["first_responder"]) for r in rows} == {
        "trainee1.1": ("trainee1", "trainee1"),
        "trainee1.2": ("trainee1", "trainee2"),  # trainee1's customer, answered after transfer
        "trainee2.1": ("trainee2", "trainee2"),
        "trainee2.2": ("trainee2", "trainee2"),
    }
    first = {r: rows[r]["first_response_s"] for r in rows}
    assert first == {
        "trainee1.1": "30",
        "trainee1.2": "42",
        "trainee2.1": "61",
        "trainee2.2": f"{NIGHT - t0:g}",
    }
    assert (rows["trainee1.1"]["messages"], rows["trainee1.1"]["segments"]) == ("2", "3")
    assert (rows["trainee1.2"]["messages"], rows["trainee1.2"]["segments"]) == ("1", "1")
    assert rows["trainee1.2"]["transfers"] == "trainee1 → trainee2"
    assert [rows[r]["term_verdict"] for r in sorted(rows)] == ["right", "open", "wrong", "open"]
    assert (rows["trainee2.1"]["term_code"], rows["trainee2.1"]["expected_term_code"]) == (
        "103",
        "101",
    )
    assert rows["trainee2.1"]["slips_after_opt_out"] == "1"
    assert rows["trainee2.2"]["slips_at_night"] == "1"
    assert sum(int(r["slips_after_opt_out"]) + int(r["slips_at_night"]) for r in rows.values()) == 2

    # The same figures, recomputed here from the journal's raw events.
    journal = ClassAdmin(room.base_url).events()
    events = journal["events"]
    opened = {e["run"]: e["at"] for e in events if e["kind"] == "opened"}
    sent = [e for e in events if e["kind"] == "sent"]
    for run, row in rows.items():
        mine = [e for e in sent if e["run"] == run]
        assert float(row["first_response_s"]) == (mine[0]["at"] - opened[run]) / 1000
        assert int(row["messages"]) == len(mine)
        assert int(row["segments"]) == sum(segments(e["text"]) for e in mine)
    debrief = build_debrief(journal)
    per = {t.login: t for t in debrief.trainees}
    for who, t in per.items():
        theirs = [e for e in sent if e["agent"] == who]
        assert t.messages == len(theirs)
        assert t.segments == sum(segments(e["text"]) for e in theirs)
        assert t.resolves == sum(1 for e in events if e["kind"] == "resolve" and e["agent"] == who)
        night = [e for e in theirs if RULES.is_night(_number(journal, e["run"]), e["at"])]
        assert len([s for s in t.slips if s.kind == "at night"]) == len(night)
    assert (per["trainee1"].messages, per["trainee1"].segments) == (2, 3)
    assert (per["trainee2"].messages, per["trainee2"].segments) == (3, 3)
    assert (per["trainee1"].transfers, per["trainee2"].transfers) == (1, 0)
    assert (per["trainee1"].right_terms, per["trainee2"].wrong_terms) == (1, 1)
    assert [s.kind for s in per["trainee2"].slips] == ["after opt-out", "at night"]
    assert per["trainee1"].slips == []

    page = out.read_text(encoding="utf-8")
    words = html.unescape(page)
    assert page.count("<svg") == 4 and "<script" not in page
    assert "src=" not in page and "href=" not in page  # nothing fetched: projectable offline
    assert "Debrief: Payment arrangement" in words
    assert "2 messages (3 segments), 1 transfers, 1 resolves (1 with the expected term code)" in (
        page
    )
    assert "after opt-out" in words and "at night" in words
    assert "101 Payment arranged" in words and "103 Wrong number" in words
    assert "will follow the app's shared compliance rule table" in words


def _number(journal: dict, run: str) -> str:
    return journal["scenario"]["runs"][run]["number"]


def test_segments_follow_the_gsm_and_ucs2_rules() -> None:
    assert segments("") == 0
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2  # extension: 2 septets each
    assert segments("😀" * 35) == 1 and segments("😀" * 36) == 2  # 2 UTF-16 units each
    assert segments("ñ" * 160) == 1  # in the GSM basic set


def test_report_of_a_server_without_a_class(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from inbox_app.simulator import EmbeddedSimulator

    with EmbeddedSimulator(dataset="empty") as plain:
        assert main(["report", plain.base_url, "--out", str(tmp_path / "x.html")]) == 1
    assert "not running a scenario" in capsys.readouterr().err
