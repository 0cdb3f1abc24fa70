"""Head to head from the race book on a small real store (SQLite and PostgreSQL): the races both started,
each one's tally over exactly those, who finished ahead, and the series chosen."""

from __future__ import annotations

from db.store import Store
from db.store.ledger import RaceBook, load_race_book
from db.store.ledger.compare import Scope, head_to_head, most_shared, start_seasons
from kernel.reports import CompareReport
from tests.store.builders import Row, add_race

LARSON, ELLIOTT, HAMLIN, HEIM = "Kyle Larson", "Chase Elliott", "Denny Hamlin", "Corey Heim"
EVERYWHERE = Scope()
HOMESTEAD, BRISTOL, MARTINSVILLE = (
    "Homestead-Miami Speedway",
    "Bristol Motor Speedway",
    "Martinsville Speedway",
)


async def add_field(store: Store) -> None:
    """Three Cup races both started (Larson ahead in two), one Larson ran alone, one Elliott entered but
    did not start (no finish), and one Xfinity race both started; Heim raced Trucks only."""
    cup = (
        (2020, 1, HOMESTEAD, [Row(LARSON, 3, 1, led=100), Row(ELLIOTT, 1, 5, led=10), Row(HAMLIN, 2, 2)]),
        (2020, 2, BRISTOL, [Row(LARSON, 10, 20), Row(ELLIOTT, 4, 2, led=50)]),
        (2021, 1, HOMESTEAD, [Row(LARSON, 5, 3), Row(ELLIOTT, 7, 8)]),
        (2021, 2, BRISTOL, [Row(LARSON, 1, 1, led=200)]),
        (2021, 3, MARTINSVILLE, [Row(LARSON, 2, 4), Row(ELLIOTT, 30, None)]),
    )
    for season, round_, track, rows in cup:
        await add_race(store, series="cup", season=season, round=round_, track=track, rows=rows)
    await add_race(
        store,
        series="xfinity",
        season=2021,
        round=1,
        track=HOMESTEAD,
        rows=[Row(LARSON, 1, 1, led=40), Row(ELLIOTT, 2, 2)],
    )
    await add_race(store, series="truck", season=2019, round=1, track=HOMESTEAD, rows=[Row(HEIM, 1, 1)])


def ids(book: RaceBook, *names: str) -> list[int]:
    by_name = {name: driver_id for driver_id, name in book.drivers.items()}
    return [by_name[name] for name in names]


def track_id(book: RaceBook, name: str) -> int:
    return next(track for track, facts in book.tracks.items() if facts.name == name)


async def compared(store: Store, a: str, b: str, scope: Scope = EVERYWHERE) -> CompareReport | None:
    book = await load_race_book(store.sessions)
    return head_to_head(book, *ids(book, a, b), scope)


async def test_only_races_both_started_count(empty_store: Store) -> None:
    """Larson's solo win and Elliott's entry without a finish are not shared starts."""
    await add_field(empty_store)
    report = await compared(empty_store, LARSON, ELLIOTT, Scope(series="cup"))
    assert report is not None
    assert (report.shared_starts, report.first_season, report.last_season) == (3, 2020, 2021)
    assert report.a.record.starts == report.b.record.starts == 3


async def test_each_record_is_the_tally_of_the_shared_rows(empty_store: Store) -> None:
    """Wins, poles, top 5s, laps led and averages over exactly the three shared Cup races."""
    await add_field(empty_store)
    report = await compared(empty_store, LARSON, ELLIOTT, Scope(series="cup"))
    assert report is not None
    a, b = report.a.record, report.b.record
    assert (a.wins, a.poles, a.top5, a.top10, a.laps_led, a.races_led) == (1, 0, 2, 2, 100, 1)
    assert (a.avg_start, a.avg_finish) == (6.0, 8.0)
    assert (b.wins, b.poles, b.top5, b.top10, b.laps_led, b.races_led) == (0, 1, 2, 3, 60, 2)
    assert (b.avg_start, b.avg_finish) == (4.0, 5.0)


async def test_finished_ahead_counts(empty_store: Store) -> None:
    """Larson ahead at Homestead twice, Elliott ahead at Bristol once; no race is level."""
    await add_field(empty_store)
    report = await compared(empty_store, LARSON, ELLIOTT, Scope(series="cup"))
    assert report is not None
    assert (report.a.ahead, report.b.ahead, report.even) == (2, 1, 0)


