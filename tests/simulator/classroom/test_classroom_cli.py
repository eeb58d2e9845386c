"""``inbox-sim --classroom N --scenario NAME`` from a shell: the banner tells the trainer what
the room needs, every trainee can sign in, each has their copies, and Ctrl+C stops it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx
import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_classroom_from_the_command_line() -> None:
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "inbox_app.simulator", "--port", "0"),
            *("--classroom", "3", "--scenario", "es/opt-out"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert proc.stdout is not None
    banner: list[str] = []
    try:
        while not banner or "Ctrl+C" not in banner[-1]:
            line = proc.stdout.readline()
            assert line, "the simulator stopped before its banner ended"
            banner.append(line)
        text = "".join(banner)
        url = re.search(r"listening on (http://\S+)", text).group(1)  # type: ignore[union-attr]
        assert "scenario: Baja de mensajes (es, 2 customers" in text
        assert "trainee1 .. trainee3, password demo, client code DEMO" in text
        assert f"inbox-app --server {url}" in text
        assert f"inbox-sim console {url}" in text and "agent1 .. agent8" not in text
        with httpx.Client(base_url=url, timeout=10) as http:
            for k in (1, 2, 3):
                r = http.post(
                    "/session/login",
                    headers={"LV-Access": "demo-token"},
                    json={"clientName": "DEMO", "userName": f"trainee{k}", "password": "demo"}
                    | {"agent": True},
                )
                assert r.status_code == 200, r.text
                r = http.get(
                    "/sms/agent/thread/details",
                    headers={"LV-Session": r.json()["sessionId"]},
                    params={"channelId": str(810000 + k), "channel": "SMS", "personal": "true"},
                )
                assert sorted(t["details"] for t in r.json()) == [
                    "¿Esto es sobre mi cuenta?",
                    "¿Por qué me escriben?",
                ]
            view = http.get("/_sim/class").json()
            assert view["trainees"] == ["trainee1", "trainee2", "trainee3"]
            assert len(view["customers"]) == 6
            assert {c["state"] for c in view["customers"]} == {"waiting"}
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_a_scenario_beside_the_demo_from_the_command_line() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "inbox_app.simulator", "--port", "0", "--scenario", "wrong-number"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert proc.stdout is not None
    banner = ""
    try:
        while "Ctrl+C" not in banner:
            line = proc.stdout.readline()
            assert line, "the simulator stopped before its banner ended"
            banner += line
        url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
        assert "the customers write to the group inbox (94881)" in banner
        assert "agent1 .. agent8" in banner  # the demo's people are all there
        with httpx.Client(base_url=url, timeout=10) as http:
            r = http.post(
                "/session/login",
                headers={"LV-Access": "demo-token"},
                json={"clientName": "DEMO", "userName": "agent5", "password": "demo"}
                | {"agent": True},
            )
            r = http.get(
                "/sms/agent/thread/details",
                headers={"LV-Session": r.json()["sessionId"]},
                params={"channelId": "94881", "channel": "SMS", "personal": "false"},
            )
            assert r.json()[0]["details"].startswith("Who is this?")  # the newest thread
            assert [c["run"] for c in http.get("/_sim/class").json()["customers"]] == ["group.1"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
