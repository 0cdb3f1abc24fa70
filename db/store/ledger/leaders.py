"""Who leads a series (at a track, over a span of seasons) in one statistic: every driver ranked.

The figures are `Tally`'s and nothing else: over a whole series the per-season tallies in
`RaceBook.seasons` are added up, only the fields the statistic reads (and starts), so all Cup history
is a few thousand drivers' sums; at a track the rows of its races in the span are tallied. A statistic
of 0 is not a leader; a driver needs `min_starts` starts in the scope (by default 10 for average
finish and driver rating, 1 for the rest; for rating, starts with a rating). Ties share a rank
("1, 2, 2, 4") and are listed by name. A statistic the source lacks for some starts (starts from pole
without a grid, laps led where none are recorded, points, ratings) says how many starts, and in which
seasons, so the answer can say its counts may be higher or what its averages rest on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter

from db.store.ledger.book import RaceBook
from db.store.ledger.tallies import min_max_season
from db.store.ledger.tally import Tally, seasons_of, tally
from kernel.reports import LeaderRow, LeadersReport
from kernel.standings import ODD_SEASONS, SCALE_CHANGES

TOP = 10
# The 10th place's ties are listed with it up to this many lines; beyond, they are counted instead.
MOST_SHOWN = 20
AVERAGE_MIN_STARTS = 10
# What /track shows of each track's leaders: the first rows in these statistics.
TRACK_STATS = ("wins", "poles", "laps_led")
TRACK_TOP = 3


# The gaps a statistic can rest on: (the tally's count of starts lacking it, the seasons of those).
GRID_GAP = ("gridless", "gridless_seasons")
LED_GAP = ("ledless", "ledless_seasons")
POINTS_GAP = ("pointless", "pointless_seasons")
RATING_GAP = ("unrated", "unrated_seasons")


@dataclass(frozen=True, slots=True)
class StatRule:
    """How a statistic is read off a tally: the fields summed for it (beside starts), its reading,
    whether lower is better, the starts a driver needs by default to be ranked, the gap in the source
    that makes its counts lower bounds (None: it has none), the count the minimum applies to and a line
    shows (rating: the starts with one), and the count its gap is a part of (points: every race row)."""

    fields: tuple[str, ...]
    read: Callable[[Tally], float | None]
    ascending: bool = False
    min_starts: int = 1
    gap: tuple[str, str] | None = None
    counted: str = "starts"
    out_of: str = "starts"


def _field(name: str, gap: tuple[str, str] | None = None) -> StatRule:
    return StatRule((name, *(gap or ())), attrgetter(name), gap=gap)


RULES: dict[str, StatRule] = {
    "wins": _field("wins"),
    "poles": _field("poles", GRID_GAP),
    "top5": _field("top5"),
    "top10": _field("top10"),
    "laps_led": _field("laps_led", LED_GAP),
    "starts": StatRule((), attrgetter("starts")),
    "races_led": _field("races_led", LED_GAP),
    "avg_finish": StatRule(
        ("finish_sum",), lambda tally: tally.avg_finish, ascending=True, min_starts=AVERAGE_MIN_STARTS
    ),
    "points": StatRule(
        ("points", "entries", *POINTS_GAP), attrgetter("points"), gap=POINTS_GAP, out_of="entries"
    ),
    "rating": StatRule(
        ("rated", "rating_sum", "unrated_seasons"),  # "unrated" is starts less rated
        lambda tally: tally.avg_rating,
        min_starts=AVERAGE_MIN_STARTS,
        gap=RATING_GAP,
        counted="rated",
    ),
}


def rule(stat: str) -> StatRule:
    """The statistic's rule; a ValueError naming the known ones otherwise."""
    found = RULES.get(stat)
    if found is None:
        raise ValueError(f"unknown statistic {stat!r}; expected one of {', '.join(RULES)}")
    return found


