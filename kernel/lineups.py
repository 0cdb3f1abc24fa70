"""Whether a starting lineup may be posted: positions 1..N with no gap or repeat, and a driver in every car."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def lineup_problem(entries: Iterable[tuple[int, str | None]]) -> str | None:
    """Why a lineup of (grid position, driver name) pairs must be held back, or None when it is sound."""
    positions = []
    for position, driver in entries:
        if not driver or not driver.strip():
            return f"the car starting {position} has no driver"
        positions.append(position)
    if not positions:
        return "the lineup is empty"
    repeated = sorted(p for p, n in Counter(positions).items() if n > 1)
    if repeated:
        return "grid position " + ", ".join(map(str, repeated)) + " is held by more than one car"
    missing = sorted(set(range(1, max(positions) + 1)) - set(positions))
    if missing:
        return "the lineup has no car in position " + ", ".join(map(str, missing[:10]))
    return None
