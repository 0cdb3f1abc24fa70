"""Phone-first layouts end to end: the real client, the fake Discord checking every payload against the spec.

A grid past 50 cars pages on with labelled buttons and lists both cars of a shared slot; /pole sets the
front row side by side; /driver's seasons are one labelled table; each series has its own colour.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import update

from bot.client import RaceBot
from db.store import open_store
from db.store.models import Event
from kernel.series import SERIES_BY_CODE
from tests.e2e.test_schedule_pages import buttons, press
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import Row, add_race

BIG = 60  # cars on the 1960-style grid


@pytest.fixture
async def races(store_url: str) -> AsyncIterator[None]:
    """A 60-car Cup race at Daytona in 1960 whose slot 2 holds two cars in the source; and an Xfinity
    driver over three seasons at Bristol, on pole in the last."""
    store = await open_store(store_url)
    field = [Row(f"Driver {n:02d}", n, n, car=str(n), status="running", led=5 if n == 1 else 0)
             for n in range(1, BIG)] + [Row("Second Of Two", 2, BIG, car="99", status="engine")]  # fmt: skip
    big = await add_race(
        store, series="cup", season=1960, round=1, track="Daytona International Speedway", rows=field
    )
    async with store.sessions.begin() as session:  # official, as history races are
        await session.execute(update(Event).where(Event.id == big).values(results_official=True))
    for season in (2001, 2002, 2003):
        rows = [
            Row("Jack Sprague", 1 if season == 2003 else 3, 2, speed=125.0 if season == 2003 else None),
            Row("Other Driver", 2, 1, led=10, speed=124.5 if season == 2003 else None),
        ]
        await add_race(
            store, series="xfinity", season=season, round=1, track="Bristol Motor Speedway", rows=rows
        )
    await store.close()
    yield


def _labels(message: dict[str, Any]) -> list[tuple[str, bool]]:
    return [
        (b["label"], b.get("disabled", False)) for row in message["components"] for b in row["components"]
    ]


async def test_a_grid_past_fifty_cars_pages_on_with_every_car(
    races: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Page 1: 50 cars in blocks of ten rows, the shared slot said, the page label on the buttons;
    ▶: the rest."""
    reply = await fake_discord.send_command("grid", {"race": "daytona", "series": "cup", "year": 1960})
    message = fake_discord.original_message(reply)
    [first] = message["embeds"]
    assert first["title"].endswith("(1/2)")
    assert "The source puts two cars in slot 2: each is listed." in first["description"]
    # 25 rows on page 1: slots 1–50, slot 2 holding two cars; the rest on page 2.
    assert f"{BIG} cars: the last {BIG - 51} on the next page." in first["description"]
    assert [f["name"] for f in first["fields"]] == ["Rows 1–10", "Rows 11–20", "Rows 21–25"]
    lines = [line for f in first["fields"] for line in f["value"].splitlines()[2:-1]]
    assert lines[1:3] == [" 2 #2  Driver 02", " 2 #99 Second Of Two"]
    assert _labels(message) == [("◀", True), ("1/2", True), ("▶", False)]
    turned = await press(fake_discord, message, "▶")
    [second] = turned.embeds
    rest = [line.split()[0] for f in second["fields"] for line in f["value"].splitlines()[2:-1]]
    assert len(lines) + len(rest) == BIG and rest[-1] == str(BIG - 1)
    assert "2/2" in buttons(message)
    assert fake_discord.problems() == []


async def test_results_of_a_big_field_lead_with_the_top_ten(
    races: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """The summary (who led most, the DNFs) and the top ten on page 1; ▶ the full order."""
    reply = await fake_discord.send_command("results", {"race": "daytona", "series": "cup", "year": 1960})
    message = fake_discord.original_message(reply)
    [first] = message["embeds"]
    assert first["title"].startswith("Driver 01 won the ")
    _, summary, top = first["description"].split("\n\n")
    assert summary.splitlines() == ["Most laps led: Driver 01 (5)", f"Did not finish: 1 of {BIG}"]
    assert len(top.splitlines()) == 12  # "**Top 10**", ten cars, where the rest is
    pages = int(first["title"].rsplit("/", 1)[1].rstrip(")"))
    assert _labels(message)[1] == (f"1/{pages}", True)
    assert fake_discord.problems() == []


async def test_pole_sets_the_front_row_side_by_side_in_the_series_colour(
    races: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """/pole: Pole and Outside pole inline, then the starts from pole labelled as such; Xfinity's colour."""
    reply = await fake_discord.send_command("pole", {"track": "bristol", "series": "xfinity", "year": 2003})
    [embed] = reply.embeds
    assert [(f["name"], f.get("inline", False)) for f in embed["fields"][:3]] == [
        ("Pole", True),
        ("Outside pole", True),
        ("Starts from pole", False),
    ]
    assert embed["fields"][2]["value"].startswith("1st ")
    assert embed["color"] == SERIES_BY_CODE["xfinity"].colour
    assert fake_discord.problems() == []


async def test_driver_seasons_are_one_labelled_table(
    races: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """/driver: ▶ shows the seasons under one header, a 0 shown as 0 in a fixed column."""
    reply = await fake_discord.send_command("driver", {"name": "jack sprague", "series": "xfinity"})
    message = fake_discord.original_message(reply)
    [first] = message["embeds"]
    assert "Started from pole **1**" in first["fields"][0]["value"]
    turned = await press(fake_discord, message, "▶")
    [seasons] = turned.embeds
    table = seasons["description"].split("```")[1].strip("\n").splitlines()
    assert table[0].split() == ["Year", "St", "W", "T5", "T10", "Pole", "Led", "Avg"]
    assert [line.split()[0] for line in table[1:]] == ["2001", "2002", "2003"]
    assert len({len(line) for line in table[1:]}) == 1
    assert [line.split()[5] for line in table[1:]] == ["0", "0", "1"]
    assert seasons["color"] == SERIES_BY_CODE["xfinity"].colour
    assert fake_discord.problems() == []
