"""The demo's servers in their own process (``inbox-app --demo`` starts them before Qt): they
serve every platform's demo, stop when asked, stop when the app dies, and say so when they
cannot start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import httpx
import pytest

from inbox_app.demo import DemoFailed, DemoProcess
from tests.waiting import wait_until


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie is gone for our purpose (its parent has not reaped it yet).
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1].startswith("Z")


def _refused(url: str) -> bool:
    try:
        httpx.get(url + "/_sim/state", timeout=2)
    except httpx.TransportError:
        return True
    return False


@pytest.mark.parametrize("platform", ["livevox", "livelink", "imiconnect", "iliveit"])
def test_each_demo_serves_then_stops(platform: str) -> None:
    demo = DemoProcess.spawn(platform)
    try:
        facts = demo.facts()
        assert facts.platform == platform
        assert facts.server.startswith("http://127.0.0.1:")
        state = httpx.get(facts.server + "/_sim/state", timeout=10)
        assert state.status_code == 200
        if platform in ("imiconnect", "iliveit"):
            assert facts.relay.startswith("http://127.0.0.1:")
            assert [agent for agent, _ in facts.agent_tokens] == ["agent1", "agent2", "agent3"]
            assert facts.token_of("agent2")
        assert demo.facts() is facts  # asked twice: the same servers
    finally:
        demo.stop()
    assert not demo.running
    assert _refused(facts.server)
    demo.stop()  # twice is harmless


def test_livevox_demo_signs_in_over_http() -> None:
    demo = DemoProcess.spawn("livevox")
    try:
        facts = demo.facts()
        login = httpx.post(
            facts.server + "/session/v6.0/login",
            json={
                "clientName": facts.client_code,
                "userName": facts.user,
                "password": facts.password,
                "agent": True,
            },
            headers={"LV-Access": facts.access_token},
            timeout=10,
        )
        assert login.status_code == 200
        assert login.json()["sessionId"]
    finally:
        demo.stop()


def test_servers_stop_when_the_app_is_killed() -> None:
    """SIGKILL leaves no Quit to run: the child sees its input close and stops."""
    app = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from inbox_app.demo import DemoProcess
                demo = DemoProcess.spawn("livevox")
                facts = demo.facts()
                print(demo._process.pid, facts.server, flush=True)
                time.sleep(600)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    pid_text, server = app.stdout.readline().split()
    child = int(pid_text)
    assert not _refused(server)
    app.send_signal(signal.SIGKILL)
    app.wait()
    app.stdout.close()
    wait_until(lambda: _gone(child), what="the demo's servers to stop after the app died")
    assert _refused(server)


def test_servers_that_cannot_start_say_so() -> None:
    demo = DemoProcess.spawn("no-such-platform")  # refused by the command line: exit 2
    with pytest.raises(DemoFailed, match="exit status 2"):
        demo.facts()
    demo.stop()


def test_faults_slow_the_demo_on_purpose() -> None:
    """``--demo-faults latency=100``: the demo as a server 100 ms away (benchmarks, classes)."""
    demo = DemoProcess.spawn("livevox", "latency=100")
    try:
        facts = demo.facts()
        faults = httpx.get(facts.server + "/_sim/faults", timeout=10).json()
        assert faults["spec"] == "latency=100"
    finally:
        demo.stop()


def test_a_bad_fault_spec_is_refused() -> None:
    demo = DemoProcess.spawn("livevox", "latency=soon")
    with pytest.raises(DemoFailed, match="exit status 2"):
        demo.facts()
    demo.stop()
