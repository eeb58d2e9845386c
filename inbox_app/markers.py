"""Lines the app prints for tools that time it (benchmarks/startup.py waits for these)."""

STARTUP_MARKER = "inbox-app: first inbox painted"
