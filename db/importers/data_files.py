"""The project's own data tables (alias and correction CSVs): read with their shape checked.

They are edited by hand, so a bad file names its path and row instead of failing later in an import.
"""

from __future__ import annotations

import csv
from pathlib import Path


class DataFileError(ValueError):
    """A shipped data file is missing, has the wrong header, or has a malformed row."""


def read_rows(path: Path, header: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
    """(line number, stripped cells) of every non-blank row under the expected header; all cells required."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    if not rows or tuple(cell.strip() for cell in rows[0]) != header:
        found = rows[0] if rows else "nothing"
        raise DataFileError(f"{path}: header must be {','.join(header)}, found {found}")
    checked: list[tuple[int, tuple[str, ...]]] = []
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataFileError(
                f"{path}, row {line_number}: expected {len(header)} columns, found {len(row)}: {row}"
            )
        cells = tuple(cell.strip() for cell in row)
        if not all(cells):
            named = f"{', '.join(header[:-1])} and {header[-1]}"
            raise DataFileError(f"{path}, row {line_number}: {named} are all required: {row}")
        checked.append((line_number, cells))
    return checked
