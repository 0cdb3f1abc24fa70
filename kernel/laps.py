"""A race lap by lap: each car's running position and the flag, from NASCAR's lap-times payload.

The payload (`…/{race_id}/lap-times.json`) is `{"laps": [car, …], "flags": [{"LapsCompleted",
"FlagState"}, …]}`, each car with `Number`, `FullName`, `NASCARDriverID`, its final `RunningPos` and
`Laps`: `{"Lap", "RunningPos", …}` from lap 0 (the start). It is checked here, once, for the importer
and for `racebot render race` alike: a missing key or a wrong type is refused with the JSON path of
the first fault, and the bounds (cars, laps, positions) keep a runaway payload out of the store.

The store keeps positions packed, one byte a lap (see `pack`): a 500-lap race is 501 bytes a car.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_CARS = 100
MAX_LAPS = 2_000
# One byte a lap: 0 means "no position that lap".
MAX_POSITION = 255
# The flag a lap was completed under (1 green, 2 yellow, 3 red, 4 white, 5 checkered, 8 hot, 9 cold track).
YELLOW = 2
# Lap feeds mark names: "Chandler Smith #" (rookie), "Josh Berry(i)" (no points in the series), and a
# few "* Daniel Suarez".
_TRAILING_MARKERS = re.compile(r"\s*(\(i\)|#)\s*$")
_LEADING_MARKER = re.compile(r"^\s*\*\s*")


class LapTimesError(ValueError):
    """Not a lap-times payload racebot can use; the message says where and why."""


@dataclass(frozen=True, slots=True)
class CarLaps:
    """One car: its running position lap by lap (index = lap, 0 the start; None where it had none)."""

    car_number: str
    driver: str
    # NASCAR's driver id, which the store's drivers carry once the feed has named them.
    feed_driver_id: int | None
    positions: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class RaceLaps:
    """Every car in finishing order (the final running position), and the flag of each lap completed."""

    cars: tuple[CarLaps, ...]
    # FlagState by laps completed (index); 0 where the payload gives none.
    flags: tuple[int, ...] = ()

    @property
    def laps(self) -> int:
        """The laps run: the last lap any car has a position for."""
        return max((len(car.positions) - 1 for car in self.cars), default=0)

    def cautions(self) -> tuple[tuple[int, int], ...]:
        """(first, last) lap of each run of laps completed under yellow."""
        runs: list[list[int]] = []
        for lap, flag in enumerate(self.flags):
            if flag != YELLOW:
                continue
            if runs and lap == runs[-1][1] + 1:
                runs[-1][1] = lap
            else:
                runs.append([lap, lap])
        return tuple((first, last) for first, last in runs)


def pack(values: Sequence[int | None]) -> bytes:
    """One byte a lap, 0 for None (values are bounded by `parse_lap_times`)."""
    return bytes(value or 0 for value in values)


def unpack(data: bytes) -> tuple[int | None, ...]:
    return tuple(value or None for value in data)


def driver_name(name: str) -> str:
    """The name without the lap feed's markers: "* Daniel Suarez", "Josh Berry(i)" -> "Josh Berry"."""
    return " ".join(_LEADING_MARKER.sub("", _TRAILING_MARKERS.sub("", name)).split())


def _field(item: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise LapTimesError(f"{where}: missing key {key!r}")
    value = item[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise LapTimesError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _bounded(value: int, low: int, high: int, where: str) -> int:
    if not low <= value <= high:
        raise LapTimesError(f"{where}: {value} is out of range ({low} to {high:,})")
    return value


def _positions(car: Any, where: str) -> tuple[int | None, ...]:
    """Lap -> running position, up to the last lap with one."""
    laps = _field(car, "Laps", list, where)
    if len(laps) > MAX_LAPS + 1:
        raise LapTimesError(f"{where}.Laps: {len(laps)} laps, over the {MAX_LAPS:,} a race may have")
    positions: dict[int, int] = {}
    for index, lap in enumerate(laps):
        at = f"{where}.Laps[{index}]"
        number = _bounded(_field(lap, "Lap", int, at), 0, MAX_LAPS, f"{at}.Lap")
        if isinstance(lap, dict) and lap.get("RunningPos") is not None:
            position = _field(lap, "RunningPos", int, at)
            if position:
                positions[number] = _bounded(position, 1, MAX_POSITION, f"{at}.RunningPos")
    last = max(positions, default=-1)
    return tuple(positions.get(lap) for lap in range(last + 1))


def _feed_id(car: Any, where: str) -> int | None:
    if car.get("NASCARDriverID") is None:
        return None
    return int(_field(car, "NASCARDriverID", int, where))


def _car(car: Any, where: str) -> CarLaps:
    return CarLaps(
        car_number=_field(car, "Number", str, where).strip(),
        driver=driver_name(_field(car, "FullName", str, where)),
        feed_driver_id=_feed_id(car, where),
        positions=_positions(car, where),
    )


def _flags(payload: Any) -> tuple[int, ...]:
    flags = _field(payload, "flags", list, "$")
    by_lap: dict[int, int] = {}
    for index, flag in enumerate(flags):
        at = f"$.flags[{index}]"
        lap = _bounded(_field(flag, "LapsCompleted", int, at), 0, MAX_LAPS, f"{at}.LapsCompleted")
        by_lap[lap] = _bounded(_field(flag, "FlagState", int, at), 0, MAX_POSITION, f"{at}.FlagState")
    return tuple(by_lap.get(lap, 0) for lap in range(max(by_lap, default=-1) + 1))


def parse_lap_times(payload: Any) -> RaceLaps:
    """The payload checked and read: cars in finishing order (ties in the feed's order). No cars is
    allowed (a race the feed has no lap times for); what to make of that is the caller's."""
    cars = _field(payload, "laps", list, "$")
    if len(cars) > MAX_CARS:
        raise LapTimesError(f"$.laps: {len(cars)} cars, over the {MAX_CARS} a race may have")
    finishing = sorted(
        range(len(cars)), key=lambda index: _field(cars[index], "RunningPos", int, f"$.laps[{index}]")
    )
    return RaceLaps(tuple(_car(cars[index], f"$.laps[{index}]") for index in finishing), _flags(payload))
