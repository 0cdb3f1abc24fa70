"""The standings post from NASCAR's real 2020 Cup drivers table (published 2020-06-11, after race 11,
Martinsville), stored by the importer's step and read as the announcer reads it (SQLite and PostgreSQL):
which race it counts, and the post's lines position by position against the JSON."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.announce.standings_posts import StandingsPosts
from bot.answers.service import Answers
from db.importers.feed.points import store_tables
from db.importers.feed.points_payloads import parse_points_table
from db.store import Store
from db.store.models import Event
from db.store.queries import announce_log
from db.store.queries import announce_settings as stored
from db.store.queries.announce_log import Target
from tests.store.builders import Row, add_race

DRIVERS_2020 = "points-drivers_2020_cup_snapshot-2020-06-11.json"
GREEN_FLAG = datetime(2020, 6, 10, 23, 0, tzinfo=UTC)  # Martinsville, race 11 of 2020
NOW = GREEN_FLAG + timedelta(hours=20)
GUILD, CHANNEL = 111, 1001
# One entry's first line: place, mark, name (20 wide), points, behind the leader.
ENTRY = re.compile(r"^ *(\d+)(.) (.{1,20}?) +([\d,]+) +(\S+)$")


def snapshot(shared_data: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((shared_data / "nascar-feed" / DRIVERS_2020).read_text("utf-8"))
    return rows


async def announcer_view(store: Store, shared_data: Path, *, round: int) -> tuple[Target, StandingsPosts]:
    """A 2020 Cup race numbered `round`, official, followed with standings on; the 2020 table stored."""
    event_id = await add_race(
        store, series="cup", season=2020, round=round, track="Martinsville Speedway",
        rows=[Row("Kevin Harvick", 1, 1), Row("Joey Logano", 2, 2)],
    )  # fmt: skip
    async with store.sessions.begin() as session:
        await session.execute(
            update(Event).where(Event.id == event_id).values(start_time_utc=GREEN_FLAG, results_official=True)
        )
    table = parse_points_table("drivers", snapshot(shared_data))
    await store_tables(store, 2020, {("cup", "drivers"): table}, at=NOW)
    await stored.follow(store.sessions, GUILD, CHANNEL, ["cup"], now=NOW)
    await stored.save_settings(store.sessions, GUILD, now=NOW, standings=True)
    answers = Answers(store, clock=lambda: NOW)
    await answers.refresh()
    [target] = await announce_log.announcement_targets(
        store.sessions, now=NOW, behind=timedelta(days=1), ahead=timedelta(days=7)
    )
    posts = StandingsPosts(answers)
    await posts.read([target])
    return target, posts


def shown(name: str) -> str:
    """A name as the table shows it: spaces folded, at most 20 characters, cut with "…"."""
    name = " ".join(name.split())
    return name if len(name) <= 20 else name[:19] + "…"


@pytest.mark.parametrize(("round", "expected"), [(10, "passed"), (11, "post"), (12, "wait")])
async def test_the_table_counts_race_11(
    round: int, expected: str, empty_store: Store, shared_data: Path
) -> None:
    """The most starts in the JSON is 11: posted after race 11 only; race 12 waits; race 10 passed."""
    assert max(row["starts"] for row in snapshot(shared_data)) == 11
    target, posts = await announcer_view(empty_store, shared_data, round=round)
    assert target.standings and posts.decision(target) == expected
    assert (posts.post(target) is not None) == (expected == "post")


async def test_the_post_is_the_top_twenty_as_published(empty_store: Store, shared_data: Path) -> None:
    """Place, name, points and gap to the leader of the first twenty lines, as the JSON has them; 2020
    had no Chase cut in the 2026 sense, so no line; nobody mentioned."""
    target, posts = await announcer_view(empty_store, shared_data, round=11)
    post = posts.post(target)
    assert post is not None
    rows = snapshot(shared_data)
    leader = max(row["points"] for row in rows)
    expected = [
        (row["position"], shown(row["driver_name"]), f"{row['points']:,}",
         f"{row['points'] - leader:+,}" if row["points"] != leader else "–")
        for row in rows[:20]
    ]  # fmt: skip
    block = post.embed.description.split("```\n", 1)[1].split("\n```", 1)[0]  # type: ignore[union-attr]
    found = [(int(m[1]), m[3].strip(), m[4], m[5]) for line in block.splitlines() if (m := ENTRY.match(line))]
    assert found == expected
    assert post.embed.title == "2020 NASCAR Cup Series standings after race 11"
    assert (
        post.content
        == "Standings after the race: Martinsville Speedway 2020 race 11 at Martinsville Speedway"
    )
    assert "cut line" not in block
    assert dict(post.allowed_mentions.to_dict()) == {"parse": []}
