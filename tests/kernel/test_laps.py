"""Lap times as the store keeps them: packed one byte a lap, names without the lap feed's markers,
and payloads whose values would not fit refused with their JSON path."""

from __future__ import annotations

from typing import Any

import pytest

from kernel.laps import LapTimesError, RaceLaps, driver_name, pack, parse_lap_times, unpack


def _car(**overrides: Any) -> dict[str, Any]:
    car = {"Number": "9", "FullName": "Chase Elliott", "RunningPos": 1, "NASCARDriverID": 4062}
    car["Laps"] = [{"Lap": 0, "RunningPos": 3}, {"Lap": 1, "RunningPos": 2}, {"Lap": 2, "RunningPos": 1}]
    return {**car, **overrides}


def test_positions_pack_one_byte_a_lap_and_back() -> None:
    """None (no position that lap) is 0 on the way in and None again on the way out."""
    positions = (5, 4, None, 1, 255)
    assert pack(positions) == bytes([5, 4, 0, 1, 255])
    assert unpack(pack(positions)) == positions


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("* Daniel Suarez", "Daniel Suarez"),
        ("Josh Berry(i)", "Josh Berry"),
        ("Chandler Smith #", "Chandler Smith"),
        ("Martin Truex Jr.", "Martin Truex Jr."),
    ],
)
def test_names_lose_the_lap_feeds_markers(raw: str, clean: str) -> None:
    """Rookie, no-points and starred names read as the driver's name."""
    assert driver_name(raw) == clean


def test_a_car_reads_in_finishing_order_with_its_laps() -> None:
    """Cars sorted by the final running position; laps run is the last lap with a position."""
    laps = parse_lap_times({"laps": [_car(Number="2", RunningPos=2), _car()], "flags": []})
    assert [car.car_number for car in laps.cars] == ["9", "2"]
    assert (laps.cars[0].positions, laps.cars[0].feed_driver_id, laps.laps) == ((3, 2, 1), 4062, 2)


def test_no_cars_is_a_race_without_lap_times() -> None:
    """An empty payload parses: the importer counts it as a race without lap times."""
    assert parse_lap_times({"laps": [], "flags": []}) == RaceLaps((), ())


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (
            {"laps": [_car(Laps=[{"Lap": 0, "RunningPos": 256}])], "flags": []},
            "$.laps[0].Laps[0].RunningPos: 256 is out of range (1 to 255)",
        ),
        (
            {"laps": [_car(Laps=[{"Lap": -1, "RunningPos": 1}])], "flags": []},
            "$.laps[0].Laps[0].Lap: -1 is out of range (0 to 2,000)",
        ),
        (
            {"laps": [_car()], "flags": [{"LapsCompleted": 1, "FlagState": 300}]},
            "$.flags[0].FlagState: 300 is out of range (0 to 255)",
        ),
        (
            {"laps": [_car(NASCARDriverID="4062")], "flags": []},
            "$.laps[0].NASCARDriverID: expected int, got str",
        ),
        ({"laps": [_car()] * 101, "flags": []}, "$.laps: 101 cars, over the 100 a race may have"),
    ],
)
def test_values_that_would_not_fit_are_refused_with_their_path(payload: Any, where: str) -> None:
    """Positions and flags must fit a byte, laps the race's bounds, ids their type."""
    with pytest.raises(LapTimesError) as refused:
        parse_lap_times(payload)
    assert str(refused.value) == where
