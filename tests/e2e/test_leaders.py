"""/leaders end to end on the real Cup races at Homestead: the real client, the fake Discord, every payload
checked against Discord's spec."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import RaceBot
from db.importers.history.importer import import_history
from db.store import open_store
from tests.fakediscord.server import FakeDiscord

HOMESTEAD = "Homestead-Miami Speedway"
SEED = {"stat": "laps_led", "series": "cup", "track": "homestead", "to_year": 2024}


def write_cup_track(shared_data: Path, track: str, folder: Path) -> Path:
    """`folder/cup_series.csv` holding every Cup row at one track, ready for `import_history`."""
    path = folder / "cup_series.csv"
    with (
        gzip.open(
            shared_data / "nascar" / "cup_series.csv.gz", "rt", encoding="utf-8", newline=""
        ) as rows_in,
        path.open("w", encoding="utf-8", newline="") as rows_out,
    ):
        rows = csv.reader(rows_in)
        header = next(rows)
        column = header.index("Track")
        writer = csv.writer(rows_out)
        writer.writerow(header)
        writer.writerows(row for row in rows if row[column] == track)
    return path


@pytest.fixture
async def homestead(shared_data: Path, store_url: str, tmp_path: Path) -> dict[str, tuple[int, int]]:
    """The bot's store holds Cup at Homestead; returns (laps led, starts) per driver to 2024, from the rows."""
    source = write_cup_track(shared_data, HOMESTEAD, tmp_path)
    store = await open_store(store_url)
    await import_history(store, [source])
    await store.close()
    led: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Finish"] and int(row["Season"]) <= 2024:
                led[row["Driver"]][0] += int(row["Led"] or 0)
                led[row["Driver"]][1] += 1
    return {driver: (figures[0], figures[1]) for driver, figures in led.items()}


@pytest.fixture
async def bot(homestead: dict[str, tuple[int, int]], racebot: RaceBot) -> AsyncIterator[RaceBot]:
    yield racebot


async def test_the_seed_question(
    homestead: dict[str, tuple[int, int]], bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Kyle Larson first with 626 laps led in 11 starts; the top ten as the rows add up; one public embed."""
    reply = await fake_discord.send_command("leaders", SEED)
    assert not reply.ephemeral
    [embed] = reply.embeds
    assert embed["title"] == "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, to 2024"
    lines = embed["description"].splitlines()
    assert lines[0] == "**1.** Kyle Larson — 626 (11 starts)"
    ranked = sorted(homestead.items(), key=lambda item: (-item[1][0], item[0]))[:10]
    assert [line.split(" — ")[0].split(" ", 1)[1] for line in lines[:10]] == [name for name, _ in ranked]
    assert fake_discord.problems() == []


async def test_the_command_offers_its_statistics_as_choices(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Synced with a choice list for stat, autocomplete for series and track, and the ranges of the numbers."""
    sync = await fake_discord.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    [command] = [c for c in sync.json if c["name"] == "leaders"]
    options = {option["name"]: option for option in command["options"]}
    assert [choice["value"] for choice in options["stat"]["choices"]] == [
        "wins", "poles", "top5", "top10", "laps_led", "starts", "races_led", "avg_finish", "points",
        "rating"]  # fmt: skip
    assert options["stat"]["required"] and "autocomplete" not in options["stat"]
    assert options["series"]["autocomplete"] and options["track"]["autocomplete"]
    assert (options["min_starts"]["min_value"], options["min_starts"]["max_value"]) == (1, 1000)
    assert (options["to_year"]["min_value"], options["to_year"]["max_value"]) == (1949, 2100)
    assert fake_discord.problems() == []


async def test_track_autocomplete_within_the_series(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_autocomplete(
        "leaders", {"stat": "wins", "series": "cup", "track": "home"}, focused="track"
    )
    assert reply.type == 8 and reply.choices[0]["name"] == HOMESTEAD


async def test_average_finish_names_its_minimum_of_starts(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_command("leaders", {"stat": "avg_finish", "track": "homestead"})
    [embed] = reply.embeds
    assert embed["title"] == "Best average finish — NASCAR Cup Series at Homestead-Miami Speedway"
    assert "Drivers with at least 10 starts in this scope." in embed["description"]
    assert fake_discord.problems() == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"stat": "wins", "from_year": 2020, "to_year": 2010},
            "from_year 2020 is after to_year 2010: swap them.",
        ),
        ({"stat": "wins", "to_year": 1990}, "No cup races up to 1990 with results in the store."),
        ({"stat": "wins", "track": "homestead", "min_starts": 1000}, "none has at least 1000 starts there"),
    ],
)
async def test_a_question_without_an_answer_is_a_private_reply(
    bot: RaceBot, fake_discord: FakeDiscord, options: dict[str, object], message: str
) -> None:
    reply = await fake_discord.send_command("leaders", options)
    assert reply.ephemeral and message in (reply.content or "")
    assert fake_discord.problems() == []


async def test_help_lists_leaders_with_its_example(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_command("help")
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert "`/leaders stat:laps_led series:cup track:homestead to_year:2024`" in fields["/leaders"]
    assert "default 10 for averages, else 1" in fields["/leaders"]
    assert reply.ephemeral and fake_discord.problems() == []
