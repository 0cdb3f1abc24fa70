"""The answer service on the sample store: typed text in, a report or a user-facing error out."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answers.errors import Ambiguous, NoData, NoMatch
from bot.answers.service import Answers
from db.store import Store
from db.store.state import bump_data_version
from tests.store.builders import add_two_busches

SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "db" / "sample_data" / "truck_2025_homestead.json").read_text()
)
FRONT_ROW = sorted((e for e in SAMPLE["entries"] if e["qualifying"] in (1, 2)), key=lambda e: e["qualifying"])


@pytest.fixture
async def answers(store: Store) -> AsyncIterator[Answers]:
    service = Answers(store, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    await service.refresh()
    yield service


async def test_pole_report_for_a_typed_track(answers: Answers) -> None:
    """A nickname-free typed track resolves and the report names the sample's front row."""
    report = await answers.pole("homestead")
    assert (report.pole.driver, report.outside and report.outside.driver) == tuple(
        e["driver"] for e in FRONT_ROW
    )
    assert (report.event.name, report.event.season, report.freshness.sample_only) == (
        SAMPLE["name"],
        SAMPLE["season"],
        True,
    )


async def test_second_question_comes_from_the_cache(answers: Answers) -> None:
    """The same question twice runs the query once."""
    await answers.pole("homestead", series="truck")
    misses = answers.cache.misses
    await answers.pole("Homestead-Miami Speedway", series="craftsman truck series")
    assert answers.cache.misses == misses and answers.cache.hits == misses


async def test_a_repeated_question_gets_the_very_same_report(answers: Answers) -> None:
    """Asked again (in other words) while nothing changed, the answer is the same object, so its embeds
    are built once (see `bot.render.memo`)."""
    first = await answers.pole("homestead", series="truck")
    assert await answers.pole("Homestead-Miami Speedway", series="craftsman truck series") is first
    assert await answers.schedule(series="truck", season=2025) is await answers.schedule(
        series="truck", season=2025
    )


async def test_a_sync_round_freshens_the_answer(answers: Answers) -> None:
    """After a live-sync round the same question gets a new report whose footer says when it synced."""
    before = await answers.pole("homestead")
    synced = datetime(2025, 1, 1, 12, tzinfo=UTC)
    answers.note_synced(synced)
    after = await answers.pole("homestead")
    assert after is not before
    assert (before.freshness.synced_at, after.freshness.synced_at) == (None, synced)
    assert after.pole == before.pole


async def test_no_pole_in_that_series_says_so(answers: Answers) -> None:
    """A known track without the asked series' pole is NoData, worded for the fan."""
    with pytest.raises(NoData, match=r"No cup pole at Homestead-Miami Speedway in the store\."):
        await answers.pole("homestead", series="cup")


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda a: a.pole("silverstone"), "track"),
        (lambda a: a.pole("homestead", series="formula one"), "series"),
        (lambda a: a.driver("zzzzzz qqqq"), "driver"),
    ],
)
async def test_unknown_names_raise_no_match(answers: Answers, call, kind: str) -> None:
    """Whichever option matches nothing is named in the error."""
    with pytest.raises(NoMatch) as raised:
        await call(answers)
    assert raised.value.kind == kind


async def test_driver_report_in_the_sample(answers: Answers) -> None:
    """A driver of the sample weekend has a report with that entry as the latest."""
    report = await answers.driver("kyle larson", track="homestead")
    entry = next(e for e in SAMPLE["entries"] if e["driver"] == "Kyle Larson")
    (latest,) = report.latest
    assert (report.name, latest.car_number, latest.start_position) == (
        "Kyle Larson",
        entry["car"],
        entry["qualifying"],
    )


async def test_ambiguous_surname_asks_which(empty_store: Store) -> None:
    """Two drivers with one surname and equal records make the name ambiguous."""
    await add_two_busches(empty_store)
    service = Answers(empty_store, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    await service.refresh()
    with pytest.raises(Ambiguous) as raised:
        await service.driver("busch")
    assert set(raised.value.options) == {"Kyle Busch", "Kurt Busch"}


async def test_refresh_only_when_the_data_version_moved(answers: Answers, store: Store) -> None:
    """An unchanged store is not re-read; a bumped data version clears the cached answers."""
    await answers.pole("homestead")
    assert await answers.refresh_if_changed() is False
    assert len(answers.cache) > 0
    async with store.sessions.begin() as session:
        await bump_data_version(session)
    assert await answers.refresh_if_changed() is True
    assert len(answers.cache) == 0


async def test_a_coming_race_without_a_grid_says_when_it_is_set(store: Store) -> None:
    """On the race weekend, /grid and /pole at the track mean the coming race: before qualifying they say
    when qualifying and the green flag are, and /results says when it starts, instead of last year's."""
    from sqlalchemy import select

    from db.store.models import Event, Series, Session, Track

    qualifying, green = datetime(2026, 3, 21, 17, 0, tzinfo=UTC), datetime(2026, 3, 22, 19, 0, tzinfo=UTC)
    async with store.sessions.begin() as session:
        series = await session.scalar(select(Series.id).where(Series.code == "truck"))
        track = await session.scalar(select(Track.id).where(Track.name == "Homestead-Miami Speedway"))
        event = Event(series_id=series, season=2026, round=5, name="Next Year 200", track_id=track,
                      start_time_utc=green)  # fmt: skip
        event.sessions = [
            Session(kind="qualifying", name="Qualifying", start_time_utc=qualifying),
            Session(kind="race", name="Next Year 200", start_time_utc=green),
        ]
        session.add(event)
        await bump_data_version(session)
    service = Answers(store, clock=lambda: datetime(2026, 3, 20, tzinfo=UTC))
    await service.refresh()
    expected = (
        "The lineup for the 2026 Next Year 200 at Homestead-Miami Speedway is not out yet: qualifying is "
        f"<t:{int(qualifying.timestamp())}:F>, the green flag <t:{int(green.timestamp())}:F>."
    )
    with pytest.raises(NoData) as grid:
        await service.grid("homestead")
    with pytest.raises(NoData) as pole:
        await service.pole("homestead")
    with pytest.raises(NoData, match=f"has no results yet. It starts <t:{int(green.timestamp())}:F>"):
        await service.results("homestead")
    assert str(grid.value) == str(pole.value) == expected
    # A week earlier it is not this weekend's race yet: last season's answers.
    earlier = Answers(store, clock=lambda: datetime(2026, 3, 10, tzinfo=UTC))
    await earlier.refresh()
    assert (await earlier.grid("homestead")).event.season == 2025
