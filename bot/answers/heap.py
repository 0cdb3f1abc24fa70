"""Handing freed memory back to the operating system after a refresh.

Loading or rebuilding the names and race book allocates and frees tens of MB of temporaries (the
unpickler's memo, query rows, per-season lists). glibc keeps freed blocks in the process for reuse, so
without a trim the process stays at its loading peak for good; `malloc_trim` returns what is free.

Only then, not while serving: a trim holds the heap's lock while it walks every free block (a quarter
of a second on a busy bot's heap, measured), and every allocation of the event loop waits for it.
"""

from __future__ import annotations

import ctypes
from functools import cache


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
