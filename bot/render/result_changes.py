"""One line saying that NASCAR changed a race's official result after the race: when, whom and why.

e.g. "Changed after the race (<t:…:d>): #9 Josh Berry disqualified (2nd → 37th) — Failed post-race
inspection; order updated". Short for a phone: the cars the feed gives a reason for (a few), and the
others that merely moved summed up in two words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.render.common import car, clip, ordinal
from kernel.result_changes import ChangeAfterRace

# Cars named with their reason; more are counted.
NAMED = 3
REASON_WIDTH = 120


def _place(first: ChangeAfterRace, last: ChangeAfterRace) -> str:
    """ "(2nd → 37th)", "(40 → 0 points)" or nothing, from the first official result to the latest."""
    before, after = first.finish_before, last.finish_after
    if before is not None and after is not None and before != after:
        return f" ({ordinal(before)} → {ordinal(after)})"
    if before is not None and after is None:
        return f" (was {ordinal(before)})"
    points_before, points_after = first.points_before, last.points_after
    if points_before is not None and points_after is not None and points_before != points_after:
        return f" ({points_before} → {points_after} points)"
    return ""


@dataclass(slots=True)
class _Car:
    """One car's changes: its first official result, its latest, and what the feed said along the way."""

    first: ChangeAfterRace
    last: ChangeAfterRace
    reason: str | None = None
    was_disqualified: bool = False

    def named(self) -> str:
        text = f"{car(self.last.car_number)}{self.last.driver}"
        if self.was_disqualified and not self.last.disqualified:
            return text + " reinstated" + _place(self.first, self.last)  # the disqualification undone
        if self.last.disqualified:
            text += " disqualified"
        text += _place(self.first, self.last)
        if self.reason:
            text += f" — {clip(self.reason, REASON_WIDTH)}"
        return text


def _rest(moved: Sequence[tuple[ChangeAfterRace, ChangeAfterRace]]) -> str | None:
    """What happened to the cars the feed gives no reason for, in two words (nothing where a later
    change undid an earlier one)."""
    if any(first.finish_before != last.finish_after for first, last in moved):
        return "order updated"
    if any(first.points_before != last.points_after for first, last in moved):
        return "points updated"
    if any(first.status_before != last.status_after for first, last in moved):
        return "statuses updated"
    return None


def changed_after_race_line(changes: Sequence[ChangeAfterRace]) -> str | None:
    """The line, or None when the result stands as first made official (or every change was undone).
    A car changed twice (a disqualification, then its appeal) reads from its first official result to
    its latest."""
    cars: dict[str, _Car] = {}
    for change in changes:  # oldest first
        known = cars.setdefault(change.driver, _Car(change, change))
        known.last = change
        known.reason = change.reason or known.reason
        known.was_disqualified |= change.disqualified
    named: list[_Car] = []
    moved: list[tuple[ChangeAfterRace, ChangeAfterRace]] = []
    for known in cars.values():
        if known.reason or known.was_disqualified:
            named.append(known)
        else:
            moved.append((known.first, known.last))
    rest = _rest(moved)
    if not named and rest is None:
        return None
    parts = [known.named() for known in named[:NAMED]]
    if len(named) > NAMED:
        parts.append(f"{len(named) - NAMED} more penalised")
    if rest is not None:
        parts.append(rest if named else f"{rest} (NASCAR's feed gives no reason)")
    when = int(max(change.seen_at for change in changes).timestamp())
    return f"Changed after the race (<t:{when}:d>): " + "; ".join(parts)
