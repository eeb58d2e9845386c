"""``python -m inbox_app.simulator``: prints its URL, serves, stops cleanly on Ctrl+C, and
never logs a session id, the access token or a password."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import httpx
import pytest


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "inbox_app.simulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert proc.stdout is not None
    for _ in range(20):
        line = proc.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return proc, match.group(1)
    proc.kill()
    proc.communicate()
    raise AssertionError("the simulator did not print its URL")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_cli_serves_and_stops_cleanly_without_secrets_in_logs() -> None:
    proc, url = _start("--dataset", "empty", "--log-level", "debug", "--access-log")
    try:
        with httpx.Client(base_url=url) as http:
            r = http.post(
                "/session/v5.0/login",
                headers={"LV-Access": "demo-token"},
                json={
                    "clientName": "DEMO",
                    "userName": "agent1",
                    "password": "demo",
                    "agent": True,
                },
            )
            sid = r.json()["sessionId"]
            assert http.get(f"/session/validate/{sid}").status_code == 204
            assert http.get("/sms/codes", headers={"LV-Session": sid}).status_code == 200
            assert http.get("/sms/codes", headers={"LV-Session": "bogus"}).status_code == 401
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert "stopped" in out
    assert "validate/[redacted]" in err  # the access log was on, and masked
    for secret in (sid, "demo-token", '"demo"'):
        assert secret not in err


def test_cli_rejects_a_bad_fault_spec() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "inbox_app.simulator", "--faults", "boom=1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "unknown fault 'boom'" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_exports_the_demo_dataset() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "inbox_app.simulator", "--export-dataset", "-", "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["clientCode"] == "DEMO" and len(data["threads"]) > 200
