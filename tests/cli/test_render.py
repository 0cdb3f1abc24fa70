"""`racebot render`: the bot's pictures drawn offline into PNG files, names resolved as in Discord."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.pictures.grid_card import WIDTH, card_height
from bot.pictures.race_chart import HEIGHT as RACE_HEIGHT
from bot.pictures.race_chart import WIDTH as RACE_WIDTH
from tests.pictures.pixels import decoded, not_blank


@pytest.fixture
def fresh_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A new store in a temp dir (it gets the bundled sample), the working folder there too."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    return tmp_path


def test_the_sample_grid_card_is_written(fresh_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`render grid homestead` writes grid.png here: five trucks, and says what it shows."""
    assert main(["render", "grid", "homestead"]) == 0
    picture = decoded((fresh_store / "grid.png").read_bytes())
    assert picture.size == (WIDTH, card_height(5))
    not_blank(picture)
    assert "grid.png" in capsys.readouterr().out


def test_a_race_that_matches_nothing_exits_1(fresh_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same no-match text the slash command gives, on stderr; no file."""
    assert main(["render", "grid", "zzqx", "--out", "x.png"]) == 1
    assert "No race matches 'zzqx'" in capsys.readouterr().err
    assert not (fresh_store / "x.png").exists()


def test_one_season_is_nothing_to_chart(fresh_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample holds one race of Kyle Larson's: no chart, exit 1, saying why."""
    assert main(["render", "career", "kyle larson"]) == 1
    assert "nothing to chart" in capsys.readouterr().err


def test_the_race_chart_comes_from_a_lap_times_file(
    fresh_store: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real lap-times payload (gzipped) becomes race.png, 960 × 520, titled as asked."""
    payload = shared_data / "nascar-feed" / "lap-times_2020_1_4973.json.gz"
    assert main(["render", "race", str(payload), "--title", "2020 Martinsville"]) == 0
    assert decoded((fresh_store / "race.png").read_bytes()).size == (RACE_WIDTH, RACE_HEIGHT)
    assert "2020 Martinsville: positions by lap over 500 laps" in capsys.readouterr().out


def test_a_file_that_is_not_lap_times_is_refused(
    fresh_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line naming the file and what is wrong; exit 1."""
    (fresh_store / "notes.json").write_text('{"laps": "none"}')
    assert main(["render", "race", "notes.json"]) == 1
    assert "racebot: notes.json: $.laps: expected list, got str" in capsys.readouterr().err


@pytest.mark.fulldata
def test_a_race_name_with_a_year_finds_the_edition(
    history_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Against the full history, "2024 daytona 500" is the 40-car Cup grid."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", history_db)
    assert main(["render", "grid", "2024 daytona 500", "--out", "d500.png"]) == 0
    assert decoded((tmp_path / "d500.png").read_bytes()).size == (WIDTH, card_height(40))