async def test_sides_follow_the_order_asked(empty_store: Store) -> None:
    """Asked the other way round, the sides swap and the counts with them."""
    await add_field(empty_store)
    report = await compared(empty_store, ELLIOTT, LARSON, Scope(series="cup"))
    assert report is not None
    assert (report.a.name, report.a.ahead, report.b.name, report.b.ahead) == (ELLIOTT, 1, LARSON, 2)


async def test_no_series_picks_the_one_they_raced_together_most(empty_store: Store) -> None:
    """Three shared Cup starts against one in Xfinity: Cup, and the Xfinity one is named."""
    await add_field(empty_store)
    report = await compared(empty_store, LARSON, ELLIOTT)
    assert report is not None
    assert (report.series_code, report.series_picked, report.other_series) == ("cup", True, (("xfinity", 1),))


async def test_a_series_asked_is_kept_even_with_fewer_shared_starts(empty_store: Store) -> None:
    """series:xfinity gives the one Xfinity race, not Cup's three."""
    await add_field(empty_store)
    report = await compared(empty_store, LARSON, ELLIOTT, Scope(series="xfinity"))
    assert report is not None
    assert (report.series_code, report.shared_starts, report.series_picked, report.other_series) == (
        "xfinity",
        1,
        False,
        (),
    )
    assert (report.a.record.laps_led, report.a.ahead) == (40, 1)


def test_ties_between_series_go_cup_then_xfinity_then_truck() -> None:
    """Equal shared starts: the series order decides."""
    pair = [(0, 1)]
    assert most_shared({"truck": pair, "xfinity": pair}) == "xfinity"
    assert most_shared({"truck": pair, "cup": pair, "xfinity": pair}) == "cup"
    assert most_shared({"truck": pair * 2, "cup": pair}) == "truck"
    assert most_shared({}) is None


async def test_track_and_span_narrow_the_races(empty_store: Store) -> None:
    """At Homestead in 2021 they shared one Cup and one Xfinity start: Cup wins the tie."""
    await add_field(empty_store)
    book = await load_race_book(empty_store.sessions)
    scope = Scope(track_id=track_id(book, HOMESTEAD), from_year=2021, to_year=2021)
    report = head_to_head(book, *ids(book, LARSON, ELLIOTT), scope)
    assert report is not None
    assert (report.series_code, report.shared_starts, report.track_name, report.other_series) == (
        "cup",
        1,
        HOMESTEAD,
        (("xfinity", 1),),
    )
    assert (report.from_year, report.to_year, report.a.record.avg_finish) == (2021, 2021, 3.0)


async def test_never_together_is_none(empty_store: Store) -> None:
    """Heim raced only Trucks; a span with no shared race is no head to head either."""
    await add_field(empty_store)
    assert await compared(empty_store, LARSON, HEIM) is None
    assert await compared(empty_store, LARSON, ELLIOTT, Scope(to_year=2019)) is None
    assert await compared(empty_store, LARSON, HAMLIN, Scope(series="xfinity")) is None


async def test_start_seasons_by_series_skip_entries_without_a_finish(empty_store: Store) -> None:
    """Seasons with a start per series, at one track if given; Elliott's Martinsville entry is no start."""
    await add_field(empty_store)
    book = await load_race_book(empty_store.sessions)
    larson, elliott = ids(book, LARSON, ELLIOTT)
    assert start_seasons(book, larson) == {"cup": [2020, 2021], "xfinity": [2021]}
    assert start_seasons(book, elliott, series="cup", track_id=track_id(book, MARTINSVILLE)) == {}
    assert start_seasons(book, larson, track_id=track_id(book, BRISTOL)) == {"cup": [2020, 2021]}


async def test_a_driver_listed_twice_in_a_race_counts_once_with_the_better_finish(empty_store: Store) -> None:
    """The import keeps one row per driver and race; the head to head guards anyway."""
    await add_field(empty_store)
    book = await load_race_book(empty_store.sessions)
    larson, elliott = ids(book, LARSON, ELLIOTT)
    first_race = book.event[book.by_driver[larson][0]]
    extra = len(book.event)
    for column, value in (("event", first_race), ("driver", larson), ("start", 40), ("finish", 40)):
        getattr(book, column).append(value)
    for column in ("led", "laps"):
        getattr(book, column).append(0)
    for column in ("status", "car", "team", "make"):
        getattr(book, column).append(None)
    book.by_driver[larson].append(extra)
    report = head_to_head(book, larson, elliott, Scope(series="cup"))
    assert report is not None
    assert (report.shared_starts, report.a.ahead, report.a.record.wins) == (3, 2, 1)
