"""`racebot import aliases`: edited alias files take effect without code changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli.main import main
from db.importers.aliases import ALIAS_DIR


@pytest.fixture
def alias_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "aliases"
    shutil.copytree(ALIAS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")


def test_new_nickname_resolves_after_import(alias_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A nickname added to drivers.csv resolves once the aliases are imported."""
    with (alias_dir / "drivers.csv").open("a", encoding="utf-8") as handle:
        handle.write("The Homestead Flash,Corey Heim,nickname\n")
    assert main(["resolve", "driver", "the homestead flash"]) == 1
    assert main(["import", "aliases", "--dir", str(alias_dir)]) == 0
    capsys.readouterr()
    assert main(["resolve", "driver", "the homestead flash"]) == 0
    assert "Corey Heim" in capsys.readouterr().out


def test_malformed_alias_file_is_refused(alias_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with the wrong header is named in the error and nothing changes."""
    (alias_dir / "series.csv").write_text("alias,target\nbusch,xfinity\n", encoding="utf-8")
    assert main(["import", "aliases", "--dir", str(alias_dir)]) == 1
    assert "series.csv" in capsys.readouterr().err
