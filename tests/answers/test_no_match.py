"""What a name that matches nothing is told, on the sample store: the close matches, or what the option takes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answers.errors import QUOTE_LIMIT, NoData, NoMatch, clipped, quoted
from bot.answers.service import Answers
from db.store import Store

SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "db" / "sample_data" / "truck_2025_homestead.json").read_text()
)
TRACK = "Homestead-Miami Speedway"


@pytest.fixture
async def answers(store: Store) -> AsyncIterator[Answers]:
    service = Answers(store, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    await service.refresh()
    yield service


async def no_match(call) -> NoMatch:
    with pytest.raises(NoMatch) as raised:
        await call
    return raised.value


async def test_a_misspelt_driver_names_the_closest(answers: Answers) -> None:
    """A name past the lookup's cutoff names the driver it is loosely like."""
    error = await no_match(answers.driver("cori hiem"))
    assert str(error) == "No driver matches 'cori hiem'. Closest: Corey Heim."


async def test_a_car_number_nobody_ran_names_numbers_written_like_it(answers: Answers) -> None:
    """#1 ran nowhere in the sample's season: the two-digit numbers with a 1 are named, with their drivers."""
    expected = {
        f"#{e['car']} {e['driver']}" for e in SAMPLE["entries"] if len(e["car"]) == 2 and "1" in e["car"]
    }
    error = await no_match(answers.driver("#1"))
    assert set(error.closest) == expected and len(expected) == 3
    assert str(error).startswith("No driver matches '#1'. Closest: #")


async def test_a_misspelt_track_names_the_closest(answers: Answers) -> None:
    """Two letters swapped are past the lookup's cutoff, not past the looser one."""
    error = await no_match(answers.pole("hoemstaed"))
    assert str(error) == f"No track matches 'hoemstaed'. Closest: {TRACK}."


async def test_a_question_around_a_race_names_the_race(answers: Answers) -> None:
    """The words of a question ("who won") are not a race's; the race among them is named."""
    error = await no_match(answers.results("who won the 2025 baptist health 200"))
    assert error.closest == (f"2025 {SAMPLE['name']} (Truck)",)


@pytest.mark.parametrize(
    ("call", "accepts"),
    [
        (
            lambda a: a.driver("zzqx"),
            "Try a driver's name, nickname, initials or car number (kyle larson, rowdy",
        ),
        (lambda a: a.track("zzqx"), "Try a track's name, nickname or city (daytona, dega"),
        (lambda a: a.schedule(series="zzqx"), "Try cup, xfinity or truck, or a name they raced under"),
        (
            lambda a: a.results("zzqx"),
            "Try a track (daytona, dega) or a race name (daytona 500, southern 500)",
        ),
    ],
)
async def test_nothing_close_says_what_the_option_takes(answers: Answers, call, accepts: str) -> None:
    """With nothing even loosely close, the reply says what the option takes, with examples."""
    error = await no_match(call(answers))
    assert error.closest == ()
    assert str(error).startswith(f"No {error.kind} matches 'zzqx'. {accepts}")


async def test_a_year_in_race_text_is_the_year_option(answers: Answers) -> None:
    """ "1999 homestead" is "homestead" with year:1999, down to the reply."""
    with pytest.raises(NoData) as typed:
        await answers.results("1999 homestead")
    with pytest.raises(NoData) as option:
        await answers.results("homestead", year=1999)
    assert str(typed.value) == str(option.value) == f"No 1999 race at {TRACK} in the store."


async def test_a_race_label_from_autocomplete_answers(answers: Answers) -> None:
    """The label autocomplete offers for a race is a name the race option takes."""
    [choice] = [c for c in answers.complete.race("baptist") if c.kind == "race"]
    report = await answers.grid(choice.name)
    assert report.event.name == SAMPLE["name"]


@pytest.mark.parametrize("typed", ["x" * 5000, "*" * 5000, "@everyone " * 500])
def test_every_echoed_value_is_clipped(typed: str) -> None:
    """However long the value, an error repeats at most QUOTE_LIMIT characters of it (escaped, twice that)."""
    assert len(clipped(typed)) == QUOTE_LIMIT and clipped(typed).endswith("…")
    assert len(quoted(typed)) <= 2 * QUOTE_LIMIT
    assert len(str(NoMatch("driver", typed, ["A Name"] * 5))) < 300
