"""``python -m inbox_app.simulator --platform livelink``: the first line names the URL, the
server answers there, and it stops cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx


def test_banner_first_line_names_the_url_and_the_server_answers() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "inbox_app.simulator", "--platform", "livelink", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(
            r"Live Link 365 simulator listening on (http://127\.0\.0\.1:\d+)\n", first
        )
        assert match, first
        rest = [proc.stdout.readline() for _ in range(3)]
        assert "demo-key" in "".join(rest) and "demo-secret" in "".join(rest)
        with httpx.Client(base_url=match.group(1), timeout=10) as http:
            token = http.post(
                "/api/oauth/token",
                auth=("demo-key", "demo-secret"),
                data={"grant_type": "client_credentials"},
            )
            assert token.status_code == 200, token.text
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert "Traceback" not in err and "Traceback" not in out
    assert token.json()["access_token"] not in err + out


def test_a_bad_fault_spec_is_refused() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "inbox_app.simulator", "--platform", "livelink", "--faults", "x=1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2 and "unknown fault 'x'" in proc.stderr
