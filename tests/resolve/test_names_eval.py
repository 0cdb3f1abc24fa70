"""The fan-query eval set (../shared/eval/names.tsv) against the index built from the full history."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.resolve import NameIndex, Resolution
from db.importers.aliases import load_alias_csvs
from kernel.naming import fold
from tests.history_truth import corrected_rows

NAMES_TSV = Path("eval") / "names.tsv"
MIN_ACCURACY = 0.98


@dataclass(frozen=True, slots=True)
class EvalRow:
    kind: str
    query: str
    series: str | None
    season: int | None
    expected: frozenset[str]
    note: str


@pytest.fixture(scope="module")
def eval_rows(history_dir: Path) -> list[EvalRow]:
    path = history_dir.parent.parent / NAMES_TSV
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        EvalRow(
            kind=row["kind"],
            query=row["query"],
            series=None if row["series"] == "-" else row["series"],
            season=None if row["season"] == "-" else int(row["season"]),
            expected=frozenset(row["expected"].split("|")),
            note=row["note"],
        )
        for row in csv.DictReader(lines, delimiter="\t")
    ]


def resolve(index: NameIndex, row: EvalRow) -> Resolution:
    if row.kind == "driver":
        return index.resolve_driver(row.query, series=row.series, season=row.season)
    if row.kind == "track":
        return index.resolve_track(row.query, series=row.series)
    return index.resolve_series(row.query)


def picked(resolution: Resolution) -> str:
    """What the bot would answer with: the top name (or series code), or NONE."""
    best = resolution.best
    if resolution.status == "none" or best is None:
        return "NONE"
    return str(best.id) if resolution.kind == "series" else best.name


def test_top1_accuracy(history_index: NameIndex, eval_rows: list[EvalRow]) -> None:
    """At least 98% of fan queries pick an accepted answer first."""
    misses = [
        (row.kind, row.query, sorted(row.expected), picked(resolve(history_index, row)))
        for row in eval_rows
        if picked(resolve(history_index, row)) not in row.expected
    ]
    accuracy = 1 - len(misses) / len(eval_rows)
    assert accuracy >= MIN_ACCURACY, f"top-1 accuracy {accuracy:.1%}; misses: {misses}"


def test_none_rows_resolve_to_nothing(history_index: NameIndex, eval_rows: list[EvalRow]) -> None:
    """Queries that name nothing in NASCAR give no candidates at all."""
    none_rows = [row for row in eval_rows if row.expected == {"NONE"}]
    assert none_rows
    for row in none_rows:
        resolution = resolve(history_index, row)
        assert (resolution.status, resolution.candidates) == ("none", ()), row.query


def test_every_history_name_resolves_to_itself(
    history_index: NameIndex, history_names: dict[str, set[str]]
) -> None:
    """Each canonical name is a clean match for itself (so an autocompleted name never asks again),
    unless the alias file renames it (EchoPark Speedway -> Atlanta Motor Speedway)."""
    renamed = {fold(a.alias) for a in load_alias_csvs() if a.kind == "track"}
    resolutions = [history_index.resolve_driver(name) for name in sorted(history_names["driver"])]
    resolutions += [
        history_index.resolve_track(name)
        for name in sorted(history_names["track"])
        if fold(name) not in renamed
    ]
    wrong = [
        (r.query, r.status, picked(r)) for r in resolutions if (r.status, picked(r)) != ("match", r.query)
    ]
    assert wrong == []


def test_an_exact_track_name_wins_in_its_series(history_index: NameIndex, history_dir: Path) -> None:
    """A track typed exactly as stored, with a series that raced there, is that track, never a pick list
    (Charlotte Speedway with series:xfinity used to offer Charlotte Motor Speedway beside it)."""
    renamed = {fold(a.alias) for a in load_alias_csvs() if a.kind == "track"}
    pairs = sorted({(row["Track"], series) for series, row in corrected_rows(history_dir)})
    resolutions = [
        history_index.resolve_track(track, series=series)
        for track, series in pairs
        if fold(track) not in renamed
    ]
    wrong = [
        (r.query, r.status, picked(r)) for r in resolutions if (r.status, picked(r)) != ("match", r.query)
    ]
    assert wrong == []
