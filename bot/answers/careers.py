"""/driver and /leaders: a driver's record (with titles won and the place in this season's points), and
who leads a series in one statistic (points earned and driver rating among them).

The figures are the race book's (`db.store.ledger.drivers`, `db.store.ledger.leaders`); this family
adds what the book does not hold: the champions table and NASCAR's published standings.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.answers import lookup
from bot.answers.champions import titles_of
from bot.answers.errors import BadInput, NoData, quoted
from bot.answers.spans import check_span, span_text
from db.store.ledger.drivers import driver_report
from db.store.ledger.leaders import leaders_report
from kernel.careers import PointsPlace, SeriesTitles
from kernel.reports import LEADER_STATS, DriverReport, LeadersReport
from kernel.standings import ODD_SEASONS, UNRANKED_MISSING_SHARE

if TYPE_CHECKING:
    from bot.answers.service import Answers
    from bot.answers.standings import Standings

R = TypeVar("R")

# Statistics that are averages: a driver needs 10 starts by default, and any value ranks.
AVERAGES = ("avg_finish", "rating")


class Finished(Protocol):
    """The service's keeper of answers as sent (`Answers._finished`): one per question and freshness."""

    def __call__(self, key: Hashable, finish: Callable[[], R]) -> R: ...


class Careers:
    """The /driver and /leaders family of the answer service."""

    def __init__(self, answers: Answers, standings: Standings, finished: Finished) -> None:
        self.answers = answers
        self.standings = standings
        self._finished = finished

    async def driver(
        self,
        name: str,
        *,
        series: str | None,
        track: str | None,
        from_year: int | None,
        to_year: int | None,
    ) -> DriverReport:
        """A driver's record per series, optionally at one track and within a span of seasons; beyond a
        track, their titles and their place in each series' current points table."""
        answers = self.answers
        check_span(from_year, to_year)
        code = answers.series_code(series)
        place = None if track is None else lookup.track(answers.names, track, series=code)
        person, also = lookup.driver(answers.names, name, series=code)
        track_id = None if place is None else int(place.id)
        report = answers.cache.get(
            ("driver", person.id, code, track_id, from_year, to_year),
            lambda: driver_report(
                answers.book,
                int(person.id),
                series=code,
                track_id=track_id,
                from_year=from_year,
                to_year=to_year,
            ),
        )
        if not report.records:
            where = f" at {report.track_name}" if report.track_name else ""
            scope = f" in the {code} series" if code else ""
            raise NoData(
                f"{report.name} has no races{scope}{where}{span_text(from_year, to_year)} in the store."
            )
        places: tuple[PointsPlace, ...] = ()
        titles: tuple[SeriesTitles, ...] = ()
        if track_id is None:
            places = await self._points_places(report, from_year, to_year)
            titles = answers.cache.get(
                ("titles", report.name, code, from_year, to_year),
                lambda: titles_of(report.name, series=code, from_year=from_year, to_year=to_year),
            )
        return self._finished(
            ("driver", person.id, code, track_id, from_year, to_year, also, places),
            lambda: replace(
                report, also=also, titles=titles, points_places=places, freshness=answers.freshness
            ),
        )

    async def _points_places(
        self, report: DriverReport, from_year: int | None, to_year: int | None
    ) -> tuple[PointsPlace, ...]:
        """The driver's line in each of their series' current tables, where the feed published one
        within the span (found by the store's driver, else by name)."""
        places = []
        for record in report.records:
            table = await self.standings.current(record.series_code)
            if table is None or not (from_year or 0) <= table.season <= (to_year or 10_000):
                continue
            line = next((line for line in table.lines if line.driver_id == report.driver_id), None)
            line = line or next((line for line in table.lines if line.name == report.name), None)
            if line is not None:
                places.append(
                    PointsPlace(
                        table.series_code,
                        table.season,
                        line.position,
                        line.points,
                        line.behind_leader,
                        to_cut=line.to_cut,
                        clinched=line.mark == "clinched",
                        fetched_at=table.fetched_at,
                    )
                )
        return tuple(places)

    async def leaders(
        self,
        stat: str,
        *,
        series: str | None,
        track: str | None,
        from_year: int | None,
        to_year: int | None,
        min_starts: int | None,
    ) -> LeadersReport:
        """The top 10 in a statistic in a series (Cup by default), optionally at one track and over a
        span of seasons; points earned are not ranked where the history cannot rank them."""
        answers = self.answers
        if stat not in LEADER_STATS:
            raise BadInput(f"No statistic '{quoted(stat)}'. Choose one of: {', '.join(LEADER_STATS)}.")
        check_span(from_year, to_year)
        code = answers.series_code(series) or "cup"
        place = None if track is None else lookup.track(answers.names, track, series=code)
        track_id = None if place is None else int(place.id)
        report = answers.cache.get(
            ("leaders", stat, code, track_id, from_year, to_year, min_starts),
            lambda: leaders_report(
                answers.book,
                stat,
                series=code,
                track_id=track_id,
                from_year=from_year,
                to_year=to_year,
                min_starts=min_starts,
            ),
        )
        if stat == "points":
            _check_points_rank(report, code)
        if not report.rows:
            raise NoData(_nobody_ranks(report, code))
        return self._finished(
            ("leaders", stat, code, track_id, from_year, to_year, min_starts),
            lambda: replace(report, freshness=answers.freshness),
        )


def _scope(report: LeadersReport, series: str) -> str:
    """E.g. "cup races at Bristol Motor Speedway from 2000 to 2010"."""
    where = f" at {report.track_name}" if report.track_name else ""
    return f"{series} races{where}{span_text(report.from_year, report.to_year)}"


def _nobody_ranks(report: LeadersReport, series: str) -> str:
    """Why a leader table is empty: no races in the scope, or nobody with the starts (and the figure)."""
    scope = _scope(report, series)
    if not report.races:
        return f"No {scope} with results in the store."
    if report.stat == "rating" and report.unknown_rating_starts == report.gap_out_of:
        return (
            f"No driver ratings in {scope}: the history has them from 2005 (and for a few Cup races before)."
        )
    name = LEADER_STATS[report.stat]
    rated = "rated " if report.stat == "rating" else ""
    least = f"{report.min_starts} {rated}start{'s' if report.min_starts != 1 else ''}"
    races = f"{report.races} race{'s' if report.races != 1 else ''}"
    figure = "" if report.stat in AVERAGES else " and any " + name
    return (
        f"No driver ranks in {name} in {scope} ({races}): none has at least {least} there{figure}."
        " Try a lower min_starts or a wider span."
    )


def _check_points_rank(report: LeadersReport, series: str) -> None:
    """Points earned are not ranked where /standings would not rank them: a scope with a quarter or
    more of its rows lacking points, or one made only of seasons scored on a scale the rows lack."""
    missing, rows = report.unknown_points_starts, report.gap_out_of
    if rows and missing / rows >= UNRANKED_MISSING_SHARE:
        raise NoData(
            f"The history has no points for {missing:,} of the {rows:,} starts in {_scope(report, series)}"
            f" ({missing / rows:.0%}): too few to rank points earned. Try a later span."
        )
    first, last = report.from_year, report.to_year
    unranked = {
        season for (code, season), (ranked, _) in ODD_SEASONS.items() if code == series and not ranked
    }
    if first is not None and last is not None and unranked.issuperset(range(first, last + 1)):
        raise NoData(
            f"Points in {_scope(report, series)} were scored on a scale the history's rows do not carry,"
            " so they are not ranked."
        )