def scope_tallies(
    book: RaceBook,
    fields: Iterable[str],
    *,
    series: str,
    track_id: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
) -> Iterator[tuple[int, Tally]]:
    """(driver id, tally) for every driver with a row in the scope. Without a track only `fields`,
    starts and wins (for the count of races) are summed, the other figures staying 0; at a track the
    tally is whole."""
    low, high = from_year or 0, to_year or 10_000
    if track_id is not None:
        rows: defaultdict[int, list[int]] = defaultdict(list)
        for event_id in book.at_track.get((track_id, series), ()):
            if low <= book.events[event_id].season <= high:
                for row in book.rows(event_id):
                    rows[book.driver[row]].append(row)
        for driver_id, some in rows.items():
            yield driver_id, tally(book, some)
        return
    yield from book.seasons.summed(series, ("starts", "wins", *fields), low, high)


# (sort key, name, driver id, figure, starts, starts lacking the figure in the source): plain values
# only, so a table of thousands of drivers leaves nothing for the garbage collector to trace.
_Entry = tuple[float, str, int, float, int, int]


@dataclass(slots=True)
class _Scope:
    """Per statistic the drivers ranked, best first, and per statistic the starts lacking it in the
    source, their seasons (a mask) and the starts (or rows) they are a part of; the races with results
    (each has one winner)."""

    scored: list[list[_Entry]]
    unknown: list[int]
    unknown_seasons: list[int]
    out_of: list[int]
    races: int = 0


def _scored(
    book: RaceBook, stats: Sequence[str], tallies: Iterable[tuple[int, Tally]], min_starts: int | None
) -> _Scope:
    """Per statistic the drivers with it above 0 and enough starts, best first (ties by name)."""
    rules = [rule(stat) for stat in stats]
    scope = _Scope([[] for _ in stats], [0] * len(stats), [0] * len(stats), [0] * len(stats))
    for driver_id, each in tallies:
        scope.races += each.wins
        for index, (spec, found) in enumerate(zip(rules, scope.scored, strict=True)):
            unknown = 0
            if spec.gap is not None:
                unknown = getattr(each, spec.gap[0])
                scope.unknown[index] += unknown
                scope.unknown_seasons[index] |= getattr(each, spec.gap[1])
                scope.out_of[index] += getattr(each, spec.out_of)
            counted = getattr(each, spec.counted)
            if counted < (spec.min_starts if min_starts is None else min_starts):
                continue
            value = spec.read(each)
            if value:
                key = value if spec.ascending else -value
                found.append((key, book.drivers[driver_id], driver_id, value, counted, unknown))
    for found in scope.scored:
        found.sort()
    return scope


def _rows(entries: Sequence[_Entry], count: int, gap: tuple[str, str] | None) -> list[LeaderRow]:
    """The first `count` entries as rows, each with its rank (a tie shares the rank of its first) and
    its starts lacking the figure, under the gap's name (a rating's gap is said for the scope only: it
    is an average over the starts with one, not a lower bound)."""
    grid, led, points = gap == GRID_GAP, gap == LED_GAP, gap == POINTS_GAP
    rows: list[LeaderRow] = []
    for index, (_, name, driver_id, value, starts, unknown) in enumerate(entries[:count]):
        rank = rows[-1].rank if rows and rows[-1].value == value else index + 1
        rows.append(
            LeaderRow(
                rank,
                driver_id,
                name,
                value,
                starts,
                unknown * grid,
                unknown * led,
                unknown_points_starts=unknown * points,
            )
        )
    return rows


def leader_tables(
    book: RaceBook,
    stats: Sequence[str],
    *,
    series: str,
    track_id: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    min_starts: int | None = None,
) -> list[list[LeaderRow]]:
    """`leader_table` for several statistics over one scope, tallied once."""
    fields = [name for stat in stats for name in rule(stat).fields]
    tallies = scope_tallies(
        book, fields, series=series, track_id=track_id, from_year=from_year, to_year=to_year
    )
    scored = _scored(book, stats, tallies, min_starts).scored
    return [_rows(entries, len(entries), rule(stat).gap) for stat, entries in zip(stats, scored, strict=True)]


