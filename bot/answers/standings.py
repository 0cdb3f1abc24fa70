"""/standings: NASCAR's table where the store has it (live points while a race runs), else the history's
points earned, always saying which it is.

The published tables are a few hundred rows, read whole into memory when the data version moves or a
sync round ran (live points change without moving it), and at least every RELOAD_S so live points
written by another process are seen too. The history's side is `db.store.ledger.standings`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from bot.answers.errors import BadInput, NoData, quoted
from db.reference.champions import champion_of, final_fours
from db.store.ledger.standings import season_points
from db.store.ledger.tallies import min_max_season
from db.store.queries.standings import feed_standings
from kernel.series import SERIES_BY_CODE
from kernel.standings import (
    CHASE_RACES,
    FIRST_RESET,
    TABLES,
    FeedStandings,
    StandingsLine,
    StandingsReport,
    Table,
    against_cut,
    chase_size,
    history_basis,
)

if TYPE_CHECKING:
    from bot.answers.service import Answers

LIVE: Final = "live"
# Seconds a read of the stored tables is trusted before it is read again.
RELOAD_S: Final = 15.0
# Live points this old are a sync that stopped mid-race, not a race under way.
LIVE_STALE: Final = timedelta(hours=6)
OFFICIAL: Final = "NASCAR's official table, as its feed published it."
OWNERS: Final = "Owner points follow the car (its number), whoever drove it."


class Standings:
    """The /standings family of the answer service."""

    def __init__(self, answers: Answers, *, clock: Callable[[], datetime]) -> None:
        self.answers = answers
        self._clock = clock
        self._tables: dict[tuple[str, int, str], FeedStandings] = {}
        self._read_for: tuple[int, datetime | None] | None = None
        self._read_at = float("-inf")
        # series -> its current table, per read of the tables (every /driver asks for it).
        self._current: dict[str, StandingsReport | None] = {}

    async def report(self, series: str, *, season: int | None, table: str | None) -> StandingsReport:
        """The table asked for: live points during a race, NASCAR's table, else points earned."""
        kind = _table(table)
        await self._read()
        freshness = self.answers.freshness
        live = self._live(series, season, kind)
        if live is not None:
            return self.answers.cache.get(
                ("standings", series, LIVE, live.fetched_at, live.lap, freshness),
                lambda: self._live_report(live),
            )
        year = season or self._latest_season(series)
        if year is None:
            raise NoData(f"No {series} races in the store.")
        published = self._published(series, year, kind)
        if published is not None:
            return published
        if kind != "drivers":
            raise NoData(
                f"No {year} {series} {kind} table in the store: owner and manufacturer points come only "
                "from NASCAR's feed, for the seasons it publishes them."
            )
        return self.answers.cache.get(
            ("standings", series, year, kind, freshness), lambda: self._history_report(series, year)
        )

    async def current(self, series: str) -> StandingsReport | None:
        """NASCAR's drivers table of the series' current season (the one /standings shows by default),
        marked against the cut line; None when the feed has not published that season's table."""
        await self._read()
        if series not in self._current:
            year = self._latest_season(series)
            self._current[series] = None if year is None else self._published(series, year, "drivers")
        return self._current[series]

    async def published(self, series: str, season: int) -> StandingsReport | None:
        """NASCAR's drivers table of that season as its feed last published it (with the races it counts),
        marked against the cut line; None when the store has none. The announcer's standings posts."""
        await self._read()
        return self._published(series, season, "drivers")

    def _published(self, series: str, year: int, kind: Table) -> StandingsReport | None:
        """The season's table as NASCAR's feed published it, if the store has it (kept per freshness)."""
        published = self._tables.get((series, year, kind))
        if published is None:
            return None
        return self.answers.cache.get(
            ("standings", series, year, kind, published.fetched_at, self.answers.freshness),
            lambda: self._published_report(published),
        )

    async def _read(self) -> None:
        """Read the stored tables again if the data or a sync round moved, or RELOAD_S went by."""
        answers = self.answers
        moved = (answers.data_version, answers.synced_at)
        if moved == self._read_for and time.monotonic() - self._read_at < RELOAD_S:
            return
        found = await feed_standings(answers.store.sessions)
        self._tables = {(t.series_code, t.season, t.kind): t for t in found}
        self._current.clear()
        self._read_for, self._read_at = moved, time.monotonic()

    def _live(self, series: str, season: int | None, kind: str) -> FeedStandings | None:
        """The series' live points, while its race runs (not yet official, not gone stale)."""
        if kind != "drivers":
            return None
        live = next((t for t in self._tables.values() if t.series_code == series and t.kind == LIVE), None)
        if live is None or season not in (None, live.season):
            return None
        event = None if live.event_id is None else self.answers.book.events.get(live.event_id)
        if event is not None and event.results_official:
            return None
        return None if self._clock() - live.fetched_at > LIVE_STALE else live

    def _latest_season(self, series: str) -> int | None:
        """The newest season of the series with a published table or with results in the store."""
        book = self.answers.book
        seasons = [t.season for t in self._tables.values() if t.series_code == series and t.kind != LIVE]
        run = sorted((season for code, season in book.by_season if code == series), reverse=True)
        last = next((s for s in run if any(book.rows(e) for e in book.by_season[(series, s)])), None)
        return max([*seasons, last] if last is not None else seasons, default=None)

    def _published_report(self, table: FeedStandings) -> StandingsReport:
        kind: Table = _table(table.kind)
        notes = [OFFICIAL] + ([OWNERS] if kind == "owners" else [])
        lines, cut = table.lines, None
        if kind == "drivers":
            lines, cut, chase = self._cut(table.series_code, table.season, lines)
            notes += chase
        return self._with_champion(
            StandingsReport(
                table.series_code,
                table.season,
                kind,
                "feed",
                lines,
                tuple(notes),
                cut,
                fetched_at=table.fetched_at,
                races=table.races,
            )
        )

    def _live_report(self, table: FeedStandings) -> StandingsReport:
        lines, cut, chase = self._cut(table.series_code, table.season, table.lines)
        event = None if table.event_id is None else self.answers.book.events.get(table.event_id)
        notes = (
            "Live points while the race runs, as NASCAR's feed has them: official once the race is.",
            *chase,
        )
        return StandingsReport(
            table.series_code,
            table.season,
            "drivers",
            "live",
            lines,
            notes,
            cut,
            fetched_at=table.fetched_at,
            live_event=event,
            lap=table.lap,
            laps_in_race=table.laps_in_race,
            freshness=self.answers.freshness,
        )

    def _history_report(self, series: str, season: int) -> StandingsReport:
        book = self.answers.book
        points = season_points(book, series, season)
        if not points.rows:
            if (series, season) in book.by_season:
                raise NoData(f"The {season} {series} season has no results in the store yet.")
            first, last = min_max_season(book, series)
            held = f" (it holds {first}–{last})" if first else ""
            raise NoData(f"No {season} {series} races in the store{held}.")
        basis = history_basis(
            series, season, rows=points.rows, rows_without_points=points.rows_without_points
        )
        notes = list(basis.notes)
        lines: tuple[StandingsLine, ...] = ()
        cut = None
        if basis.ranked and points.lines:
            lines, cut, chase = self._cut(series, season, points.lines)
            notes += chase
        report = self._with_champion(
            StandingsReport(series, season, "drivers", "history", lines, tuple(notes), cut)
        )
        champion = report.champion
        if (
            champion is not None
            and lines
            and season < FIRST_RESET[series]
            and lines[0].name != champion.driver
        ):
            notes.append(
                f"The official {season} champion is {champion.driver}; these sums rank {lines[0].name} first."
            )
            report = replace(report, notes=tuple(notes))
        return report

    def _cut(
        self, series: str, season: int, lines: tuple[StandingsLine, ...]
    ) -> tuple[tuple[StandingsLine, ...], int | None, list[str]]:
        """The lines marked against the Chase cut line, where the season has one, and a note saying it."""
        size = chase_size(series, season)
        if size is None or not lines:
            return lines, None, []
        label = SERIES_BY_CODE[series].label
        regular = self._regular_races_left(series, season)
        note = (
            f"The Chase: the top {size} in {label} points after the regular season, reset to 2,100, "
            "2,075, 2,065 and 5 fewer a seed (no win-and-in, no playoff points)."
        )
        return against_cut(lines, size, races_left=regular), size, [note]

    def _regular_races_left(self, series: str, season: int) -> int | None:
        """Regular-season races of the season still to run, from the stored schedule (None without one)."""
        book = self.answers.book
        events = book.by_season.get((series, season), [])
        regular = len(events) - CHASE_RACES[series]
        if regular <= 0:
            return None
        return sum(1 for event_id in events[:regular] if event_id not in book.winner_row)

    def _with_champion(self, report: StandingsReport) -> StandingsReport:
        return replace(
            report,
            champion=champion_of(report.series_code, report.season),
            final_four=final_fours().get((report.series_code, report.season)),
            freshness=self.answers.freshness,
        )


def _table(table: str | None) -> Table:
    """The table option: drivers (the default), owners or manufacturers."""
    for kind in TABLES:
        if (table or "drivers") == kind:
            return kind
    raise BadInput(f"No table '{quoted(table or '')}'. Choose one of: {', '.join(TABLES)}.")
