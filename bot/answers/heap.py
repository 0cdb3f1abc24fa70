"""Handing freed memory back to the operating system after a refresh.

Loading or rebuilding the names and race book allocates and frees tens of MB of temporaries (the
unpickler's memo, query rows, per-season lists), and serving frees tens of MB a minute (answers, pages,
pictures, payloads). glibc keeps freed blocks in the process for reuse, scattered among live ones, so
without a trim the process stays at its highest for good; `malloc_trim` returns what is free.
"""

from __future__ import annotations

import asyncio
import ctypes
from functools import cache

# Seconds between trims while serving (each a few ms, in a worker thread).
TRIM_EVERY_S = 10.0


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library the interpreter runs on, if it is one with `malloc_trim`."""
    try:
        libc = ctypes.CDLL(None)  # the symbols already loaded: the interpreter's own C library
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def trim() -> bool:
    """Return the free heap to the system; False where the C library has no `malloc_trim` (not glibc)."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


async def trim_every(seconds: float = TRIM_EVERY_S) -> None:
    """Trim every `seconds` until cancelled, in a worker thread: the C call releases the GIL, so the
    event loop answers on while glibc hands pages back."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(trim)
