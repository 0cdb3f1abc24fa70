"""`racebot import feed` and `racebot sync`: argument wiring, output and exit codes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from bot.cli.feed import import_feed_command, progress_bar, sync_command
from bot.cli.history import import_aliases_command, import_history_command
from bot.cli.main import build_parser
from bot.config import Settings
from db.importers.progress import Progress
from tests.importers.feed.server import FeedServer


def _settings(feed: FeedServer, sqlite_url: str) -> Settings:
    return Settings(_env_file=None, database_url=sqlite_url, feed_base_url=feed.base_url)


def test_import_feed_arguments_are_parsed() -> None:
    """`import feed --season 2023 --series cup --quiet` reaches the feed import handler."""
    args = build_parser().parse_args(["import", "feed", "--season", "2023", "--series", "cup", "--quiet"])
    assert (args.handler, args.season, args.series, args.quiet) == (import_feed_command, 2023, "cup", True)


def test_import_group_holds_history_aliases_and_feed() -> None:
    """One `import` group holds all three kinds, whatever order their modules register in."""
    parser = build_parser()
    handlers = [
        parser.parse_args(["import", *kind]).handler
        for kind in (["history"], ["aliases"], ["feed", "--season", "2023"])
    ]
    assert handlers == [import_history_command, import_aliases_command, import_feed_command]


async def test_import_feed_prints_a_summary(
    feed: FeedServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A successful import exits 0 and says what it stored."""
    args = build_parser().parse_args(["import", "feed", "--season", "2026", "--quiet"])
    code = await import_feed_command(_settings(feed, sqlite_url), args)
    assert (
        code,
        capsys.readouterr().out.startswith("Imported 2026 (cup) from the feed: 1 points races"),
    ) == (0, True)


async def test_import_feed_failure_names_the_url(
    feed: FeedServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken payload exits 1 with the URL on stderr."""
    feed.serve("/2026/1/5617/weekend-feed.json", b'{"weekend_race": [')
    args = build_parser().parse_args(["import", "feed", "--season", "2026"])
    code = await import_feed_command(_settings(feed, sqlite_url), args)
    assert (code, "/2026/1/5617/weekend-feed.json: not valid JSON" in capsys.readouterr().err) == (1, True)


async def test_base_url_option_overrides_the_setting(
    feed: FeedServer, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--base-url` wins over FEED_BASE_URL."""
    settings = Settings(_env_file=None, database_url=sqlite_url, feed_base_url="http://127.0.0.1:9/nowhere")
    args = build_parser().parse_args(["import", "feed", "--season", "2026", "--base-url", feed.base_url])
    assert await import_feed_command(settings, args) == 0


async def test_sync_runs_one_round(
    feed: FeedServer, sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`racebot sync` runs one round for the current season and reports what it found."""
    monkeypatch.setattr("bot.cli.feed.utc_now", lambda: datetime(2026, 6, 27, tzinfo=UTC))
    code = await sync_command(_settings(feed, sqlite_url), build_parser().parse_args(["sync"]))
    out = capsys.readouterr().out
    expected = "Synced 2026: 1 weekend feeds checked, 1 lineups and 1 official results new or changed.\n"
    assert (code, out) == (0, expected)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "quiet", "drawn"),
    [(_Terminal(), False, True), (io.StringIO(), False, False), (_Terminal(), True, False)],
)
def test_progress_bar_is_drawn_only_on_a_terminal_without_quiet(
    stream: io.StringIO, quiet: bool, drawn: bool
) -> None:
    """Weekend-feed progress shows as a bar on a TTY; piped output and --quiet stay clean."""
    show = progress_bar(Progress(stream, quiet=quiet))
    show(1, 2, "2026 Sonoma Raceway")
    show(2, 2, "2026 Sonoma Raceway")
    assert ("weekend feeds [" in stream.getvalue() and "(2/2)" in stream.getvalue()) is drawn
