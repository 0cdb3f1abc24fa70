"""The plain values the name resolver takes in and hands out; no behaviour beyond `Resolution.best`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["match", "ambiguous", "none"]


@dataclass(frozen=True, slots=True)
class DriverEntry:
    """A driver and the career figures used to prefer the prominent one when names collide."""

    id: int
    name: str
    starts: int
    wins: int
    poles: int
    first_season: int | None
    last_season: int | None
    series: frozenset[str]


@dataclass(frozen=True, slots=True)
class TrackEntry:
    """A track; `series` (where it was raced) narrows completions and boosts context matches."""

    id: int
    name: str
    city: str | None
    state: str | None
    races: int
    last_season: int | None
    series: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CarEntry:
    """Who drove `car_number` in one series and season, and how often."""

    series: str
    season: int
    car_number: str
    driver_id: int
    starts: int


@dataclass(frozen=True, slots=True)
class RaceEntry:
    """One race weekend (an event); `series` is a series code and `track` the track's name."""

    id: int
    series: str
    season: int
    round: int
    name: str
    track: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked answer; `via` says which rule found it ("exact", "alias", "fuzzy", "car", ...)."""

    kind: str
    id: int | str
    name: str
    score: float
    via: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of one lookup: candidates ranked best-first, and whether the best is safe to use."""

    kind: str
    query: str
    status: Status
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        """The top candidate (also for "ambiguous"), or None when nothing matched."""
        return self.candidates[0] if self.candidates else None