def track_tops(book: RaceBook) -> dict[tuple[int, str], tuple[tuple[LeaderRow, ...], ...]]:
    """For every (track, series) raced: the first TRACK_TOP rows of each TRACK_STATS table there.
    Computed once per load (a fifth of a second on the full history), so no /track tallies a track's
    thousands of rows while a fan waits."""
    return {
        (track_id, series): tuple(
            tuple(table[:TRACK_TOP])
            for table in leader_tables(book, TRACK_STATS, series=series, track_id=track_id)
        )
        for track_id, series in book.at_track
    }


def leader_table(
    book: RaceBook,
    stat: str,
    *,
    series: str,
    track_id: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    min_starts: int | None = None,
) -> list[LeaderRow]:
    """Every driver ranked in `stat` in the series (at the track, within the seasons), best first."""
    (table,) = leader_tables(
        book,
        (stat,),
        series=series,
        track_id=track_id,
        from_year=from_year,
        to_year=to_year,
        min_starts=min_starts,
    )
    return table


def _shown(entries: Sequence[_Entry], size: int = TOP) -> tuple[int, int]:
    """(lines listed, more tied) for a ranked table: the first `size` and everyone tied with the last of
    them; when those ties would run past `MOST_SHOWN` lines, the first `size` and how many more share
    the last one's rank (they all do: their tie began at or before it)."""
    if len(entries) <= size:
        return len(entries), 0
    last = entries[size - 1][3]
    tied = size
    while tied < len(entries) and entries[tied][3] == last:
        tied += 1
    return (tied, 0) if tied <= MOST_SHOWN else (size, tied - size)


def leaders_report(
    book: RaceBook,
    stat: str,
    *,
    series: str,
    track_id: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    min_starts: int | None = None,
) -> LeadersReport:
    """The top 10 in `stat` over the scope (ties at 10th: see `_shown`), with what the figures rest on."""
    spec = rule(stat)
    tallies = scope_tallies(
        book, spec.fields, series=series, track_id=track_id, from_year=from_year, to_year=to_year
    )
    scope = _scored(book, (stat,), tallies, min_starts)
    (entries,) = scope.scored
    (unknown,) = scope.unknown
    count, more = _shown(entries)
    low, high = _seasons(book, series, from_year, to_year)
    return LeadersReport(
        stat=stat,
        series_code=series,
        track_name=None if track_id is None else book.tracks[track_id].name,
        from_year=from_year,
        to_year=to_year,
        min_starts=spec.min_starts if min_starts is None else min_starts,
        rows=tuple(_rows(entries, count, spec.gap)),
        more_tied=more,
        ranked=len(entries),
        races=scope.races,
        unknown_grid_starts=unknown if spec.gap == GRID_GAP else 0,
        unknown_led_starts=unknown if spec.gap == LED_GAP else 0,
        gap_seasons=seasons_of(scope.unknown_seasons[0]),
        unknown_points_starts=unknown if spec.gap == POINTS_GAP else 0,
        unknown_rating_starts=unknown if spec.gap == RATING_GAP else 0,
        gap_out_of=scope.out_of[0],
        odd_seasons=_odd_seasons(series, low, high) if stat == "points" else (),
        scale_changes=_scale_changes(series, low, high) if stat == "points" else (),
    )


def _seasons(book: RaceBook, series: str, from_year: int | None, to_year: int | None) -> tuple[int, int]:
    """The first and last season of the scope: as asked, else the series' first and last in the book."""
    first, last = min_max_season(book, series)
    return from_year or first or 0, to_year or last or 0


def _odd_seasons(series: str, low: int, high: int) -> tuple[int, ...]:
    """The scope's seasons whose points in the history do not add up to the official table."""
    return tuple(sorted(season for code, season in ODD_SEASONS if code == series and low <= season <= high))


def _scale_changes(series: str, low: int, high: int) -> tuple[int, ...]:
    """The seasons within the scope (after its first) in which NASCAR changed how a race is scored."""
    return tuple(season for season in SCALE_CHANGES.get(series, ()) if low < season <= high)
