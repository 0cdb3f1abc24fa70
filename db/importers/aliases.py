"""The alias tables: read the hand-curated CSVs shipped in `db/aliases/`, and store them.

The files are data, not code, so fans' names for things can be corrected without touching the
resolver; the reader only checks their shape and says exactly which file and row is wrong.

Race aliases are not stored: their targets are race names, which recur every season and have no
table of their own to point at, so the name index reads them straight from the CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.data_files import DataFileError, read_rows
from db.store.models import Driver, DriverAlias, Series, SeriesAlias, Track, TrackAlias
from kernel.naming import AliasEntry, AliasKind, fold

ALIAS_DIR: Final = Path(__file__).parents[1] / "aliases"
HEADER: Final = ("alias", "target", "source")
FILES: Final[dict[AliasKind, str]] = {
    "driver": "drivers.csv",
    "track": "tracks.csv",
    "series": "series.csv",
    "race": "races.csv",
}
# The stored kinds: the alias table, its owner, the owner's column holding the alias target, and the key.
_TABLES: Final = (
    ("driver", DriverAlias, Driver, Driver.name, "driver_id"),
    ("track", TrackAlias, Track, Track.name, "track_id"),
    ("series", SeriesAlias, Series, Series.code, "series_id"),
)


@dataclass(frozen=True, slots=True)
class AliasImport:
    stored: int
    waiting: int


def load_alias_csvs(directory: Path | None = None) -> list[AliasEntry]:
    """All aliases from drivers.csv, tracks.csv, series.csv and races.csv in `directory` (default: shipped)."""
    base = ALIAS_DIR if directory is None else directory
    entries: list[AliasEntry] = []
    for kind, filename in FILES.items():
        entries.extend(_read_file(base / filename, kind))
    return entries


def _read_file(path: Path, kind: AliasKind) -> list[AliasEntry]:
    entries: list[AliasEntry] = []
    for line_number, (alias, target, source) in read_rows(path, HEADER):
        if not fold(alias):
            raise DataFileError(f"{path}, row {line_number}: alias has no letters or digits: {alias!r}")
        entries.append(AliasEntry(kind=kind, alias=alias, target=target, source=source))
    return entries


async def import_aliases(session: AsyncSession, entries: Sequence[AliasEntry]) -> AliasImport:
    """Replace every alias row; run after each import so new drivers and tracks pick theirs up.

    An alias whose target is not in the store yet waits for the import that brings it.
    """
    stored = waiting = 0
    for kind, alias_model, owner, target_column, owner_key in _TABLES:
        targets: dict[str, int] = dict((await session.execute(select(target_column, owner.id))).all())
        await session.execute(delete(alias_model))
        seen: set[str] = set()
        for entry in entries:
            key = fold(entry.alias)
            if entry.kind != kind or not key or key in seen:
                continue
            target = targets.get(entry.target)
            if target is None:
                waiting += 1
                continue
            seen.add(key)
            stored += 1
            session.add(
                alias_model(alias=entry.alias, alias_key=key, source=entry.source, **{owner_key: target})
            )
    await session.flush()
    return AliasImport(stored=stored, waiting=waiting)
