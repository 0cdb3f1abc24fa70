"""What a driver's page says beyond the race rows: titles won, and the place in this season's table.

Plain frozen values like `kernel.reports` (whose `DriverReport` carries them): the answer service fills
them from the champions table and NASCAR's published standings, the embed builder reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SeriesTitles:
    """A driver's championships in one series (from the project's table of champions), oldest first."""

    series_code: str
    seasons: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PointsPlace:
    """A driver's line in the current season's points table of one series, as NASCAR's feed published it."""

    series_code: str
    season: int
    position: int
    points: int
    # Points behind the leader (0 for the leader).
    behind_leader: int
    # Points ahead of (+) or behind (-) the cut line, where the season has one.
    to_cut: int | None = None
    clinched: bool = False
    fetched_at: datetime | None = None
