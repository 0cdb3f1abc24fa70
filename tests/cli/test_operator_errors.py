"""What an operator meets in the first hour, run as they run it: one or two lines, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.cli.failures import explain
from bot.cli.feed import describe_import
from db.importers.feed.importer import FeedImportReport
from tests.cli.process import racebot_env, run_racebot


def _one_calm_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) in (1, 2), stderr
    assert lines[0].startswith("racebot: ")
    return lines[0]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url at all", "DATABASE_URL is not a database URL"),
        ("mysql+nosuchdriver://u@h/db", "unknown database driver"),
        ("sqlite+aiosqlite:////no/such/folder/racebot.db", "folder does not exist"),
    ],
)
def test_bad_database_url(tmp_path: Path, url: str, says: str) -> None:
    """A DATABASE_URL that cannot be a store is named with what to do, exit 1."""
    done = run_racebot("ask", "/pole homestead", env=racebot_env(url), cwd=tmp_path)
    assert done.returncode == 1
    assert says in _one_calm_line(done.stderr)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    """Pointing DATABASE_URL at some other file says it is not a SQLite database."""
    (tmp_path / "notes.txt").write_text("these are my notes, not a database\n" * 50)
    env = racebot_env(f"sqlite+aiosqlite:///{tmp_path / 'notes.txt'}")
    done = run_racebot("ask", "/ping", env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "is not a SQLite database" in _one_calm_line(done.stderr)


def test_console_applies_the_commands_own_option_ranges(tmp_path: Path) -> None:
    """A year Discord's client would refuse is refused before the command runs, exit 2."""
    env = racebot_env(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    done = run_racebot("ask", "/pole homestead year:99999999999999999999", env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "Option 'year' must be from 1949 to 2100" in _one_calm_line(done.stderr)


def test_a_private_answer_is_not_a_failure(tmp_path: Path) -> None:
    """`racebot ask /ping` prints Pong. on stdout and exits 0."""
    env = racebot_env(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    done = run_racebot("ask", "/ping", env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "Pong.", "")


def test_a_token_of_only_spaces_is_no_token(tmp_path: Path) -> None:
    """DISCORD_TOKEN='   ' gets the 'no token' help, without trying to log in."""
    env = racebot_env(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}", DISCORD_TOKEN="   ")
    done = run_racebot("run", env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "No Discord token" in _one_calm_line(done.stderr)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """`racebot --debug` lets the traceback through, for whoever is debugging."""
    done = run_racebot("--debug", "ask", "/ping", env=racebot_env("not a url at all"), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "StoreUnavailable" in done.stderr


def test_full_disk_is_named() -> None:
    """SQLite's 'database or disk is full' becomes advice, not a driver error."""
    error = OperationalError("INSERT ...", {}, Exception("database or disk is full"))
    assert explain(error).startswith("the disk holding the store is full")


def test_feed_warnings_are_shown() -> None:
    """The feed import's warnings are printed, one a line, not just counted."""
    report = FeedImportReport(
        2026, ("cup",), 1, 1, 0, 1, 0, 0, 0, 0, (), (), warnings=("cup 2026 round 1: lap count missing",)
    )
    assert describe_import(report).splitlines()[1:] == ["warning: cup 2026 round 1: lap count missing"]


def test_a_read_only_store_still_answers(tmp_path: Path) -> None:
    """A store opened read-only (SQLite's mode=ro, as a read-only file would be) is read, not written."""
    db = tmp_path / "store.db"
    assert (
        run_racebot("ask", "/ping", env=racebot_env(f"sqlite+aiosqlite:///{db}"), cwd=tmp_path).returncode
        == 0
    )
    read_only = racebot_env(f"sqlite+aiosqlite:///file:{db}?mode=ro&uri=true")
    done = run_racebot("ask", "/pole homestead", env=read_only, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Corey Heim on pole")


def test_a_logged_failure_is_one_line_without_debug() -> None:
    """A bug logged while answering shows its type and message, not a traceback, unless --debug."""
    import logging
    import sys

    from bot.cli.main import LOG_FORMAT, OneLineErrors

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "command %s failed", ("track",), sys.exc_info()
        )
    text = OneLineErrors(LOG_FORMAT).format(record)
    assert "Traceback" not in text
    assert text.splitlines()[1] == "  RuntimeError: boom (racebot --debug shows the traceback)"
