"""A race chart's spec from lap times: a lap-times file read for `racebot render race`, or the laps the
store keeps for `/results` (both checked and read by `kernel.laps`).

A file is read up to 8 MiB (the largest real payload, 500 laps of 39 cars, is 1.9 MB).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import orjson

from bot.pictures.specs import MAX_LINES, RaceChart, RaceLine, clip, listed
from kernel.laps import MAX_CARS, LapTimesError, RaceLaps, parse_lap_times

__all__ = ["LapTimesError", "laps_chart", "race_chart", "read_lap_times"]

MAX_BYTES = 8 * 1024 * 1024


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


def race_chart(payload: Any, *, title: str, leaders: int = 10) -> RaceChart:
    """The chart of a lap-times payload; one without cars has nothing to chart and is refused."""
    laps = parse_lap_times(payload)
    if not laps.cars:
        raise LapTimesError(f"$.laps: 0 cars; a race chart takes 1 to {MAX_CARS}")
    return laps_chart(laps, title=title, leaders=leaders)


def laps_chart(laps: RaceLaps, *, title: str, leaders: int = 10) -> RaceChart:
    """Positions by lap of the first `leaders` (at most MAX_LINES) at the finish, in finishing order."""
    lines = tuple(
        RaceLine(clip(f"{place} #{car.car_number} {car.driver}", 40), car.positions)
        for place, car in enumerate(laps.cars[: min(leaders, MAX_LINES)], start=1)
    )
    run = max([0, *(len(line.positions) - 1 for line in lines)])
    periods = laps.cautions()
    lead = f"{title}: positions by lap over {run} laps for the top {len(lines)} at the finish, "
    lead += f"{len(periods)} caution periods shaded; finishing order: "
    return RaceChart(clip(title, 80), run, lines, periods, listed(lead, [line.label for line in lines]))
