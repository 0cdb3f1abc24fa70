"""Autocomplete for the name options: choices for whatever was typed so far; never raises."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.lookup import MAX_NAME_LENGTH
from bot.resolve import Candidate, NameIndex

# Tracks offered first when a race option's text also fits tracks.
RACE_TRACKS = 5


class Completions:
    """Choices from one name index; empty track text starts with the tracks of the next races."""

    def __init__(self, names: NameIndex, upcoming_tracks: Sequence[str]) -> None:
        self._names = names
        self._upcoming = upcoming_tracks

    def track(self, text: str, *, series: str | None = None) -> list[Candidate]:
        """Typed text ranks tracks; empty text starts with the tracks of the next races."""
        found = self._names.complete_track(text[:MAX_NAME_LENGTH], series=self._quiet_series(series))
        if text.strip() or not self._upcoming:
            return found
        first = [Candidate("track", name, name, 100.0, "upcoming") for name in self._upcoming]
        return first + [c for c in found if c.name not in self._upcoming]

    def driver(self, text: str, *, series: str | None = None, season: int | None = None) -> list[Candidate]:
        return self._names.complete_driver(
            text[:MAX_NAME_LENGTH], series=self._quiet_series(series), season=season
        )

    def race(self, text: str, *, series: str | None = None, season: int | None = None) -> list[Candidate]:
        """Tracks and races: a track first when the text fits one, then races by name."""
        code = self._quiet_series(series)
        races = self._names.complete_race(text[:MAX_NAME_LENGTH], series=code, season=season)
        tracks = self.track(text, series=series) if text.strip() else []
        return [*tracks[:RACE_TRACKS], *races]

    def series(self, text: str) -> list[Candidate]:
        return self._names.complete_series(text[:MAX_NAME_LENGTH])

    def _quiet_series(self, typed: str | None) -> str | None:
        """A filled-in series option as a code if it resolves cleanly; otherwise no filter."""
        if typed is None or not typed.strip():
            return None
        resolution = self._names.resolve_series(typed[:MAX_NAME_LENGTH])
        return str(resolution.candidates[0].id) if resolution.status == "match" else None
