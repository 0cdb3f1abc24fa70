"""SHARD_IDS and SHARD_COUNT (and `racebot run --shards --shard-count`): read, checked, and refused in
one line when they cannot work."""

from __future__ import annotations

import argparse

import pytest
from pydantic import SecretStr, ValidationError

from bot.cli.running import run_command
from bot.config import Settings


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_shards_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """SHARD_IDS=0-1,3 with SHARD_COUNT=8 runs those three of eight; blank lines mean unset."""
    monkeypatch.setenv("SHARD_IDS", " 3,0-1 ")
    monkeypatch.setenv("SHARD_COUNT", "8")
    settings = _settings()
    assert settings.shard_ids == "0-1,3"
    assert settings.shards(recommended=2).ids == (0, 1, 3) and settings.shards(recommended=2).count == 8
    monkeypatch.setenv("SHARD_IDS", "")
    monkeypatch.setenv("SHARD_COUNT", "")
    assert str(_settings().shards(recommended=2)) == "shards 0-1 of 2"  # Discord's recommendation


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"shard_ids": "0-1"}, "needs SHARD_COUNT"),
        ({"shard_ids": "0-4", "shard_count": 4}, "shard ids 4 are outside 0-3"),
        ({"shard_ids": "two", "shard_count": 4}, "not a list of shard ids"),
        ({"shard_count": 0}, "greater than or equal to 1"),
    ],
)
def test_shards_that_cannot_work_are_refused(values: dict[str, object], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        _settings(**values)


def test_the_command_line_wins_over_the_settings() -> None:
    """--shards 2-3 --shard-count 4 replaces SHARD_IDS/SHARD_COUNT, and is checked the same way."""
    settings = _settings(shard_ids="0", shard_count=2)
    assert str(settings.with_shards(ids="2-3", count=4).shards(recommended=1)) == "shards 2-3 of 4"
    assert str(settings.with_shards(ids=None, count=None).shards(recommended=1)) == "shards 0 of 2"
    with pytest.raises(ValidationError, match="outside"):
        settings.with_shards(ids="2-3", count=None)


async def test_run_refuses_shard_ids_without_a_count(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    """`racebot run --shards 0-1` alone: one line saying what is missing, exit 2, before any connection."""
    settings = _settings(database_url=sqlite_url, discord_token=SecretStr("token"), live_sync=False)
    status = await run_command(settings, argparse.Namespace(shards="0-1", shard_count=None))
    assert status == 2
    assert capsys.readouterr().err == (
        "racebot: SHARD_IDS: needs SHARD_COUNT (--shard-count) too, the same in every process\n"
    )
