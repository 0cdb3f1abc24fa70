"""Read the hand-curated alias CSVs shipped in `db/aliases/` (nicknames, former names, host cities).

The files are data, not code, so fans' names for things can be corrected without touching the resolver;
this loader only checks their shape and says exactly which file and row is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Final

from db.naming import AliasEntry, AliasKind, fold

ALIAS_DIR: Final = Path(__file__).with_name("aliases")
HEADER: Final = ("alias", "target", "source")
FILES: Final[dict[AliasKind, str]] = {
    "driver": "drivers.csv",
    "track": "tracks.csv",
    "series": "series.csv",
    "race": "races.csv",
}


class AliasDataError(ValueError):
    """An alias file is missing, has the wrong header, or has a malformed row."""


def load_alias_csvs(directory: Path | None = None) -> list[AliasEntry]:
    """All aliases from drivers.csv, tracks.csv, series.csv and races.csv in `directory` (default: shipped)."""
    base = ALIAS_DIR if directory is None else directory
    entries: list[AliasEntry] = []
    for kind, filename in FILES.items():
        entries.extend(_read_file(base / filename, kind))
    return entries


def _read_file(path: Path, kind: AliasKind) -> list[AliasEntry]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise AliasDataError(f"{path}: cannot read alias file ({exc})") from exc
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        found = rows[0] if rows else "nothing"
        raise AliasDataError(f"{path}: header must be {','.join(HEADER)}, found {found}")
    entries: list[AliasEntry] = []
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise AliasDataError(f"{path}, row {line_number}: expected 3 columns, found {len(row)}: {row}")
        alias, target, source = (cell.strip() for cell in row)
        if not fold(alias) or not target or not source:
            raise AliasDataError(
                f"{path}, row {line_number}: alias, target and source are all required: {row}"
            )
        entries.append(AliasEntry(kind=kind, alias=alias, target=target, source=source))
    return entries
