"""Which entry is a driver's latest when the series differ: dates, finales, or honestly unknown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from db.store.ledger.drivers import newest
from kernel.reports import EventInfo, LatestEntry

BASE = EventInfo(
    1, "cup", "NASCAR Cup Series", 2025, 29, "Cup race", 1, "Track", 1.5, None, 200, (), None, None, False
)


def _entry(series: str, season: int, round_: int, when: datetime | None = None) -> LatestEntry:
    event = replace(
        BASE, series_code=series, season=season, round=round_, name=f"{series} {round_}", start_time_utc=when
    )
    return LatestEntry(event, "1", None, 1, 1)


def test_a_later_season_wins() -> None:
    older, newer = _entry("cup", 2024, 36), _entry("truck", 2025, 1)
    assert newest([(older, True), (newer, False)]) == (newer,)


def test_real_start_times_decide() -> None:
    early = _entry("truck", 2025, 25, datetime(2025, 10, 31, tzinfo=UTC))
    late = _entry("cup", 2025, 29, datetime(2025, 9, 14, tzinfo=UTC))
    assert newest([(late, False), (early, True)]) == (early,)


def test_a_finale_comes_after_any_other_race_that_season() -> None:
    """Heim 2025: the Truck finale, not the September Cup start with its higher round number."""
    truck_finale, cup = _entry("truck", 2025, 25), _entry("cup", 2025, 29)
    assert newest([(cup, False), (truck_finale, True)]) == (truck_finale,)


def test_finales_go_truck_then_xfinity_then_cup() -> None:
    truck, xfinity, cup = _entry("truck", 2010, 25), _entry("xfinity", 2010, 35), _entry("cup", 2010, 36)
    assert newest([(truck, True), (cup, True), (xfinity, True)]) == (cup,)


def test_unknown_order_returns_each_series() -> None:
    """Same season, no finale, no dates (or before 2002): each series' latest, no guess."""
    cup, truck = _entry("cup", 2025, 10), _entry("truck", 2025, 8)
    assert newest([(cup, False), (truck, False)]) == (cup, truck)
    assert newest([(_entry("cup", 1999, 34), True), (_entry("xfinity", 1999, 32), True)]) == (
        _entry("cup", 1999, 34),
        _entry("xfinity", 1999, 32),
    )
