"""One real season cut from the shared history, for tests that need a long season without the whole history."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

LONGEST_SEASON = 1964  # Cup's 62 races, the most any national series has run in a season
LONGEST_SEASON_RACES = 62


def write_cup_season(shared_data: Path, season: int, folder: Path) -> Path:
    """`folder/cup_series.csv` holding the rows of one Cup season, ready for `import_history`."""
    path = folder / "cup_series.csv"
    source = shared_data / "nascar" / "cup_series.csv.gz"
    with (
        gzip.open(source, "rt", encoding="utf-8", newline="") as rows_in,
        path.open("w", encoding="utf-8", newline="") as rows_out,
    ):
        rows = csv.reader(rows_in)
        header = next(rows)
        column = header.index("Season")
        writer = csv.writer(rows_out)
        writer.writerow(header)
        writer.writerows(row for row in rows if row[column] == str(season))
    return path
