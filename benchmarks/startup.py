"""Start-up: process start to "first inbox painted" and to the live inbox, against a bare
PySide6 window.

All are timed the same way, in the same run: from ``Popen`` until the child prints its
marker line once the paint is done (the bare window reports in the loop turn after its
list's paint event; the app's kept first screen when ``wait_until_painted`` returns, after the
events that painted it; the live window when its thread list painted after ``sig_ready``:
signed in, the first inbox and its first thread loaded, actions enabled). The bare window is
a QMainWindow with a 30-row list (the least a Qt app can show). The app is
``inbox-app --demo`` — its servers start in their own process, and it signs in, because
that is what a newcomer runs:

- second start (a profile that ran before: the kept first screen, warm disk caches);
- first start (a new profile) against the demo made a server 100 ms away
  (``--demo-faults latency=100``: every request takes 100 ms more), as a real tenant is.

Each is run ``--repeats`` times, interleaved with the bare window; medians are reported.

    python benchmarks/startup.py --repeats 5 --json startup.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
rows = QListWidget()
rows.addItems([f"Conversation {i}" for i in range(30)])
window.setCentralWidget(rows)
window.resize(1100, 720)

def painted():
    print("bare: first paint", flush=True)
    app.quit()

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)  # once the paint is done, as the app reports it
        return False

watch = Painted()
rows.viewport().installEventFilter(watch)
window.show()
app.exec()
"""

# The floor under the live inbox: only importing what it runs (Qt, the window's and core's
# modules, httpx, pydantic, the LiveVox client), no window, no server, no network.
IMPORTS = r"""
import PySide6.QtWidgets
import inbox_app.app, inbox_app.ui.main_window, inbox_app.core.platforms.livevox
print("imports: done", flush=True)
"""

MARKERS = {
    "bare": "bare: first paint",
    "app": "inbox-app: first inbox painted",
    "imports": "imports: done",
}
LIVE_MARKER = "inbox-app: live inbox painted"  # the live window took the kept screen's place


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The app's profile (settings, local store, logs) lives in a scratch home.
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_STATE_HOME"] = str(home / "state")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    return env


FAR = "latency=100"  # the demo as a server 100 ms away


def time_once(
    which: str, home: Path, timeout: float = 60.0, *, live: bool = False, faults: str = ""
) -> float:
    """Seconds from ``Popen`` to the first paint (``live``: to the live window's paint)."""
    marker = LIVE_MARKER if live else MARKERS[which]
    if which == "bare":
        argv = [sys.executable, "-c", BARE]
    elif which == "imports":
        argv = [sys.executable, "-c", IMPORTS]
    else:
        argv = [
            sys.executable,
            "-m",
            "inbox_app",
            "--demo",
            "--startup-probe",
            "--profile",
            "bench",
        ]
        if faults:
            argv += ["--demo-faults", faults]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if marker in line:
                return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                break
        raise RuntimeError(f"startup: {which} never reported {marker!r}")
    finally:
        # Asked to quit as a desktop logout does: the app stops its demo servers and waits
        # for them, so nothing of this run is still working during the next one.
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def measure(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="inbox-startup-") as tmp:
        home = Path(tmp)
        time_once("app", home)  # warm the disk cache and create the profile (a second start)
        time_once("bare", home)
        bare, app, live, far, imports = [], [], [], [], []
        for run in range(repeats):  # interleaved: a noisy neighbour hurts all alike
            bare.append(time_once("bare", home))
            imports.append(time_once("imports", home))
            app.append(time_once("app", home))
            live.append(time_once("app", home, live=True))
            first = home / f"first-{run}"  # a profile never used: a first start
            far.append(time_once("app", first, live=True, faults=FAR))
    startup_bare_s = statistics.median(bare)
    startup_s = statistics.median(app)
    live_s, far_s = statistics.median(live), statistics.median(far)
    return {
        "startup_s": round(startup_s, 3),
        "startup_bare_s": round(startup_bare_s, 3),
        "startup_ratio": round(startup_s / startup_bare_s, 2),
        "startup_runs": repeats,
        "startup_live_s": round(live_s, 3),
        "startup_live_ratio": round(live_s / startup_bare_s, 2),
        "startup_far_live_s": round(far_s, 3),
        "startup_far_ratio": round(far_s / startup_bare_s, 2),
        "startup_imports_s": round(statistics.median(imports), 3),
        "startup_imports_ratio": round(statistics.median(imports) / startup_bare_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    result = measure(args.repeats)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"startup: app_s={result['startup_s']} bare_s={result['startup_bare_s']} "
        f"ratio={result['startup_ratio']} live_s={result['startup_live_s']} "
        f"live_ratio={result['startup_live_ratio']} far_live_s={result['startup_far_live_s']} "
        f"far_ratio={result['startup_far_ratio']} imports_s={result['startup_imports_s']} "
        f"imports_ratio={result['startup_imports_ratio']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
