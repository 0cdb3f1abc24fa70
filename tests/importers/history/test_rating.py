"""The history's `Rating` column into `results.rating` (SQLite and PostgreSQL): read, checked, re-imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.importers.history.files import read_history_file
from db.importers.history.importer import import_history
from db.importers.history.rows import HistoryFormatError
from db.store import Store
from db.store.models import Driver, Result
from tests.importers.history.files import row, write_csv, write_parquet


async def ratings(store: Store) -> dict[str, float | None]:
    async with store.sessions() as session:
        return dict((await session.execute(select(Driver.name, Result.rating).join(Result.driver))).all())


def rated(path: Path, larson: object) -> Path:
    return write_csv(
        path,
        [
            row("William Byron", 1, 18, Rating=128.4),
            row("Kyle Larson", 2, 1, Rating=larson),
            row("Lee Petty", 3, 2),
        ],
    )


async def test_rating_lands_in_its_column_and_empty_is_null(empty_store: Store, tmp_path: Path) -> None:
    await import_history(empty_store, [rated(tmp_path / "cup_series.csv", 97.1)])
    assert await ratings(empty_store) == {"William Byron": 128.4, "Kyle Larson": 97.1, "Lee Petty": None}


async def test_a_changed_rating_is_updated_on_reimport(empty_store: Store, tmp_path: Path) -> None:
    await import_history(empty_store, [rated(tmp_path / "cup_series.csv", 97.1)])
    report = await import_history(empty_store, [rated(tmp_path / "cup_series.csv", 101.5)])
    assert report.results_updated == 1
    assert (await ratings(empty_store))["Kyle Larson"] == 101.5


def test_parquet_ratings_read_as_numbers(tmp_path: Path) -> None:
    """Parquet hands ratings over as floats (a whole one as 100.0), not text."""
    source = rated(tmp_path / "cup_series.csv", 100)
    history = read_history_file(write_parquet(source, tmp_path / "cup_series.parquet"), "cup")
    entries = {entry.driver: entry.rating for entry in history.races[0].rows}
    assert entries == {"William Byron": 128.4, "Kyle Larson": 100.0, "Lee Petty": None}


@pytest.mark.parametrize(
    ("value", "problem"),
    [("fast", "expected a driver rating as a number, got 'fast'"), (150.1, "from 0 to 150, got '150.1'")],
)
def test_a_bad_rating_is_named_by_row_and_column(tmp_path: Path, value: object, problem: str) -> None:
    path = rated(tmp_path / "cup_series.csv", value)
    with pytest.raises(HistoryFormatError) as caught:
        read_history_file(path, "cup")
    assert (caught.value.row, caught.value.column) == (3, "Rating")
    assert problem in str(caught.value)
