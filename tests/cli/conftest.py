"""The `racebot` entry point run in-process against a fresh SQLite store in a temp dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.main import main


@pytest.fixture
def racebot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., int]:
    """Run the `racebot` entry point against a fresh SQLite store in a temp dir."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)

    def run(*argv: str) -> int:
        return main(list(argv))

    return run
