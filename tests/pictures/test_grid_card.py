"""The grid card drawn from real data: the bundled sample's truck grid at Homestead (and, with the full
history, the 40-car 2024 Daytona 500), read back box by box against the raw data."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.service import Answers
from bot.pictures.grid_card import CARD_W, MARGIN, WIDTH, card_height, card_layout, draw_grid_card, font
from bot.pictures.specs import (
    DESCRIPTION_LIMIT,
    OUTSIDE_POLE,
    POLE,
    CardSlot,
    GridCard,
    grid_card,
    listed,
)
from db.importers.sample import seed_if_empty
from db.store import open_store
from kernel.reports import GridReport
from tests.pictures.pixels import SAME, card_text_difference, decoded, not_blank

SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "db" / "sample_data" / "truck_2025_homestead.json").read_text()
)
CLOCK = datetime(2026, 1, 1, tzinfo=UTC)


async def _grid(url: str, race: str, **options: object) -> GridReport:
    store = await open_store(url)
    try:
        await seed_if_empty(store)
        answers = Answers(store, clock=lambda: CLOCK)
        await answers.refresh()
        return await answers.grid(race, **options)  # type: ignore[arg-type]
    finally:
        await store.close()


@pytest_asyncio.fixture
async def sample_grid(sqlite_url: str) -> GridReport:
    return await _grid(sqlite_url, "homestead")


async def test_the_sample_card_has_its_size_and_is_drawn(sample_grid: GridReport) -> None:
    """Five qualified trucks: 800 pixels wide, three rows high, not blank."""
    qualified = [entry for entry in SAMPLE["entries"] if entry["qualifying"]]
    picture = decoded(draw_grid_card(grid_card(sample_grid)))
    assert picture.size == (WIDTH, card_height(len(qualified)))
    not_blank(picture)


async def test_the_sample_card_names_the_drivers_in_grid_order(sample_grid: GridReport) -> None:
    """Each driver box holds the sample's driver of that slot, in qualifying order."""
    expected = [e["driver"] for e in sorted(SAMPLE["entries"], key=lambda e: e["qualifying"] or 99)]
    spec = grid_card(sample_grid)
    picture = decoded(draw_grid_card(spec))
    boxes = card_layout(spec).drivers
    assert len(boxes) == len([e for e in SAMPLE["entries"] if e["qualifying"]])
    for box, name in zip(boxes, expected, strict=False):
        assert card_text_difference(picture, box, name) < SAME, name


async def test_a_wrong_name_does_not_read_as_the_right_one(sample_grid: GridReport) -> None:
    """The check tells names apart: slot 2's box does not read as slot 1's driver."""
    spec = grid_card(sample_grid)
    picture = decoded(draw_grid_card(spec))
    second = card_layout(spec).drivers[1]
    assert card_text_difference(picture, second, "Corey Heim") > 5 * SAME


async def test_pole_and_outside_pole_are_marked(sample_grid: GridReport) -> None:
    """Slot 1 is the pole, slot 2 the outside pole, the rest unmarked."""
    marks = [slot.mark for slot in grid_card(sample_grid).slots]
    assert marks == [POLE, OUTSIDE_POLE, "", "", ""]


async def test_the_alt_text_lists_the_grid(sample_grid: GridReport) -> None:
    """The attachment's description names the race and every car in order."""
    description = grid_card(sample_grid).description
    assert description.startswith("Starting grid of the 2025 Baptist Health 200")
    qualified = sorted((e for e in SAMPLE["entries"] if e["qualifying"]), key=lambda e: e["qualifying"])
    positions = [description.index(f"{e['qualifying']} #{e['car']} {e['driver']}") for e in qualified]
    assert positions == sorted(positions)


def test_a_long_name_shrinks_to_fit_its_card() -> None:
    """A name too long for the card at full size is drawn smaller, then cut, never past the card."""
    long = "Wolfgang Amadeus Maximilian Fitzgerald-Montgomery"
    spec = GridCard(
        "cup", "CUP 2024", "Race", "Track", "Starting lineup", (CardSlot(1, "#1", long, "", POLE),), ""
    )
    box = card_layout(spec).drivers[0]
    assert box.size < 24
    assert box.xy[0] + font("bold", box.size).getlength(box.text) <= MARGIN + CARD_W


def test_the_description_stays_within_discord_limits() -> None:
    """Sixty cars with long names: the alt text is cut to 1,024 characters, saying how many more."""
    text = listed("Starting grid: ", [f"{n} #{n} Driver With A Rather Long Name {n}" for n in range(1, 61)])
    assert len(text) <= DESCRIPTION_LIMIT
    assert text.endswith("more.")


@pytest.fixture(scope="module")
def daytona_2024(shared_data: Path) -> list[dict[str, str]]:
    """The 2024 Daytona 500's rows from the raw Cup CSV, in grid order."""
    with gzip.open(shared_data / "nascar" / "cup_series.csv.gz", "rt", newline="") as stream:
        rows = [row for row in csv.DictReader(stream) if row["Season"] == "2024" and row["Race"] == "1"]
    return sorted(rows, key=lambda row: int(row["Start"]))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def daytona_grid(history_db: str) -> AsyncIterator[GridReport]:
    yield await _grid(history_db, "daytona 500", series="cup", year=2024)


@pytest.mark.fulldata
@pytest.mark.asyncio(loop_scope="module")
async def test_the_daytona_500_card_holds_all_forty_in_grid_order(
    daytona_grid: GridReport, daytona_2024: list[dict[str, str]]
) -> None:
    """40 cars, 20 rows: the expected size, not blank, each box the raw data's driver of that slot."""
    spec = grid_card(daytona_grid)
    picture = decoded(draw_grid_card(spec))
    assert len(daytona_2024) == 40
    assert picture.size == (WIDTH, card_height(40))
    not_blank(picture)
    boxes = card_layout(spec).drivers
    assert len(boxes) == 40
    for box, row in zip(boxes, daytona_2024, strict=True):
        assert card_text_difference(picture, box, row["Driver"]) < SAME, row["Driver"]


@pytest.mark.fulldata
@pytest.mark.asyncio(loop_scope="module")
async def test_the_daytona_500_card_is_small_enough_to_post_everywhere(daytona_grid: GridReport) -> None:
    """A palette PNG well under Discord's 10 MiB (and 200 KB, for 2,000 uploads of one grid)."""
    assert len(draw_grid_card(grid_card(daytona_grid))) < 200_000
