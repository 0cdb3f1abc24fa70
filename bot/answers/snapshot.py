"""Start-up snapshots: the name index and race book pickled after a rebuild, loaded instead of rebuilt.

Rebuilding both from the full history is seconds of queries and Python, and a peak of memory the
process keeps; loading the pickle is a fraction of a second. A snapshot belongs to one store's data (its
URL and `DataStamp`) and to this code (the size and time of every source and data file of the
packages), so a new import, another store or an upgrade of racebot never loads a stale one: that start
rebuilds and saves anew. The folder is a cache the user owns (created private): deleting it costs one
slow start.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from bot.resolve import NameIndex
from db.store import shown_url
from db.store.ledger import RaceBook
from db.store.state import DataStamp

log = logging.getLogger(__name__)

FORMAT = 1  # bumped if the file's layout changes in a way the code fingerprint would not show
PACKAGES = ("bot", "cogs", "db", "kernel")
CODE_FILES = (".py", ".csv")
SUFFIX = ".pickle"


@dataclass(frozen=True, slots=True)
class Derived:
    """What the answers build from the store's data at each refresh."""

    names: NameIndex
    book: RaceBook


def code_fingerprint(root: Path) -> str:
    """Size and modification time of each source and data file under the packages at `root`."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in CODE_FILES:
                info = path.stat()
                digest.update(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()


class Snapshots:
    """The snapshots of one store in `folder`: one file per data stamp, the older ones pruned."""

    def __init__(self, folder: Path, url: str) -> None:
        self.folder = folder
        self._store = hashlib.sha256(shown_url(url).encode()).hexdigest()[:16]
        self._code = code_fingerprint(Path(__file__).resolve().parents[2])

    def path(self, stamp: DataStamp) -> Path:
        changed = stamp.changed_at.isoformat() if stamp.changed_at is not None else "never"
        key = hashlib.sha256(f"{self._code}|{stamp.version}|{changed}".encode()).hexdigest()[:16]
        return self.folder / f"{self._store}-{stamp.version}-{key}{SUFFIX}"

    def load(self, stamp: DataStamp) -> Derived | None:
        """The snapshot of exactly this data and code, or None (none saved, or unreadable)."""
        path = self.path(stamp)
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of new objects: collections during the load triple its time
        try:
            with path.open("rb") as file:
                derived = pickle.load(file)
        except OSError:
            return None  # none saved (or no usable folder, which `save` reports)
        except Exception as error:  # a truncated or foreign file is a cache miss, and is replaced
            log.warning("start-up snapshot %s unreadable (%s); rebuilding", path, error)
            path.unlink(missing_ok=True)
            return None
        finally:
            if collecting:
                gc.enable()
        return derived if isinstance(derived, Derived) else None

    def save(self, stamp: DataStamp, derived: Derived) -> None:
        """Write the snapshot from a forked child and wait for it: pickling half a million objects keeps
        a memo of each, tens of MB the serving process would otherwise hold at its peak for good.
        Atomic (a reader sees all of it or none); the store's older snapshots are then dropped. A
        failure (disk full, read-only folder) is logged, never raised: it is only a cache."""
        path = self.path(stamp)
        if path.exists():
            return  # another process on this store and machine saved it first
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            log.warning("could not save the start-up snapshot in %s: %s", self.folder, error)
            return
        child = os.fork()
        if child == 0:  # the child only pickles and writes: no logging, no event loop, no locks
            os._exit(_write(derived, path))
        _, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            log.warning("could not save the start-up snapshot in %s", self.folder)
            return
        for older in self.folder.glob(f"{self._store}-*{SUFFIX}"):
            if older != path:
                older.unlink(missing_ok=True)


def _write(derived: Derived, path: Path) -> int:
    """Pickle `derived` to `path` through a temporary file beside it; the exit status for the parent."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with part.open("wb") as file:
            pickle.dump(derived, file, protocol=pickle.HIGHEST_PROTOCOL)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        return 1
    return 0
