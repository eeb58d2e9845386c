"""The trainer's console against a real classroom over HTTP: its commands reach the customers
(say now, opt out, go quiet) and its rendered view shows each trainee's customers, the
unanswered ones and how long they have waited (on the test's clock)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from inbox_app.simulator.admin_client import ClassAdmin
from inbox_app.simulator.class_server import EmbeddedClass
from inbox_app.simulator.console import TrainerConsole, render_text
from inbox_app.simulator.scenario import resolve_scenario_path
from inbox_app.simulator.trainer_cli import main

from .helpers import FakeClock, customer, history, login, send


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(clock: FakeClock) -> Iterator[EmbeddedClass]:
    with EmbeddedClass(
        resolve_scenario_path("payment-arrangement"), classroom=2, clock=clock
    ) as sim:
        yield sim


@pytest.fixture
def http(room: EmbeddedClass) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room.base_url, timeout=10) as client:
        yield client


def _texts(http: httpx.Client, headers: dict[str, str], run: str) -> list[str]:
    return [m["message"] for m in history(http, headers, customer(http, run)["threadId"])]


def test_commands_reach_the_customers(
    room: EmbeddedClass, http: httpx.Client, clock: FakeClock
) -> None:
    console = TrainerConsole(ClassAdmin(room.base_url))
    trainee2 = login(http, "trainee2")

    assert console.execute("say 2.1 Are you still there?") == (
        "trainee2.1 said: Are you still there?"
    )
    assert _texts(http, trainee2, "trainee2.1")[-1] == "Are you still there?"

    assert console.execute("optout trainee2.2") == "trainee2.2 opted out"
    assert _texts(http, trainee2, "trainee2.2")[-1] == "STOP"
    assert customer(http, "trainee2.2")["state"] == "opted_out"
    assert customer(http, "trainee2.2")["waitingS"] is None  # nobody should answer a STOP
    assert console.execute("say 2.2 hi").startswith("refused: trainee2.2 has opted out")

    # Quiet: the customer answers nothing more, even a message their script would answer.
    assert console.execute("quiet 1.1") == "trainee1.1 has gone quiet"
    trainee1 = login(http, "trainee1")
    one = customer(http, "trainee1.1")
    send(http, trainee1, one["threadId"], one["number"], "Let's set up a payment plan")
    # (the journal has the send as soon as the send has its answer)
    events = http.get("/_sim/class/events").json()["events"]
    assert [e["kind"] for e in events if e.get("run") == "trainee1.1"][-2:] == ["quiet", "sent"]
    assert customer(http, "trainee1.1")["pending"] == []
    assert customer(http, "trainee1.1")["state"] == "quiet"

    assert console.execute("quiet 9.9").startswith("refused: No scripted customer 'trainee9.9'")
    assert console.execute("dance").startswith("unknown command 'dance'")
    assert console.execute("say 1.2").startswith("say needs a text")


def test_the_view_shows_trainees_unanswered_and_waiting_times(
    room: EmbeddedClass, http: httpx.Client, clock: FakeClock
) -> None:
    clock.advance(75)
    trainee1 = login(http, "trainee1")
    dana = customer(http, "trainee1.1")
    send(http, trainee1, dana["threadId"], dana["number"], "We can set up a payment plan")

    text = render_text(ClassAdmin(room.base_url).view(), width=140)
    lines = text.splitlines()
    assert (
        "Payment arrangement  ·  2 trainees, 4 customers, 3 unanswered, longest wait 1:15"
        in (lines[0])
    )
    row = lambda run: next(line for line in lines if f" {run} " in line)  # noqa: E731
    assert "Dana Fox" in row("trainee1.1") and "answered" in row("trainee1.1")
    assert "in 2s: Can I pay $50 a month?" in row("trainee1.1")
    for run in ("trainee1.2", "trainee2.1", "trainee2.2"):
        assert "waiting" in row(run) and "1:15" in row(run), row(run)
    assert "Luis Ortega" in row("trainee2.2")
    # The trainee's name heads their rows once.
    assert sum(1 for line in lines if line.lstrip("│ ").startswith("trainee1 ")) == 1


def test_console_once_from_the_command_line(
    room: EmbeddedClass, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["console", room.base_url, "--once", "--width", "140"]) == 0
    out = capsys.readouterr().out
    assert "4 unanswered" in out and "Luis Ortega" in out


def test_console_says_when_there_is_no_class(capsys: pytest.CaptureFixture[str]) -> None:
    from inbox_app.simulator import EmbeddedSimulator

    with EmbeddedSimulator(dataset="empty") as plain:
        assert main(["console", plain.base_url, "--once"]) == 1
    assert "not running a scenario" in capsys.readouterr().err
