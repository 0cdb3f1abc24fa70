"""Reading nascaR.data result files, CSV, gzip'd CSV or Parquet, into records for `rows` to check.

The format is judged by the file's first bytes, not its name, and the series by its name (or as told).
Every reader yields (spreadsheet row, cells in `COLUMNS` order), so errors name the same row in each.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from db.importers.history.rows import (
    COLUMNS,
    Cell,
    HistoryFile,
    HistoryFormatError,
    HistoryImportError,
    history_from_records,
)

SERIES_BY_FILE_NAME = {
    "cup_series": "cup",
    "xfinity_series": "xfinity",
    "nxs_series": "xfinity",
    "truck_series": "truck",
}
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_BATCH_ROWS = 16_384
PARQUET_EXTRA = "pip install 'racebot[parquet]' (from a checkout: pip install -e '.[parquet]')"


def series_for(path: Path, series: str | None) -> str:
    """The series a file holds: as told, or from the nascaR.data file name."""
    if series is not None:
        return series
    name = path.name.lower()
    for marker, code in SERIES_BY_FILE_NAME.items():
        if marker in name:
            return code
    raise HistoryImportError(
        f"{path}: cannot tell the series from the file name; name it cup_series, xfinity_series "
        "(or nxs_series) or truck_series, or pass --series"
    )


def _column_indexes(path: Path, header: Sequence[str]) -> list[int]:
    names = [name.strip() for name in header]
    for column in COLUMNS:
        if column not in names:
            raise HistoryFormatError(str(path), f"missing column {column!r}", row=1, column=column)
    return [names.index(column) for column in COLUMNS]


def _csv_records(path: Path, *, gzipped: bool) -> Iterator[tuple[int, Sequence[Cell]]]:
    """CSV or gzip'd CSV, every cell read as text so car numbers like "07" survive."""
    row = 1
    try:
        with (
            gzip.open(path, "rt", encoding="utf-8-sig", newline="")
            if gzipped
            else path.open(encoding="utf-8-sig", newline="")
        ) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise HistoryFormatError(str(path), "the file is empty", row=1)
            indexes = _column_indexes(path, header)
            width = len(header)
            for record in reader:
                row += 1
                if not record:
                    continue
                if len(record) != width:
                    raise HistoryFormatError(
                        str(path), f"{len(record)} cells where the header has {width}", row=row
                    )
                yield row, [record[i] for i in indexes]
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as error:
        raise HistoryFormatError(str(path), f"unreadable ({error})", row=row + 1) from error


def can_read_parquet() -> bool:
    """Whether pyarrow, the optional `parquet` extra, is installed; found without importing it."""
    return importlib.util.find_spec("pyarrow") is not None


def _parquet_records(path: Path) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Parquet via pyarrow, imported only here because it is the optional `parquet` extra."""
    try:
        import pyarrow  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError:
        raise HistoryFormatError(
            str(path), f"reading Parquet needs pyarrow; install it with {PARQUET_EXTRA}"
        ) from None
    row = 1
    try:
        parquet = pyarrow.parquet.ParquetFile(path)
        _column_indexes(path, parquet.schema_arrow.names)
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=list(COLUMNS)):
            columns = [batch.column(name).to_pylist() for name in COLUMNS]
            for cells in zip(*columns, strict=True):
                row += 1
                yield row, cells
    except (OSError, pyarrow.ArrowException) as error:
        # pyarrow's messages may end in a newline; the operator gets one line.
        reason = " ".join(str(error).split())
        raise HistoryFormatError(str(path), f"unreadable Parquet ({reason})", row=row + 1) from error


def read_history_file(path: Path, series: str) -> HistoryFile:
    """Read and check one file; raises HistoryFormatError naming the file, row and column at fault."""
    try:
        with path.open("rb") as probe:
            magic = probe.read(4)
    except OSError as error:
        raise HistoryFormatError(str(path), f"unreadable ({error})") from error
    # Judged by content, not name: a server may have un-gzipped a .csv.gz on the way.
    records = (
        _parquet_records(path)
        if magic == PARQUET_MAGIC
        else _csv_records(path, gzipped=magic[:2] == GZIP_MAGIC)
    )
    return history_from_records(path, series, records)
