"""A listener can leave: connect returns the disconnect."""

from __future__ import annotations

from inbox_app.core.hooks import Hook


def test_connect_emit_disconnect() -> None:
    hook: Hook[int] = Hook()
    heard: list[tuple[str, int]] = []
    leave_a = hook.connect(lambda v: heard.append(("a", v)))
    hook.connect(lambda v: heard.append(("b", v)))
    hook.emit(1)
    leave_a()
    leave_a()  # leaving twice is harmless
    hook.emit(2)
    assert heard == [("a", 1), ("b", 1), ("b", 2)]
    assert len(hook) == 1


def test_a_listener_may_leave_while_being_called() -> None:
    hook: Hook[str] = Hook()
    heard: list[str] = []
    leave: list[object] = []

    def once(value: str) -> None:
        heard.append(value)
        leave[0]()  # type: ignore[operator]

    leave.append(hook.connect(once))
    hook.connect(heard.append)
    hook.emit("x")
    hook.emit("y")
    assert heard == ["x", "x", "y"]
