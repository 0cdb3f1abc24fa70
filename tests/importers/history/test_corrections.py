"""Corrections tables and the misfiled-race check, on small hand-made races."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.history import summary
from db.importers.data_files import DataFileError
from db.importers.history.corrections import Corrections, load_corrections, misfiled, settle
from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import Entry, HistoryFile, Race


def _entry(row: int, driver: str, finish: int, start: int) -> Entry:
    return Entry(row, driver, "1", None, None, start, finish, 100, 0, "running", 10)


def _race(season: int, round_: int, track: str, length: float, surface: str, name: str = "Race") -> Race:
    return Race(season, round_, track, name, length, surface, 2)


def test_shipped_corrections_load() -> None:
    """The shipped tables parse: the Portland races are re-filed and a concatenated tail is dropped."""
    corrections = load_corrections()
    assert corrections.tracks[("xfinity", 2023, 13)][0] == "Portland International Raceway"
    assert sorted(corrections.dropped[("xfinity", 1986, 16)]) == list(range(25, 43))


def test_a_bad_corrections_row_names_file_and_row(tmp_path: Path) -> None:
    (tmp_path / "tracks.csv").write_text("series,season,race,track,reason\nindycar,2020,1,X,why\n")
    (tmp_path / "results.csv").write_text("series,season,race,finish,reason\n")
    with pytest.raises(DataFileError, match=r"tracks\.csv, row 2: unknown series 'indycar'"):
        load_corrections(tmp_path)


def test_settle_refiles_drops_and_keeps_one_entry_per_driver() -> None:
    """A re-filed track and a dropped row are reported as corrected; an unsettled double as doubtful."""
    race = _race(2023, 13, "Portland Speedway", 1.967, "road", "Pacific Office Automation 147")
    race.rows = [_entry(2, "A", 1, 2), _entry(3, "B", 2, 1), _entry(4, "B", 3, 3), _entry(5, "C", 4, 4)]
    history = HistoryFile(Path("x.csv"), "xfinity", [race], 4)
    corrections = Corrections(
        tracks={("xfinity", 2023, 13): ("Portland International Raceway", "road course")},
        dropped={("xfinity", 2023, 13): {4: "another race"}},
    )
    corrected, doubtful = settle(history, corrections)
    assert race.track == "Portland International Raceway"
    assert sorted(race.entries) == ["A", "B"] and race.entries["B"].finish == 2
    assert len(corrected) == 2 and "1 row dropped: another race" in corrected[1]
    assert doubtful == [
        "Xfinity 2023 race 13 (Pacific Office Automation 147): B is listed twice (rows 3 and 4); kept the better finish"
    ]


def test_misfiled_finds_a_road_race_at_an_oval_and_a_name_naming_another_track() -> None:
    oval = [_race(year, 1, "Portland Speedway", 0.5, "paved") for year in (1990, 1991, 1992)]
    road = _race(2023, 13, "Portland Speedway", 1.967, "road")
    named = _race(1956, 3, "Lancaster Speedway", 0.5, "dirt", "200 Miles at Willow Springs Speedway")
    own = _race(1957, 21, "Lancaster Speedway", 0.5, "dirt", "100 Miles at Lancaster Speedway")
    races = [("cup", r) for r in [*oval, named, own]] + [("xfinity", road)]
    found = misfiled(races, Corrections())
    assert found == [
        "Cup 1956 race 3 (200 Miles at Willow Springs Speedway) filed under Lancaster Speedway: "
        "its name says 'willow springs speedway'",
        "Xfinity 2023 race 13 (Race) filed under Portland Speedway: a 1.967 mile road race at a track whose "
        "races are mostly ovals",
    ]
    checked = Corrections(tracks={("xfinity", 2023, 13): ("Portland Speedway", "checked")})
    assert len(misfiled(races, checked)) == 1


def test_the_import_summary_lists_corrections_and_doubts() -> None:
    report = HistoryImportReport(files=1, rows_read=10, corrections=["fixed one"], doubts=["odd one"])
    assert summary(report).splitlines()[1:] == [
        "Corrected from db/corrections (1):",
        "  fixed one",
        "Still looks wrong in the source (1):",
        "  odd one",
    ]
