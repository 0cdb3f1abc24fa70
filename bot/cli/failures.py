"""What an operator sees when a command fails: a line or two saying what is wrong and what to do.

Never a traceback (`racebot --debug ...` or LOG_LEVEL=DEBUG shows one); the exit status says it failed.
"""

from __future__ import annotations

import errno

import aiohttp
from sqlalchemy.exc import DBAPIError

from bot.config import ConfigError
from db.store import StoreUnavailable
from db.store.locking import IMPORT_WAIT_S, is_locked

DEBUG_HINT = "run again with racebot --debug ... to see the traceback"


def explain(error: BaseException) -> str:
    """One or two lines for any error that reached the command line."""
    if isinstance(error, StoreUnavailable | ConfigError):
        return str(error)
    if isinstance(error, DBAPIError):
        if is_locked(error):
            return (
                "another process is writing to the store (an import?) and did not finish within "
                f"{IMPORT_WAIT_S / 60:.0f} minutes; try again when it is done"
            )
        if _disk_full(error):
            return (
                "the disk holding the store is full; free some space and try again (the store is unchanged)"
            )
        reason = str(error.orig or error).strip().splitlines()[0]
        return f"the store failed: {reason}"
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "the disk is full; free some space and try again"
    if isinstance(error, aiohttp.ClientConnectionError | TimeoutError):
        return f"cannot reach the network service ({error or type(error).__name__}); check the connection and try again"
    return f"unexpected error ({type(error).__name__}: {error}); {DEBUG_HINT}"


def _disk_full(error: DBAPIError) -> bool:
    text = str(error.orig or error).lower()
    return "disk is full" in text or "no space left" in text
