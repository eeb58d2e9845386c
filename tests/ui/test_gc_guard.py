"""The GC guard keeps cyclic collection on the GUI thread and gives it back afterwards."""

import gc

from inbox_app.ui.gc_guard import MainThreadCollector


def test_collection_is_off_while_guarded_and_restored_after() -> None:
    outer = gc.isenabled()  # the autouse guard of the UI tests is already active
    collector = MainThreadCollector(interval_ms=50)
    assert not gc.isenabled()

    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    del a, b
    assert collector.tick() >= 2  # the timer's young collection frees it, on this thread
    collector.freeze()
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() is outer
