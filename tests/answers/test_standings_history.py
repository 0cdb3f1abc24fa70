"""/standings for past seasons: points earned from the history, checked against the raw CSVs summed in
plain Python, and the seasons whose points the history cannot rank answered with the reason instead."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answers.service import Answers
from db.importers.history.importer import import_history
from db.store import open_store
from kernel.standings import StandingsReport


def season_rows(shared_data: Path, series: str, season: int) -> list[dict[str, str]]:
    with gzip.open(
        shared_data / "nascar" / f"{series}_series.csv.gz", "rt", encoding="utf-8", newline=""
    ) as f:
        return [row for row in csv.DictReader(f) if row["Track"] and row["Season"] == str(season)]


def summed(rows: list[dict[str, str]]) -> dict[str, int]:
    """Each driver's `Pts` added up over the rows that have them."""
    points: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        if row["Pts"]:
            points[row["Driver"]] += int(row["Pts"])
    return dict(points)


async def standings(shared_data: Path, tmp_path: Path, series: str, season: int) -> StandingsReport:
    """/standings for one season, from a store holding just that season's rows."""
    path = tmp_path / f"{series}_series.csv"
    rows = season_rows(shared_data, series, season)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    try:
        await import_history(store, [path])
        answers = Answers(store, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC))
        await answers.refresh()
        return await answers.standings(series=series, season=season)
    finally:
        await store.close()


@pytest.fixture
async def cup_1992(shared_data: Path, tmp_path: Path) -> AsyncIterator[StandingsReport]:
    yield await standings(shared_data, tmp_path, "cup", 1992)


@pytest.mark.parametrize("season", [1960, 1975, 1985, 1992, 2003])
async def test_the_table_is_the_sum_of_pts(season: int, shared_data: Path, tmp_path: Path) -> None:
    """Every driver with points, once, with their summed `Pts`, best first, numbered 1 on."""
    report = await standings(shared_data, tmp_path, "cup", season)
    expected = summed(season_rows(shared_data, "cup", season))
    assert report.source == "history" and report.table == "drivers"
    assert {line.name: line.points for line in report.lines} == expected
    assert [line.points for line in report.lines] == sorted(expected.values(), reverse=True)
    assert [line.position for line in report.lines] == list(range(1, len(expected) + 1))
    assert [line.behind_leader for line in report.lines] == [
        p - max(expected.values()) for p in sorted(expected.values(), reverse=True)
    ]


async def test_1992_kulwicki_by_ten_over_elliott(cup_1992: StandingsReport) -> None:
    first, second = cup_1992.lines[:2]
    assert (first.name, first.points, second.name, second.points) == (
        "Alan Kulwicki",
        4078,
        "Bill Elliott",
        4068,
    )
    assert second.behind_leader == -10
    assert cup_1992.champion is not None and cup_1992.champion.driver == "Alan Kulwicki"


async def test_before_2004_it_is_called_the_championship_table(cup_1992: StandingsReport) -> None:
    assert any(
        "Before 2004 (no reset) that is the championship table, except for penalties" in n
        for n in cup_1992.notes
    )


async def test_1960_says_how_many_starts_lack_points(shared_data: Path, tmp_path: Path) -> None:
    rows = season_rows(shared_data, "cup", 1960)
    missing = sum(1 for row in rows if not row["Pts"])
    report = await standings(shared_data, tmp_path, "cup", 1960)
    assert missing and any(
        f"no points for {missing:,} of this season's {len(rows):,} starts" in n for n in report.notes
    )


async def test_1972_is_on_another_scale_and_not_ranked(shared_data: Path, tmp_path: Path) -> None:
    """1972's points were scored on another scale (Richard Petty's official 8,701.5): no table, the reason."""
    report = await standings(shared_data, tmp_path, "cup", 1972)
    assert report.lines == ()
    assert any(
        "scale the history's rows do not carry" in note and "no table is shown" in note
        for note in report.notes
    )
    assert report.champion is not None and report.champion.driver == "Richard Petty"


async def test_1974_has_no_points_and_is_not_ranked(shared_data: Path, tmp_path: Path) -> None:
    rows = season_rows(shared_data, "cup", 1974)
    assert all(not row["Pts"] for row in rows)
    report = await standings(shared_data, tmp_path, "cup", 1974)
    assert report.lines == ()
    assert any(
        f"no points for {len(rows):,} of this season's {len(rows):,} starts (100%)" in note
        for note in report.notes
    )


async def test_from_2004_it_is_points_earned_not_the_standings(shared_data: Path, tmp_path: Path) -> None:
    """2025: the sum ranks Kyle Larson first, and the champion is said apart with the final four."""
    report = await standings(shared_data, tmp_path, "cup", 2025)
    expected = summed(season_rows(shared_data, "cup", 2025))
    assert {line.name: line.points for line in report.lines} == expected
    assert any("From 2004 it is not the final standings" in note for note in report.notes)
    assert report.champion is not None and report.champion.driver == "Kyle Larson"
    assert report.final_four is not None and "Denny Hamlin" in report.final_four.drivers


async def test_the_corrected_rows_rank_the_1986_champion_first(shared_data: Path, tmp_path: Path) -> None:
    """Xfinity 1986 race 16 repeats another race's tail in the raw file (dropped by db/corrections):
    summed raw, Brett Bodine leads; as stored, Larry Pearson does, 20 ahead, as he won the title."""
    raw = summed(season_rows(shared_data, "xfinity", 1986))
    assert max(raw, key=raw.__getitem__) == "Brett Bodine"
    report = await standings(shared_data, tmp_path, "xfinity", 1986)
    first, second = report.lines[:2]
    assert (first.name, second.name, second.behind_leader) == ("Larry Pearson", "Brett Bodine", -20)
    assert not any("official 1986 champion" in note for note in report.notes)
