"""Every season's champion of each national series, and the final four of the seasons decided by one.

Written by the project from public facts (`champions.csv`, `final_four.csv`), each row naming where it
was checked; tests check them against the history where it can show them. Read once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

from db.importers.data_files import DataFileError, read_rows
from kernel.series import SERIES_BY_CODE
from kernel.standings import Champion, FinalFour

REFERENCE_DIR: Final = Path(__file__).parent
CHAMPIONS_HEADER: Final = ("series", "season", "driver", "source")
FINAL_FOUR_HEADER: Final = ("series", "season", "drivers", "source")
FINAL_FOUR_SIZE: Final = 4


@cache
def champions() -> dict[tuple[str, int], Champion]:
    """(series code, season) -> its champion."""
    path = REFERENCE_DIR / "champions.csv"
    found: dict[tuple[str, int], Champion] = {}
    for line, (series, season, driver, source) in read_rows(path, CHAMPIONS_HEADER):
        key = _key(path, line, series, season)
        if key in found:
            raise DataFileError(f"{path}, row {line}: {series} {season} is listed twice")
        found[key] = Champion(key[0], key[1], driver, source)
    return found


@cache
def final_fours() -> dict[tuple[str, int], FinalFour]:
    """(series code, season) -> the four who raced for the title in the finale, champion first."""
    path = REFERENCE_DIR / "final_four.csv"
    found: dict[tuple[str, int], FinalFour] = {}
    for line, (series, season, drivers, source) in read_rows(path, FINAL_FOUR_HEADER):
        names = tuple(name.strip() for name in drivers.split(";"))
        if len(names) != FINAL_FOUR_SIZE or not all(names):
            raise DataFileError(f"{path}, row {line}: expected four names separated by ';', got {drivers!r}")
        key = _key(path, line, series, season)
        found[key] = FinalFour(key[0], key[1], names, source)
    return found


def champion_of(series: str, season: int) -> Champion | None:
    return champions().get((series, season))


def _key(path: Path, line: int, series: str, season: str) -> tuple[str, int]:
    if series not in SERIES_BY_CODE:
        raise DataFileError(f"{path}, row {line}: unknown series {series!r}")
    if not season.isdigit():
        raise DataFileError(f"{path}, row {line}: expected a season, got {season!r}")
    return series, int(season)
