"""`racebot sync` against a feed whose race list changed shape: exit 1 and say which keys are missing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.cli.feed import sync_command
from bot.cli.main import build_parser
from bot.config import Settings
from tests.importers.feed.bodies import renamed
from tests.importers.feed.server import FeedServer

RACE_LIST = "/2026/race_list_basic.json"


async def test_sync_names_the_missing_keys_and_exits_1(
    feed: FeedServer, sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renamed `series_1` is a failed sync on stderr, naming the URL and the missing key."""
    monkeypatch.setattr("bot.cli.feed.utc_now", lambda: datetime(2026, 6, 27, tzinfo=UTC))
    feed.serve(RACE_LIST, renamed(json.loads(feed.files[RACE_LIST]), {"series_1": "cup"}))
    settings = Settings(_env_file=None, database_url=sqlite_url, feed_base_url=feed.base_url)
    code = await sync_command(settings, build_parser().parse_args(["sync"]))
    assert (code, capsys.readouterr().err) == (
        1,
        "racebot: sync failed; no race data changed. "
        f"{feed.base_url}{RACE_LIST}: (top level): missing keys series_1\n",
    )
