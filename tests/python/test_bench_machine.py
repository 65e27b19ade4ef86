"""The benchmark's probe of how fast the machine hands out fresh memory."""

from __future__ import annotations

from bench.machine import MemoryTouch, memory_touch, memory_touch_line


def test_memory_touch_times_both_fills_in_a_child_process() -> None:
    touch = memory_touch(64 << 20)
    assert touch.size_bytes == 64 << 20
    assert touch.first_seconds > 0
    assert touch.again_seconds > 0
    assert touch.slowdown == touch.first_seconds / touch.again_seconds


def test_memory_touch_line_gives_size_figures_and_reporting() -> None:
    line = memory_touch_line(MemoryTouch(2 << 30, 4.6, 0.25, True))
    assert "filling 2 GiB took 4.60 s the first time and 0.25 s again" in line
    assert "(18.4x; free page reporting to a host: on)" in line
    assert "filling 64 MiB" in memory_touch_line(MemoryTouch(64 << 20, 0.1, 0.1, False))
    assert "reporting to a host: off" in memory_touch_line(MemoryTouch(64 << 20, 0.1, 0.1, False))
