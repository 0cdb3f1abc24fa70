"""A driver's record from the race book: per-series figures, optionally at one track, and their latest entry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from db.store.ledger.book import NONE, RaceBook, newest_first
from db.store.ledger.leaders import leader_tables
from db.store.ledger.tally import Tally, tally
from kernel.reports import DriverReport, LatestEntry, SeasonLine, SeriesCareer, StartLine
from kernel.series import SERIES_CODES


def driver_report(
    book: RaceBook,
    driver_id: int,
    *,
    series: str | None = None,
    track_id: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
) -> DriverReport:
    """The driver's records per series (at one track, within a span of seasons, if given), with each
    series' wins, seasons and, at a track, every start; and their newest entry in that scope."""
    if driver_id not in book.drivers:
        raise LookupError(f"no driver with id {driver_id}")
    low, high = from_year or 0, to_year or 10_000
    by_series: defaultdict[str, list[int]] = defaultdict(list)
    for row in book.by_driver.get(driver_id, ()):
        event = book.events[book.event[row]]
        if (
            (series is None or event.series_code == series)
            and (track_id is None or event.track_id == track_id)
            and low <= event.season <= high
        ):
            by_series[event.series_code].append(row)
    codes = [code for code in SERIES_CODES if code in by_series]
    seasons = {
        code: _season_tallies(book, code, by_series[code], driver_id, track_id, low, high) for code in codes
    }
    latest: list[tuple[LatestEntry, bool]] = []
    for code in codes:
        last_season = max(seasons[code])
        in_last = [row for row in by_series[code] if book.events[book.event[row]].season == last_season]
        newest_row = min(in_last, key=lambda row: newest_first(book.events[book.event[row]]))
        latest.append((_entry(book, newest_row), _is_finale(book, newest_row)))
    records = []
    for code in codes:
        total = Tally()
        for each in seasons[code].values():
            total += each
        records.append(total.record(code))
    return DriverReport(
        driver_id=driver_id,
        name=book.drivers[driver_id],
        track_name=None if track_id is None else book.tracks[track_id].name,
        records=tuple(records),
        latest=newest(latest),
        careers=tuple(
            replace(
                _career(book, code, by_series[code], seasons[code], at_track=track_id is not None),
                ranks=() if track_id is None else _ranks(book, driver_id, code, track_id, from_year, to_year),
            )
            for code in codes
        ),
        from_year=from_year,
        to_year=to_year,
    )


RANKED_AT_TRACK = ("wins", "laps_led")


def _ranks(
    book: RaceBook, driver_id: int, code: str, track_id: int, from_year: int | None, to_year: int | None
) -> tuple[tuple[str, int, int], ...]:
    """The driver's place in the track's leader tables (as /leaders ranks them), where they are in one."""
    tables = leader_tables(
        book, RANKED_AT_TRACK, series=code, track_id=track_id, from_year=from_year, to_year=to_year
    )
    return tuple(
        (stat, row.rank, len(table))
        for stat, table in zip(RANKED_AT_TRACK, tables, strict=True)
        for row in table
        if row.driver_id == driver_id
    )


def _season_tallies(
    book: RaceBook, code: str, rows: list[int], driver_id: int, track_id: int | None, low: int, high: int
) -> dict[int, Tally]:
    """The driver's tally per season in the scope: kept by the book for a whole series, counted from the
    rows at a track."""
    if track_id is None:
        return book.seasons.of(code, driver_id, low, high)
    by_season: defaultdict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_season[book.season[row]].append(row)
    return {season: tally(book, some) for season, some in by_season.items()}


def _career(
    book: RaceBook, code: str, rows: list[int], seasons: dict[int, Tally], *, at_track: bool
) -> SeriesCareer:
    """Wins, season lines and (at a track) every start, from the driver's rows and season tallies in one series."""
    wins = sorted(
        (book.events[book.event[row]] for row in rows if book.finish[row] == 1),
        key=newest_first,
        reverse=True,
    )
    lines = tuple(_season_line(season, seasons[season]) for season in sorted(seasons))
    started = tuple(line for line in lines if line.starts)
    return SeriesCareer(
        series_code=code,
        first_win=wins[0] if wins else None,
        last_win=wins[-1] if wins else None,
        best_season=min(started, key=_best_first, default=None),
        seasons=lines,
        starts=_starts(book, rows) if at_track else (),
    )


def _starts(book: RaceBook, rows: list[int]) -> tuple[StartLine, ...]:
    """Every start among `rows`, oldest first."""
    started = [row for row in rows if book.finish[row] != NONE]
    started.sort(key=lambda row: newest_first(book.events[book.event[row]]), reverse=True)
    return tuple(_start_line(book, row) for row in started)


def _season_line(season: int, tally: Tally) -> SeasonLine:
    return SeasonLine(
        season,
        tally.starts,
        tally.wins,
        tally.top5,
        tally.top10,
        tally.poles,
        tally.laps_led,
        tally.avg_finish,
        tally.gridless,
        tally.ledless,
    )


def _best_first(line: SeasonLine) -> tuple[int, int, int, float, int]:
    """The best season: most wins, then top 5s, then top 10s, then the better average finish, then the earlier."""
    return (-line.wins, -line.top5, -line.top10, line.avg_finish or 99.0, line.season)


def _start_line(book: RaceBook, row: int) -> StartLine:
    start = book.start[row]
    return StartLine(
        book.events[book.event[row]],
        None if start == NONE else start,
        book.finish[row],
        book.led[row],
        book.status[row],
    )


def _entry(book: RaceBook, row: int) -> LatestEntry:
    start, finish = book.start[row], book.finish[row]
    return LatestEntry(
        book.events[book.event[row]],
        book.car[row],
        book.team[row],
        None if start == NONE else start,
        None if finish == NONE else finish,
    )


def _is_finale(book: RaceBook, row: int) -> bool:
    """Whether the row's race was its series' last of the season."""
    event = book.events[book.event[row]]
    season = book.by_season[(event.series_code, event.season)]
    return book.events[season[-1]].round == event.round


# 2002-2025: the three finales share one weekend, Truck then Xfinity then Cup, after every other race.
FINALES_SHARE_A_WEEKEND = range(2002, 2026)
FINALE_ORDER = ("truck", "xfinity", "cup")


def newest(entries: list[tuple[LatestEntry, bool]]) -> tuple[LatestEntry, ...]:
    """The newest of each series' latest entries (with whether it was its season's finale).

    Real start times decide where every contender has one; otherwise what the history can prove (a
    later season; a finale after any other race that season; the finales' order). Where the order
    cannot be known, every contender is returned, Cup first, rather than a guess.
    """
    if not entries:
        return ()
    season = max(entry.event.season for entry, _ in entries)
    contenders = [(entry, finale) for entry, finale in entries if entry.event.season == season]
    if len(contenders) == 1:
        return (contenders[0][0],)
    dated = [(entry.event.start_time_utc, entry) for entry, _ in contenders if entry.event.start_time_utc]
    if len(dated) == len(contenders):
        return (max(dated, key=lambda pair: pair[0])[1],)
    finales = [entry for entry, finale in contenders if finale]
    if season in FINALES_SHARE_A_WEEKEND and finales:
        return (max(finales, key=lambda entry: FINALE_ORDER.index(entry.event.series_code)),)
    return tuple(entry for entry, _ in contenders)
