"""A driver's record from the race book: per-series figures, optionally at one track, and their latest entry."""

from __future__ import annotations

from db.store.ledger.book import NONE, RaceBook, newest_first
from db.store.ledger.tallies import driver_records
from kernel.reports import DriverReport, LatestEntry


def driver_report(
    book: RaceBook, driver_id: int, *, series: str | None = None, track_id: int | None = None
) -> DriverReport:
    """The driver's records per series (at one track, if given) and their newest entry in that scope."""
    if driver_id not in book.drivers:
        raise LookupError(f"no driver with id {driver_id}")
    records = driver_records(book, driver_id, series=series, track_id=track_id)
    latest: dict[str, tuple[tuple[int, bool, float, int, int], int]] = {}
    for row in book.by_driver.get(driver_id, ()):
        event = book.events[book.event[row]]
        if (series is None or event.series_code == series) and (
            track_id is None or event.track_id == track_id
        ):
            key = newest_first(event)
            if event.series_code not in latest or key < latest[event.series_code][0]:
                latest[event.series_code] = (key, row)
    entries = [(_entry(book, row), _is_finale(book, row)) for _, row in latest.values()]
    return DriverReport(
        driver_id=driver_id,
        name=book.drivers[driver_id],
        track_name=None if track_id is None else book.tracks[track_id].name,
        records=tuple(records),
        latest=newest(entries),
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
