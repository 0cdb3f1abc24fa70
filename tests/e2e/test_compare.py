"""/compare end to end: the real client, the fake Discord, every body checked against Discord's spec."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import RaceBot
from db.importers.history.importer import import_history
from db.store import open_store
from tests.fakediscord.server import FakeDiscord
from tests.one_season import write_cup_season
from tests.store.builders import add_two_busches

SEASON = 2024


@pytest.fixture
async def cup_season(shared_data: Path, store_url: str, tmp_path: Path) -> AsyncIterator[Path]:
    """The bot's store holds the real 2024 Cup season; the CSV it came from is yielded to count from."""
    path = write_cup_season(shared_data, SEASON, tmp_path)
    store = await open_store(store_url)
    await import_history(store, [path])
    await store.close()
    yield path


@pytest.fixture
async def two_busches(store_url: str) -> AsyncIterator[None]:
    """Kyle and Kurt Busch with identical records, so 'busch' alone fits both equally."""
    store = await open_store(store_url)
    await add_two_busches(store)
    await store.close()
    yield


def finishes(path: Path, driver: str) -> dict[str, int]:
    """The driver's finish in each race of the season's CSV, by race number."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["Race"]: int(row["Finish"])
            for row in csv.DictReader(handle)
            if row["Driver"] == driver and row["Finish"]
        }


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A pick list's buttons: label -> custom id."""
    return {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}


def rows(embed: dict[str, Any]) -> dict[str, list[str]]:
    block = embed["description"].split("```")[1].strip("\n").splitlines()
    return {" ".join(line.split()[:-2]): line.split()[-2:] for line in block[1:]}


async def test_compare_answers_with_the_head_to_head(
    cup_season: Path, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Larson and Elliott over 2024's races both started: counts as the season's rows say."""
    larson, elliott = finishes(cup_season, "Kyle Larson"), finishes(cup_season, "Chase Elliott")
    shared = larson.keys() & elliott.keys()
    reply = await fake_discord.send_command(
        "compare", {"driver_a": "kyle larson", "driver_b": "chase elliott"}
    )
    assert not reply.ephemeral
    [embed] = reply.embeds
    assert embed["title"] == "Kyle Larson vs Chase Elliott — NASCAR Cup Series"
    assert embed["description"].startswith(f"**{len(shared)}** races both started, {SEASON}.")
    figures = rows(embed)
    assert figures["Shared starts"] == [str(len(shared))] * 2
    assert figures["Finished ahead"] == [
        str(sum(larson[race] < elliott[race] for race in shared)),
        str(sum(elliott[race] < larson[race] for race in shared)),
    ]
    assert figures["Wins"] == [
        str(sum(larson[race] == 1 for race in shared)),
        str(sum(elliott[race] == 1 for race in shared)),
    ]
    assert fake_discord.problems() == []


async def test_driver_b_autocompletes(cup_season: Path, racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_autocomplete(
        "compare", {"driver_a": "kyle larson", "driver_b": "ellio"}, focused="driver_b"
    )
    assert "Chase Elliott" in [c["name"] for c in reply.choices]
    assert fake_discord.problems() == []


async def test_the_same_driver_twice_is_a_private_error(
    cup_season: Path, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("compare", {"driver_a": "kyle larson", "driver_b": "Kyle Larson"})
    assert reply.ephemeral and not reply.embeds
    assert reply.content == "Kyle Larson is the same driver twice; name two drivers."
    assert fake_discord.problems() == []


async def test_never_together_is_a_private_error_naming_the_scope(
    cup_season: Path, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command(
        "compare", {"driver_a": "kyle larson", "driver_b": "chase elliott", "from_year": 2030}
    )
    assert reply.ephemeral
    assert (reply.content or "").startswith(
        "Kyle Larson and Chase Elliott never started the same race from 2030 in the store."
    )
    assert fake_discord.problems() == []


async def test_an_ambiguous_driver_b_gets_the_pick_list_and_the_pick_replaces_driver_b(
    two_busches: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """driver_b 'busch' fits both Busches: buttons; 'Kurt Busch' answers Kyle vs Kurt, driver_a untouched."""
    reply = await fake_discord.send_command("compare", {"driver_a": "kyle busch", "driver_b": "busch"})
    assert reply.ephemeral and "'busch' could be more than one driver" in (reply.content or "")
    picked = await fake_discord.click(buttons(reply.data)["Kurt Busch"], fake_discord.original_message(reply))
    [embed] = picked.embeds
    assert embed["title"] == "Kyle Busch vs Kurt Busch — NASCAR Cup Series"
    assert rows(embed)["Finished ahead"] == ["1", "1"]
    assert fake_discord.problems() == []


async def test_both_drivers_ambiguous_pick_one_then_the_other(
    two_busches: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """'busch' twice: the first pick answers driver_a and asks again for driver_b; the second pick answers."""
    reply = await fake_discord.send_command("compare", {"driver_a": "busch", "driver_b": "busch"})
    first = await fake_discord.click(buttons(reply.data)["Kyle Busch"], fake_discord.original_message(reply))
    assert first.ephemeral and "'busch' could be more than one driver" in (first.content or "")
    second = await fake_discord.click(buttons(first.data)["Kurt Busch"], fake_discord.original_message(first))
    [embed] = second.embeds
    assert embed["title"] == "Kyle Busch vs Kurt Busch — NASCAR Cup Series"
    assert fake_discord.problems() == []
