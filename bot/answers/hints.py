"""How-tos for the operator, kept out of fans' replies: a reply says what is missing in a fan's words,
and the log says which `racebot` command fills it, once per cause rather than on every answer."""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence

log = logging.getLogger(__name__)

LOAD_HISTORY = "load it with: racebot import history"
LOAD_SEASON = (
    "the live sync fetches a schedule once NASCAR publishes it, or run: racebot import feed --season %s"
)


class OperatorHints:
    """Each hint is logged once, and again only after the data changed (`refreshed`)."""

    def __init__(self) -> None:
        self._given: set[Hashable] = set()

    def refreshed(self, *, data_version: int, sample_only: bool) -> None:
        """New data: every hint may be due again; say once what the store lacks, if anything."""
        self._given.clear()
        if data_version <= 0:
            log.warning("the store holds no races yet (a first import still running?); %s", LOAD_HISTORY)
        elif sample_only:
            log.warning("the store holds only the bundled sample weekend, no history; %s", LOAD_HISTORY)

    def missing_season(self, code: str, year: int, *, ahead: bool) -> None:
        """A fan asked for a season's schedule the store lacks: one still to come, or past history."""
        how = LOAD_SEASON % year if ahead else LOAD_HISTORY
        self._give(("season", code, year), "no %d %s schedule in the store; %s", year, code, how)

    def nothing_ahead(self, codes: Sequence[str]) -> None:
        """A fan asked for what is next and the store has no race ahead in these series."""
        self._give(
            ("ahead", *codes), "no %s race ahead in the store; " + LOAD_SEASON, "/".join(codes), "YEAR"
        )

    def _give(self, cause: Hashable, message: str, *args: object) -> None:
        if cause not in self._given:
            self._given.add(cause)
            log.warning(message, *args)
