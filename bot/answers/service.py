"""The answer service: the one thing cogs call, between what a fan typed and the store.

It owns the store, the name index built from it and the answer cache. Each answer method takes the
options as typed, resolves them (raising a user-facing error when it cannot), computes over the race
book (a query only for what is ahead) and returns a typed report from `kernel.reports`; the cog hands
that to an embed builder.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from bot.answers import heap, lookup
from bot.answers.cache import AnswerCache
from bot.answers.careers import Careers
from bot.answers.champions import finale_champion, season_champion
from bot.answers.compare import never_met, same_driver
from bot.answers.completion import Completions
from bot.answers.errors import NoData
from bot.answers.hints import OperatorHints
from bot.answers.names import build_name_index
from bot.answers.race_charts import RaceCharts
from bot.answers.races import no_grid_yet, pick_race, race_at
from bot.answers.snapshot import Derived, Snapshots
from bot.answers.spans import check_span, span_text
from bot.answers.standings import Standings
from bot.answers.weekends import coming_weekends
from bot.pictures.specs import RaceChart
from bot.resolve import NameIndex
from db.store import Store
from db.store.ledger import RaceBook, load_race_book
from db.store.ledger.compare import Scope, head_to_head, start_seasons
from db.store.ledger.poles import pole_page
from db.store.ledger.races import finishing_order, starting_grid
from db.store.ledger.tallies import min_max_season, results_through, season_races
from db.store.ledger.tracks import track_report
from db.store.queries.upcoming import upcoming_track_names
from db.store.state import data_stamp, data_version, sample_only
from kernel.reports import (
    CompareReport,
    DriverReport,
    EventInfo,
    Freshness,
    GridReport,
    GridSlot,
    LeadersReport,
    PoleReport,
    ResultsReport,
    ScheduleReport,
    TrackReport,
    WeekendReport,
)
from kernel.series import SERIES_CODES
from kernel.standings import StandingsReport

log = logging.getLogger(__name__)

R = TypeVar("R")

EMPTY_STORE = "The store holds no races yet. Ask again in a little while."


class Answers:
    """Answers questions from one store; `refresh()` after the store's data changed."""

    def __init__(
        self, store: Store, *, clock: Callable[[], datetime], snapshots: Snapshots | None = None
    ) -> None:
        self.store = store
        self.snapshots = snapshots
        self.cache = AnswerCache()
        self.names = NameIndex.build(drivers=(), tracks=(), aliases=())
        self.book = RaceBook(events={}, tracks={}, drivers={}, qualifying={}, stats={})
        self.upcoming_tracks: list[str] = []
        self.sample_only = False
        self.results_through: EventInfo | None = None
        self.synced_at: datetime | None = None
        self.hints = OperatorHints()
        self._standings = Standings(self, clock=clock)
        self._careers = Careers(self, self._standings, self._finished)
        self._race_charts = RaceCharts(store)
        # Bumped when a sync round changes `freshness` (a refresh clears the cache): finished answers
        # are kept per freshness.
        self._freshness_version = 0
        self.data_version = -1
        self._clock = clock

    async def refresh(self) -> None:
        """Rebuild what is derived from the data: names, upcoming tracks, cached answers. The names and
        race book come from the snapshot of this data when there is one, and are saved as one if not."""
        stamp = await data_stamp(self.store.sessions)
        version = stamp.version
        derived = None if self.snapshots is None else await asyncio.to_thread(self.snapshots.load, stamp)
        if derived is None:
            derived = Derived(await build_name_index(self.store), await load_race_book(self.store.sessions))
            if self.snapshots is not None:
                await asyncio.to_thread(self.snapshots.save, stamp, derived)
        self.names, self.book = derived.names, derived.book
        self.upcoming_tracks = await upcoming_track_names(self.store.sessions, now=self._clock())
        self.sample_only = await sample_only(self.store.sessions)
        self.results_through = results_through(self.book)
        self.cache.clear()
        self.data_version = version
        self.hints.refreshed(data_version=version, sample_only=self.sample_only)
        # The book and names are a few hundred thousand objects kept until the next refresh, free of
        # cycles: freezing them spares every full collection walking them (about 85 ms each, which
        # otherwise lands on some unlucky answer).
        gc.collect()
        gc.freeze()
        heap.trim()

    async def refresh_if_changed(self) -> bool:
        """Refresh when an import (here or in another process) moved the data version."""
        if await data_version(self.store.sessions) == self.data_version:
            return False
        await self.refresh()
        log.info("store changed (data version %d): names and answers refreshed", self.data_version)
        return True

    # Answers: options as typed in, a report out.

    async def pole(
        self,
        track: str | None = None,
        *,
        series: str | None = None,
        year: int | None = None,
        race: str | None = None,
    ) -> PoleReport:
        """The pole of the latest race at `track` (in that series and season, if given), or of `race`.

        With neither series nor race, the other national series' poles at that track that weekend follow.
        """
        self._check_not_empty()
        code = self.series_code(series)
        if race is not None:
            event, others = await self._race(race, series=series, year=year)
        elif track is None:
            raise NoData("Name a track (e.g. track:homestead) or a race (e.g. race:daytona 500).")
        else:
            place = lookup.track(self.names, track, series=code)
            event, others = race_at(
                self.names, self.book, place, series=code, season=year, now=self._clock(), what="pole"
            )
        slots, _ = self._grid(event.id)
        if not slots:
            raise NoData(await self._no_grid_yet(event))
        every_series = code is None and race is None
        report = self.cache.get(
            ("pole", event.id, every_series),
            lambda: pole_page(self.book, event, slots, every_series=every_series),
        )
        return self._finished(
            ("pole", event.id, every_series, others),
            lambda: replace(report, others=others, freshness=self.freshness),
        )

    async def driver(
        self,
        name: str,
        *,
        series: str | None = None,
        track: str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
    ) -> DriverReport:
        """A driver's record per series, optionally at one track and within a span of seasons: see
        `bot.answers.careers`."""
        self._check_not_empty()
        return await self._careers.driver(
            name, series=series, track=track, from_year=from_year, to_year=to_year
        )

    async def compare(
        self,
        driver_a: str,
        driver_b: str,
        *,
        series: str | None = None,
        track: str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
    ) -> CompareReport:
        """Two drivers head to head over the races both started (in one series: the one asked, else the
        one they raced together most), optionally at one track and within a span of seasons."""
        self._check_not_empty()
        check_span(from_year, to_year)
        code = self.series_code(series)
        place = None if track is None else lookup.track(self.names, track, series=code)
        first, also_a = lookup.driver(self.names, driver_a, series=code)
        second, also_b = lookup.driver(self.names, driver_b, series=code)
        if first.id == second.id:
            raise same_driver(first.name, (driver_a, driver_b), (also_a, also_b), series=code)
        a, b = int(first.id), int(second.id)
        scope = Scope(code, None if place is None else int(place.id), from_year, to_year)
        report = self.cache.get(("compare", a, b, scope), lambda: head_to_head(self.book, a, b, scope))
        if report is None:
            raise NoData(
                never_met(
                    (first.name, second.name),
                    (
                        start_seasons(self.book, a, series=code, track_id=scope.track_id),
                        start_seasons(self.book, b, series=code, track_id=scope.track_id),
                    ),
                    series=code,
                    track=None if place is None else place.name,
                    span=span_text(from_year, to_year),
                )
            )
        return self._finished(
            ("compare", a, b, scope, also_a, also_b),
            lambda: replace(
                report,
                a=replace(report.a, also=also_a),
                b=replace(report.b, also=also_b),
                freshness=self.freshness,
            ),
        )

    async def grid(self, race: str, *, series: str | None = None, year: int | None = None) -> GridReport:
        """The starting lineup of a race named by track ("homestead") or by name ("2024 daytona 500")."""
        event, others = await self._race(race, series=series, year=year)
        slots, from_qualifying = self._grid(event.id)
        if not slots:
            raise NoData(await self._no_grid_yet(event))
        return self._finished(
            ("grid", event.id, others),
            lambda: GridReport(event, slots, from_qualifying, others, self.freshness),
        )

    async def results(
        self, race: str, *, series: str | None = None, year: int | None = None
    ) -> ResultsReport:
        """The finishing order of a race named by track or by name, with its figures where the feed gave them."""
        event, others = await self._race(race, series=series, year=year)
        lines = self.cache.get(("results", event.id), lambda: finishing_order(self.book, event.id))
        if not lines:
            when = (
                f" It starts <t:{int(event.start_time_utc.timestamp())}:F>." if event.start_time_utc else ""
            )
            raise NoData(f"The {event.season} {event.name} at {event.track_name} has no results yet.{when}")
        return self._finished(
            ("results", event.id, others),
            lambda: ResultsReport(
                event,
                lines,
                event.results_official,
                others,
                self.freshness,
                self.book.stats.get(event.id),
                champion=finale_champion(self.book, event),
                changes=self.book.changes.get(event.id, ()),
            ),
        )

    async def race_chart(self, event: EventInfo) -> RaceChart | None:
        """Positions by lap of a race whose lap times the store holds; None for one without."""
        return await self._race_charts.chart(event, version=self.data_version)

    async def track(self, track: str, *, series: str | None = None) -> TrackReport:
        """A track's facts, its last five winners and pole sitters, and its leaders in one series
        (the one asked, else Cup where Cup raced, else the series that raced there most)."""
        self._check_not_empty()
        code = self.series_code(series)
        place = lookup.track(self.names, track, series=code)
        track_id = int(place.id)

        report = self.cache.get(("track", track_id, code), lambda: track_report(self.book, track_id, code))
        return self._finished(("track", track_id, code), lambda: replace(report, freshness=self.freshness))

    async def schedule(self, *, series: str | None = None, season: int | None = None) -> ScheduleReport:
        """A series' season (Cup and the latest season by default), race by race."""
        self._check_not_empty()
        code = self.series_code(series) or "cup"
        year = season or min_max_season(self.book, code)[1]
        if year is None:
            raise NoData(f"No {code} races in the store.")
        races = self.cache.get(("schedule", code, year), lambda: tuple(season_races(self.book, code, year)))
        if not races:
            first, last = min_max_season(self.book, code)
            held = f" (it holds {first}–{last})" if first else ""
            ahead = year >= self._clock().year and (last is None or year > last)
            self.hints.missing_season(code, year, ahead=ahead)
            why = "it is not published (or not loaded) yet" if ahead else "that season's history isn't loaded"
            raise NoData(f"No {year} {code} schedule in the store{held}: {why}.")
        return self._finished(
            ("schedule", code, year),
            lambda: ScheduleReport(code, year, races, self.freshness, season_champion(code, year)),
        )

    async def leaders(
        self,
        stat: str,
        *,
        series: str | None = None,
        track: str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        min_starts: int | None = None,
    ) -> LeadersReport:
        """The top 10 in a statistic in a series (Cup by default), optionally at one track and over a span
        of seasons; drivers need `min_starts` starts there (by default 10 for averages, else 1): see
        `bot.answers.careers`."""
        self._check_not_empty()
        return await self._careers.leaders(
            stat, series=series, track=track, from_year=from_year, to_year=to_year, min_starts=min_starts
        )

    async def next_weekends(self, *, series: str | None = None) -> tuple[WeekendReport, ...]:
        """The next race weekend of the series, or of each series; NoData when the store has no schedule ahead."""
        self._check_not_empty()
        code = self.series_code(series)
        codes = (code,) if code else SERIES_CODES
        weekends = await coming_weekends(
            self.store.sessions, self.book, codes, now=self._clock(), freshness=self.freshness
        )
        if not weekends:
            self.hints.nothing_ahead(codes)
            raise NoData(
                f"No {code + ' ' if code else ''}race ahead in the store: the coming schedule is not "
                "published (or not loaded) yet."
            )
        return weekends

    async def standings(
        self, *, series: str | None = None, season: int | None = None, table: str | None = None
    ) -> StandingsReport:
        """A season's table (Cup, the latest season and drivers by default): see `bot.answers.standings`."""
        self._check_not_empty()
        return await self._standings.report(self.series_code(series) or "cup", season=season, table=table)

    async def published_standings(self, series: str, season: int) -> StandingsReport | None:
        """NASCAR's drivers table of a season as last published, or None: for the standings posts."""
        return await self._standings.published(series, season)

    async def _race(
        self, text: str, *, series: str | None, year: int | None
    ) -> tuple[EventInfo, tuple[str, ...]]:
        """The event a race option means, and the other races at that track that season (to switch to)."""
        self._check_not_empty()
        return pick_race(
            self.names,
            self.book,
            lookup.checked("race", text),
            series=self.series_code(series),
            season=year,
            now=self._clock(),
        )

    def _grid(self, event_id: int) -> tuple[tuple[GridSlot, ...], bool]:
        """The race's lineup (or qualifying order before it is out), cached: /pole and /grid share it."""
        return self.cache.get(("grid", event_id), lambda: starting_grid(self.book, event_id))

    async def _no_grid_yet(self, event: EventInfo) -> str:
        return await no_grid_yet(self.store.sessions, event, now=self._clock())

    def note_synced(self, at: datetime) -> None:
        """The live sync finished a round at `at`: answers' footers say so from now on."""
        self.synced_at = at
        self._freshness_version += 1

    def _finished(self, key: Hashable, finish: Callable[[], R]) -> R:
        """The answer as sent, kept per question while the data and its freshness stand: a repeat gets
        the very same report, so the embed builders (which remember recent reports) build it once."""
        return self.cache.get(("finished", self._freshness_version, key), finish)

    @property
    def complete(self) -> Completions:
        """Autocomplete over the current names (never raises, whatever was typed)."""
        return Completions(self.names, self.upcoming_tracks)

    @property
    def freshness(self) -> Freshness:
        return Freshness(self.sample_only, self.results_through, self.synced_at)

    def _check_not_empty(self) -> None:
        """Nothing was ever stored (not even the sample: a first import is filling the store)."""
        if self.data_version <= 0:
            raise NoData(EMPTY_STORE)

    def series_code(self, series: str | None) -> str | None:
        """The series code for a typed series option; None when the option was left out."""
        return None if series is None else lookup.series_code(self.names, series)
