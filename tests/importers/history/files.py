"""Writers for small nascaR.data files, so each import test states its rows in a line each."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Sequence
from pathlib import Path

HEADER = (
    "Season", "Race", "Track", "Name", "Length", "Surface", "Finish", "Start", "Car", "Driver", "Make",
    "Pts", "Laps", "Led", "Status", "Team", "S1", "S2", "Rating", "Win", "Seg Points",
)  # fmt: skip
JUNK_ROW: dict[str, object] = {"Season": 2026, "Race": 1}
DAYTONA = "Daytona International Speedway"


def row(driver: str, finish: int | None, start: int | None, **cells: object) -> dict[str, object]:
    """A 2024 Daytona 500 row unless `cells` (keyed by column name) say otherwise."""
    base: dict[str, object] = {
        "Season": 2024,
        "Race": 1,
        "Track": DAYTONA,
        "Name": "DAYTONA 500",
        "Length": 2.5,
        "Surface": "paved",
        "Finish": finish,
        "Start": start,
        "Car": "1",
        "Driver": driver,
        "Make": "Chevrolet",
        "Pts": 30,
        "Laps": 200,
        "Led": 0,
        "Status": "running",
        "Team": "Hendrick Motorsports",
        "Win": 1 if finish == 1 else 0,
    }
    base.update(cells)
    return base


def csv_text(
    rows: Sequence[dict[str, object]], *, header: Sequence[str] = HEADER, junk_row: bool = True
) -> str:
    """The rows as nascaR.data CSV, ending with the scraper's empty placeholder row like the real files."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for cells in [*rows, JUNK_ROW] if junk_row else rows:
        writer.writerow(["" if cells.get(name) is None else cells[name] for name in header])
    return out.getvalue()


def write_csv(
    path: Path, rows: Sequence[dict[str, object]], *, header: Sequence[str] = HEADER, junk_row: bool = True
) -> Path:
    """Plain CSV, or gzip'd when the name ends in .gz; missing folders are made."""
    text = csv_text(rows, header=header, junk_row=junk_row)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_parquet(source: Path, target: Path) -> Path:
    """A Parquet copy of a CSV, typed the way pyarrow infers it (car numbers forced to text)."""
    import pyarrow.csv  # type: ignore[import-untyped]
    import pyarrow.parquet  # type: ignore[import-untyped]

    table = pyarrow.csv.read_csv(
        source, convert_options=pyarrow.csv.ConvertOptions(column_types={"Car": "string"})
    )
    pyarrow.parquet.write_table(table, target)
    return target
