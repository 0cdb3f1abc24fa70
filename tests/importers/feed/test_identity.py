"""Matching feed drivers and tracks to what the history import stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.importers.aliases import import_aliases, load_alias_csvs
from db.importers.feed.identity import Identities, clean_feed_name, driver_key
from db.store import Store
from db.store.models import Driver, Track
from kernel.naming import fold
from tests.store.builders import Row, add_race


@pytest.mark.parametrize(
    ("feed_name", "clean"),
    [
        ("Chandler Smith #", "Chandler Smith"),
        ("Josh Berry(i)", "Josh Berry"),
        ("Josh Berry (i) #", "Josh Berry"),
        ("Martin Truex Jr.", "Martin Truex Jr."),
    ],
)
def test_live_feed_markers_are_stripped(feed_name: str, clean: str) -> None:
    """Rookie "#" and not-for-points "(i)" markers are not part of the name."""
    assert clean_feed_name(feed_name) == clean


@pytest.mark.parametrize(
    ("feed_name", "history_name"),
    [("AJ Allmendinger", "A.J. Allmendinger"), ("Shane Van Gisbergen", "Shane van Gisbergen")],
)
def test_feed_spellings_fold_to_the_history_key(feed_name: str, history_name: str) -> None:
    """The feed's "AJ" and "Van" spellings share the history name's key."""
    assert driver_key(feed_name) == fold(history_name)


async def _history(store: Store, *drivers: str, track: str = "Richmond Raceway") -> None:
    """A history-like race (names only, no feed ids), with the alias rows the history import adds."""
    await add_race(
        store,
        series="cup",
        season=2023,
        round=7,
        track=track,
        rows=[Row(name, i + 1, i + 1) for i, name in enumerate(drivers)],
    )
    async with store.sessions.begin() as session:
        await import_aliases(session, load_alias_csvs())


async def _resolve_driver(store: Store, feed_id: int, name: str) -> Driver:
    async with store.sessions.begin() as session:
        driver_id = await Identities(session, []).driver(feed_id, name)
    async with store.sessions() as session:
        found = await session.get(Driver, driver_id)
    assert found is not None
    return found


async def test_aj_allmendinger_gets_his_feed_id(empty_store: Store) -> None:
    """History's "A.J. Allmendinger" is the feed's "AJ Allmendinger" (3774), not a new driver."""
    await _history(empty_store, "A.J. Allmendinger")
    driver = await _resolve_driver(empty_store, 3774, "AJ Allmendinger")
    assert (driver.name, driver.feed_driver_id) == ("A.J. Allmendinger", 3774)


async def test_van_gisbergen_capitalisation_matches(empty_store: Store) -> None:
    """History's "Shane van Gisbergen" is the feed's "Shane Van Gisbergen"."""
    await _history(empty_store, "Shane van Gisbergen")
    driver = await _resolve_driver(empty_store, 4469, "Shane Van Gisbergen")
    assert (driver.name, driver.feed_driver_id) == ("Shane van Gisbergen", 4469)


async def test_rookie_marker_does_not_make_a_new_driver(sqlite_store: Store) -> None:
    """ "Chandler Smith #" from a live feed is the stored Chandler Smith."""
    await _history(sqlite_store, "Chandler Smith")
    driver = await _resolve_driver(sqlite_store, 4218, "Chandler Smith #")
    assert driver.name == "Chandler Smith"


async def test_linked_driver_is_found_by_feed_id_whatever_the_spelling(sqlite_store: Store) -> None:
    """Once linked, the feed id decides, even if the feed respells the name."""
    await _history(sqlite_store, "A.J. Allmendinger")
    first = await _resolve_driver(sqlite_store, 3774, "AJ Allmendinger")
    again = await _resolve_driver(sqlite_store, 3774, "Allmendinger, AJ")
    assert again.id == first.id


async def test_unknown_driver_is_created_with_a_clean_name(empty_store: Store) -> None:
    """A driver history has never seen is stored once, without feed markers."""
    driver = await _resolve_driver(empty_store, 4500, "Connor Zilisch #")
    assert (driver.name, driver.name_key, driver.feed_driver_id) == ("Connor Zilisch", "connor zilisch", 4500)


async def test_new_driver_takes_history_spelling_from_alias_data(empty_store: Store) -> None:
    """A feed-first import stores "Shane van Gisbergen" as history writes him, for history to find."""
    async with empty_store.sessions.begin() as session:
        driver_id = await Identities(session, load_alias_csvs()).driver(4469, "Shane Van Gisbergen")
    async with empty_store.sessions() as session:
        driver = await session.get(Driver, driver_id)
    assert driver is not None
    assert driver.name == "Shane van Gisbergen"


async def test_namesake_with_another_feed_id_is_kept_apart(empty_store: Store) -> None:
    """A second feed id under a taken name is a different person and gets a distinct row."""
    first = await _resolve_driver(empty_store, 1, "Bill Scott")
    second = await _resolve_driver(empty_store, 2, "Bill Scott")
    async with empty_store.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(Driver))
    assert (first.id != second.id, count) == (True, 2)


async def _resolve_track(store: Store, feed_id: int, name: str) -> Track | None:
    async with store.sessions.begin() as session:
        track_id = await Identities(session, load_alias_csvs()).find_track(feed_id, name)
    if track_id is None:
        return None
    async with store.sessions() as session:
        return await session.get(Track, track_id)


async def test_former_track_name_resolves_to_the_history_track(empty_store: Store) -> None:
    """The feed's 2017-18 "ISM Raceway" (track 84) is history's "Phoenix Raceway"."""
    await _history(empty_store, "Kyle Busch", track="Phoenix Raceway")
    track = await _resolve_track(empty_store, 84, "ISM Raceway")
    assert track is not None
    assert (track.name, track.feed_track_id) == ("Phoenix Raceway", 84)


async def test_alias_data_resolves_a_track_without_alias_rows(empty_store: Store) -> None:
    """The shipped alias data maps "Phoenix International Raceway" even before alias rows are stored."""
    await add_race(
        empty_store,
        series="cup",
        season=2015,
        round=4,
        track="Phoenix Raceway",
        rows=[Row("Kevin Harvick", 1, 1)],
    )
    track = await _resolve_track(empty_store, 84, "Phoenix International Raceway")
    assert track is not None
    assert track.name == "Phoenix Raceway"


async def test_track_name_differing_only_in_case_matches(sqlite_store: Store) -> None:
    """The feed's "Circuit of The Americas" is history's "Circuit of the Americas"."""
    await _history(sqlite_store, "Tyler Reddick", track="Circuit of the Americas")
    track = await _resolve_track(sqlite_store, 214, "Circuit of The Americas")
    assert track is not None
    assert track.name == "Circuit of the Americas"


async def test_unknown_track_is_not_guessed(sqlite_store: Store) -> None:
    """A feed track no name or alias explains is left for the importer to decide."""
    assert await _resolve_track(sqlite_store, 999, "Nowhere Speedway") is None


async def test_new_track_takes_its_canonical_name(empty_store: Store) -> None:
    """A feed-first import stores the 2017 "ISM Raceway" as "Phoenix Raceway", for history to find."""
    async with empty_store.sessions.begin() as session:
        track_id = await Identities(session, load_alias_csvs()).new_track(84, "ISM Raceway")
    async with empty_store.sessions() as session:
        track = await session.get(Track, track_id)
    assert track is not None
    assert (track.name, track.feed_track_id) == ("Phoenix Raceway", 84)
