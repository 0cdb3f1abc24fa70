"""`racebot resolve race`: how a race name resolves, against a fresh store and the full history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main


@pytest.fixture
def fresh_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A new store in a temp dir: it holds only the bundled sample (the 2025 Baptist Health 200)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")


@pytest.mark.usefixtures("fresh_store")
def test_sample_race_resolves(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample's race is found by name and the command exits 0."""
    assert main(["resolve", "race", "baptist health 200"]) == 0
    out = capsys.readouterr().out
    assert "race 'baptist health 200': match" in out
    assert "1. 2025 Baptist Health 200 (Truck)" in out


@pytest.mark.usefixtures("fresh_store")
def test_race_not_in_store_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A race the store does not hold says "none" and exits 1."""
    assert main(["resolve", "race", "2024 daytona 500"]) == 1
    assert "race '2024 daytona 500': none" in capsys.readouterr().out


@pytest.mark.fulldata
def test_year_picks_the_edition(
    history_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Against the full history, "2024 daytona 500" is the 2024 Cup race, as JSON."""
    monkeypatch.setenv("DATABASE_URL", history_db)
    assert main(["resolve", "race", "2024 daytona 500", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["kind"], payload["status"]) == ("race", "match")
    assert payload["candidates"][0]["name"] == "2024 DAYTONA 500 (Cup)"
    assert payload["candidates"][0]["via"] == "exact"
