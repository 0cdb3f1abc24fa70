"""Freed memory goes back to the system after a refresh (glibc's `malloc_trim`)."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from bot.answers import heap

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's, and /proc/self/status Linux's")
def test_trim_returns_the_free_holes_between_live_blocks() -> None:
    """40 MB of blocks freed but for every eighth: glibc keeps the holes until the trim returns them."""
    blocks = [bytes(4000) + bytes([i % 256]) for i in range(10_000)]
    before = _resident_mb()
    kept = blocks[::8]
    del blocks
    freed = _resident_mb()
    assert heap.trim()
    trimmed = _resident_mb()
    assert freed - trimmed > 20, (before, freed, trimmed)
    assert len(kept) == 1250
