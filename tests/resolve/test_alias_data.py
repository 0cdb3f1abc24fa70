"""The shipped alias CSVs: well-formed, unambiguous, and pointing at names that exist in the history."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from db.importers.aliases import load_alias_csvs
from db.importers.data_files import DataFileError
from kernel.naming import AliasEntry, fold

TRACKS_BY_SERIES = Path("derived") / "tracks_by_series.csv"


@pytest.fixture(scope="module")
def aliases() -> list[AliasEntry]:
    return load_alias_csvs()


def test_every_target_exists_in_history(
    aliases: list[AliasEntry], history_names: dict[str, set[str]]
) -> None:
    """Each target is spelt exactly as the history's Driver/Track/Name column (or is a series code)."""
    missing = [(a.kind, a.alias, a.target) for a in aliases if a.target not in history_names[a.kind]]
    assert missing == []


def test_no_alias_key_is_listed_twice(aliases: list[AliasEntry]) -> None:
    """A folded alias appears once per kind, so it can never point at two targets (the store keys on it)."""
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for alias in aliases:
        seen[(alias.kind, fold(alias.alias))].append(alias.target)
    assert {key: targets for key, targets in seen.items() if len(targets) > 1} == {}


def test_at_least_sixty_drivers_have_nicknames(aliases: list[AliasEntry]) -> None:
    """Nicknames, legal and short names cover at least 60 well-known drivers."""
    assert len({a.target for a in aliases if a.kind == "driver"}) >= 60


def test_every_track_since_1990_has_an_alias(aliases: list[AliasEntry], history_dir: Path) -> None:
    """Every track raced since 1990 has another name, or is itself another track's alias (EchoPark)."""
    with (history_dir.parent / TRACKS_BY_SERIES).open(encoding="utf-8", newline="") as handle:
        recent = {row["Track"] for row in csv.DictReader(handle) if int(row["last_season"]) >= 1990}
    covered = {a.target for a in aliases if a.kind == "track"} | {
        a.alias for a in aliases if a.kind == "track"
    }
    assert sorted(recent - covered) == []


def test_series_aliases_cover_every_title(aliases: list[AliasEntry]) -> None:
    """Each series has its historic titles."""
    titles = {fold(a.alias): a.target for a in aliases if a.kind == "series"}
    for alias, code in [
        ("winston cup", "cup"),
        ("nextel cup", "cup"),
        ("sprint cup", "cup"),
        ("monster energy nascar cup series", "cup"),
        ("grand national", "cup"),
        ("busch grand national", "xfinity"),
        ("nationwide", "xfinity"),
        ("oreilly auto parts series", "xfinity"),
        ("camping world truck series", "truck"),
        ("gander outdoors truck series", "truck"),
        ("craftsman supertruck series", "truck"),
    ]:
        assert titles.get(alias) == code, alias


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def alias_dir(tmp_path: Path) -> Path:
    write(tmp_path / "drivers.csv", "alias,target,source\nRowdy,Kyle Busch,nickname\n")
    write(tmp_path / "tracks.csv", "alias,target,source\nDega,Talladega Superspeedway,nickname\n\n")
    write(tmp_path / "series.csv", "alias,target,source\nBusch Series,xfinity,former_name\n")
    write(tmp_path / "races.csv", "alias,target,source\nCoke 600,Coca-Cola 600,nickname\n")
    return tmp_path


def test_loader_reads_all_four_files(alias_dir: Path) -> None:
    """Each file's rows come back with the kind the file stands for; blank lines are skipped."""
    assert load_alias_csvs(alias_dir) == [
        AliasEntry("driver", "Rowdy", "Kyle Busch", "nickname"),
        AliasEntry("track", "Dega", "Talladega Superspeedway", "nickname"),
        AliasEntry("series", "Busch Series", "xfinity", "former_name"),
        AliasEntry("race", "Coke 600", "Coca-Cola 600", "nickname"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,target,source\nDega,Talladega Superspeedway,nickname\n", "tracks.csv: header must be"),
        ("", "tracks.csv: header must be"),
        ("alias,target,source\nDega,Talladega Superspeedway\n", "tracks.csv, row 2: expected 3 columns"),
        (
            "alias,target,source\nDega,Talladega Superspeedway,x\n!!!,Talladega,x\n",
            "tracks.csv, row 3: alias",
        ),
        ("alias,target,source\nDega,,nickname\n", "tracks.csv, row 2: alias, target and source"),
    ],
)
def test_loader_names_file_and_row(alias_dir: Path, content: str, message: str) -> None:
    """A malformed file is reported with its name and the offending row."""
    write(alias_dir / "tracks.csv", content)
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_alias_csvs(alias_dir)


def test_loader_reports_missing_file(alias_dir: Path) -> None:
    """A missing file is an DataFileError naming it, not a bare OSError."""
    (alias_dir / "series.csv").unlink()
    with pytest.raises(DataFileError, match=re.escape("series.csv")):
        load_alias_csvs(alias_dir)
