"""Malformed history files: a clear error naming file, row and column, and a store left exactly as it was."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from db.importers.history.files import read_history_file
from db.importers.history.importer import import_history
from db.importers.history.rows import HistoryFormatError, HistoryImportError
from db.store import Store
from db.store.checksum import store_checksums
from tests.importers.history.files import HEADER, csv_text, row, write_csv, write_parquet


def _truncated_gz(path: Path) -> Path:
    """A gzip'd file cut off mid-stream, as an interrupted download leaves it."""
    rows = [row(f"Driver {n}", n % 40 + 1, n % 40 + 1, Race=n // 40 + 1) for n in range(4000)]
    data = gzip.compress(csv_text(rows).encode())
    path.write_bytes(data[: len(data) // 2])
    return path


def _missing_finish(path: Path) -> Path:
    return write_csv(
        path, [row("William Byron", 1, 18)], header=[name for name in HEADER if name != "Finish"]
    )


def _finish_abc(path: Path) -> Path:
    return write_csv(path, [row("William Byron", 1, 18), row("Alex Bowman", None, 7, Finish="abc")])


MALFORMED = {
    "missing column": _missing_finish,
    "bad whole number": _finish_abc,
    "truncated gzip": _truncated_gz,
}


@pytest.mark.parametrize(
    ("cells", "column", "problem"),
    [
        ({"Finish": "abc"}, "Finish", "expected a whole number, got 'abc'"),
        ({"Start": -1}, "Start", "at least 0"),
        ({"Led": -3}, "Led", "at least 0"),
        ({"Season": ""}, "Season", "is empty"),
        ({"Length": "long"}, "Length", "miles"),
        ({"Surface": "gravel"}, "Surface", "'gravel'"),
        ({"Car": "123456789"}, "Car", "longer than 8"),
        ({"Driver": ""}, "Driver", "is empty"),
        ({"Name": ""}, "Name", "is empty"),
        ({"Track": ""}, "Track", "is empty"),
        ({"Track": "Bristol Motor Speedway"}, "Track", "at 'Daytona International Speedway' in row 2"),
    ],
)
def test_bad_cell_is_named_by_file_row_and_column(
    tmp_path: Path, cells: dict[str, object], column: str, problem: str
) -> None:
    """A bad cell in the second record (spreadsheet row 3) is reported with its file, row and column."""
    path = write_csv(
        tmp_path / "cup_series.csv", [row("William Byron", 1, 18), row("Alex Bowman", 2, 7, **cells)]
    )
    with pytest.raises(HistoryFormatError) as caught:
        read_history_file(path, "cup")
    error = caught.value
    assert (error.file, error.row, error.column) == (str(path), 3, column)
    assert problem in str(error) and str(path) in str(error)


def test_missing_column_is_named_at_the_header(tmp_path: Path) -> None:
    """A file without a Finish column fails at row 1, column Finish."""
    with pytest.raises(HistoryFormatError) as caught:
        read_history_file(_missing_finish(tmp_path / "cup_series.csv"), "cup")
    assert (caught.value.row, caught.value.column) == (1, "Finish")


def test_truncated_gzip_names_the_row_it_stopped_at(tmp_path: Path) -> None:
    """A gzip stream that ends early is reported with the file and the row it could not read."""
    path = _truncated_gz(tmp_path / "cup_series.csv.gz")
    with pytest.raises(HistoryFormatError, match="unreadable") as caught:
        read_history_file(path, "cup")
    assert caught.value.file == str(path)
    assert caught.value.row is not None and 2 < caught.value.row < 4002


def test_truncated_parquet_is_named(tmp_path: Path) -> None:
    """A Parquet file cut short is reported as unreadable, with its name."""
    source = write_csv(tmp_path / "cup_series.csv", [row("William Byron", 1, 18)])
    data = write_parquet(source, tmp_path / "full.parquet").read_bytes()
    path = tmp_path / "cup_series.parquet"
    path.write_bytes(data[: len(data) - 20])
    with pytest.raises(HistoryFormatError, match="unreadable Parquet") as caught:
        read_history_file(path, "cup")
    assert caught.value.file == str(path)


def test_row_with_too_few_cells_is_refused(tmp_path: Path) -> None:
    """A record shorter than the header is reported with its row."""
    path = tmp_path / "cup_series.csv"
    path.write_text(",".join(HEADER) + "\n2024,1,Daytona International Speedway\n", encoding="utf-8")
    with pytest.raises(HistoryFormatError, match="3 cells") as caught:
        read_history_file(path, "cup")
    assert caught.value.row == 2


async def test_missing_file_is_refused(empty_store: Store, tmp_path: Path) -> None:
    """A path that is not there is named in the error, and nothing is read."""
    with pytest.raises(HistoryImportError, match="no such file"):
        await import_history(empty_store, [tmp_path / "cup_series.csv"])


@pytest.mark.parametrize("make_file", MALFORMED.values(), ids=MALFORMED.keys())
async def test_malformed_file_leaves_the_store_unchanged(
    store: Store, tmp_path: Path, make_file: Callable[[Path], Path]
) -> None:
    """After a failed import every table has the same rows and checksum as before."""
    await import_history(
        store, [write_csv(tmp_path / "good" / "truck_series.csv", [row("Nick Sanchez", 1, 6)])]
    )
    before = await store_checksums(store.engine)
    bad = make_file(tmp_path / "cup_series.csv.gz")
    with pytest.raises(HistoryFormatError, match=r"cup_series\.csv\.gz"):
        await import_history(store, [bad])
    assert await store_checksums(store.engine) == before


async def test_bad_second_file_undoes_the_first(store: Store, tmp_path: Path) -> None:
    """Files imported together are one transaction: the good first file is rolled back too."""
    before = await store_checksums(store.engine)
    good = write_csv(tmp_path / "truck_series.csv", [row("Nick Sanchez", 1, 6)])
    with pytest.raises(HistoryFormatError):
        await import_history(store, [good, _finish_abc(tmp_path / "cup_series.csv")])
    assert await store_checksums(store.engine) == before
