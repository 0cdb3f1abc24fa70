"""`racebot import history` on the command line: arguments, summary, and errors as one calm line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli.history import import_history_command
from bot.cli.main import build_parser
from bot.config import Settings
from tests.importers.history.files import row, write_csv


def _parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def test_arguments_are_parsed() -> None:
    """Paths or URLs, --series and --quiet reach the handler."""
    args = _parse(
        ["import", "history", "a/cup.csv", "https://example.org/x.parquet", "--series", "cup", "--quiet"]
    )
    assert (args.sources, args.series, args.quiet, args.handler) == (
        ["a/cup.csv", "https://example.org/x.parquet"],
        "cup",
        True,
        import_history_command,
    )


def test_unknown_series_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    """--series accepts only the three series codes."""
    with pytest.raises(SystemExit):
        _parse(["import", "history", "--series", "arca"])
    assert "invalid choice" in capsys.readouterr().err


async def test_import_prints_a_summary(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good file exits 0 and says what was added."""
    path = write_csv(tmp_path / "cup_series.csv", [row("William Byron", 1, 18), row("Alex Bowman", 2, 7)])
    code = await import_history_command(
        Settings(database_url=sqlite_url), _parse(["import", "history", str(path)])
    )
    assert code == 0
    assert "Read 2 rows from 1 file: events 1 added" in capsys.readouterr().out


async def test_bad_file_exits_1_with_the_error(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed file exits 1 with one line naming file, row and column, and no traceback."""
    path = write_csv(tmp_path / "cup_series.csv", [row("William Byron", None, 18, Finish="abc")])
    code = await import_history_command(
        Settings(database_url=sqlite_url), _parse(["import", "history", str(path)])
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"racebot: {path}, row 2, column 'Finish': expected a whole number, got 'abc'\n"
