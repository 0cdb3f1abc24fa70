"""/driver with a track pages to every start there: the real client, the fake Discord, the spec checks."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import RaceBot
from db.importers.history.importer import import_history
from db.store import open_store
from tests.e2e.test_schedule_pages import buttons, press
from tests.fakediscord.server import FakeDiscord
from tests.one_season import LONGEST_SEASON, write_cup_season


@pytest.fixture
async def season(shared_data: Path, store_url: str, tmp_path: Path) -> AsyncIterator[list[dict[str, str]]]:
    """The bot's store holds the real 1964 Cup season; the test gets Richard Petty's raw rows."""
    path = write_cup_season(shared_data, LONGEST_SEASON, tmp_path)
    store = await open_store(store_url)
    await import_history(store, [path])
    await store.close()
    with gzip.open(shared_data / "nascar" / "cup_series.csv.gz", "rt", encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["Season"] == str(LONGEST_SEASON) and r["Driver"] == "Richard Petty"
        ]
    yield rows


async def test_every_start_at_a_track_is_the_second_page(
    season: list[dict[str, str]], racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Page 1 is the record there; ▶ shows one line per start, in race order, as the rows say."""
    track, starts = Counter(r["Track"] for r in season if r["Finish"]).most_common(1)[0]
    reply = await fake_discord.send_command("driver", {"name": "richard petty", "track": track})
    message = fake_discord.original_message(reply)
    [first] = message["embeds"]
    assert first["title"] == f"Richard Petty at {track} (1/2)"
    assert f"Starts **{starts}**" in first["fields"][0]["value"]
    assert buttons(message)["◀"]["disabled"] is True
    turned = await press(fake_discord, message, "▶")
    [second] = turned.embeds
    assert second["title"] == f"Richard Petty at {track}: every Grand National Series start (2/2)"
    expected = [
        f"**{LONGEST_SEASON}** {r['Name']}: {r['Start'] or '?'} → {r['Finish']}"
        for r in sorted(
            (r for r in season if r["Track"] == track and r["Finish"]), key=lambda r: int(r["Race"])
        )
    ]
    assert [line.split(" · ")[0] for line in second["description"].splitlines()] == expected
    assert fake_discord.problems() == []
