"""NASCAR's lap-times payload (`…/{race_id}/lap-times.json`), checked at the edge, into a race chart's spec.

The payload is `{"laps": [car, …], "flags": [{"LapsCompleted", "FlagState"}, …]}`, each car with
`Number`, `FullName`, its final `RunningPos` and `Laps`: `{"Lap", "RunningPos", …}` from lap 0 (the
start). A file is read up to 8 MiB (the largest real one, 500 laps of 39 cars, is 1.9 MB), and a
payload missing a key or holding a wrong type is refused with the JSON path of the first fault.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import orjson

from bot.pictures.specs import MAX_LAPS, MAX_LINES, RaceChart, RaceLine, clip, listed

MAX_BYTES = 8 * 1024 * 1024
MAX_CARS = 100
# Caution laps: the flag a lap was completed under (1 green, 2 yellow).
YELLOW = 2
# Live and lap feeds mark names: "Chandler Smith #" (rookie), "Josh Berry(i)" (no points in the series).
NAME_MARKERS = re.compile(r"\s*(\(i\)|#)\s*$")


class LapTimesError(ValueError):
    """The file is not a lap-times payload racebot can chart; the message says where and why."""


def read_lap_times(path: Path) -> Any:
    """The JSON payload in `path` (gzip when it ends in .gz), refused beyond MAX_BYTES."""
    opener = gzip.open if path.suffix == ".gz" else Path.open
    try:
        with opener(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except (OSError, EOFError) as error:
        raise LapTimesError(f"{path}: cannot read it ({error})") from None
    if len(raw) > MAX_BYTES:
        raise LapTimesError(f"{path}: over the {MAX_BYTES:,}-byte limit of a lap-times payload")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise LapTimesError(f"{path}: not JSON ({error})") from None


def _field(item: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise LapTimesError(f"{where}: missing key {key!r}")
    value = item[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise LapTimesError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _positions(car: Any, where: str) -> dict[int, int]:
    laps = _field(car, "Laps", list, where)
    if len(laps) > MAX_LAPS + 1:
        raise LapTimesError(f"{where}.Laps: {len(laps)} laps, over the {MAX_LAPS:,} a race chart takes")
    positions = {}
    for index, lap in enumerate(laps):
        at = f"{where}.Laps[{index}]"
        number = _field(lap, "Lap", int, at)
        position = lap.get("RunningPos") if isinstance(lap, dict) else None
        if position is not None:
            positions[number] = _field(lap, "RunningPos", int, at)
    return positions


def cautions(payload: Any) -> tuple[tuple[int, int], ...]:
    """(first, last) lap of each run of laps completed under yellow."""
    flags = _field(payload, "flags", list, "$")
    yellow = sorted(
        _field(flag, "LapsCompleted", int, f"$.flags[{index}]")
        for index, flag in enumerate(flags)
        if _field(flag, "FlagState", int, f"$.flags[{index}]") == YELLOW
    )
    runs: list[list[int]] = []
    for lap in yellow:
        if runs and lap == runs[-1][1] + 1:
            runs[-1][1] = lap
        else:
            runs.append([lap, lap])
    return tuple((first, last) for first, last in runs)


def race_chart(payload: Any, *, title: str, leaders: int = 10) -> RaceChart:
    """Positions by lap of the first `leaders` (at most MAX_LINES) at the finish, in finishing order."""
    cars = _field(payload, "laps", list, "$")
    if not cars or len(cars) > MAX_CARS:
        raise LapTimesError(f"$.laps: {len(cars)} cars; a race chart takes 1 to {MAX_CARS}")
    finishing = sorted(
        range(len(cars)), key=lambda index: _field(cars[index], "RunningPos", int, f"$.laps[{index}]")
    )
    lines = []
    laps = 0
    for place, index in enumerate(finishing[: min(leaders, MAX_LINES)], start=1):
        where = f"$.laps[{index}]"
        car = cars[index]
        name = NAME_MARKERS.sub("", _field(car, "FullName", str, where)).strip()
        number = _field(car, "Number", str, where)
        positions = _positions(car, where)
        laps = max(laps, *positions, 0)
        label = clip(f"{place} #{number} {name}", 40)
        lines.append(
            RaceLine(label, tuple(positions.get(lap) for lap in range(max(positions, default=0) + 1)))
        )
    periods = cautions(payload)
    lead = f"{title}: positions by lap over {laps} laps for the top {len(lines)} at the finish, "
    lead += f"{len(periods)} caution periods shaded; finishing order: "
    return RaceChart(
        clip(title, 80), laps, tuple(lines), periods, listed(lead, [line.label for line in lines])
    )
