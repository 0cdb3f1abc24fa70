"""A track's page: its facts, its last winners and pole sitters, and the top of its leader tables."""

from __future__ import annotations

from db.store.ledger.book import RaceBook
from db.store.ledger.tallies import RECENT_RACES, races_at, series_raced_at
from kernel.reports import Leader, TrackReport

LEADER_LABELS = ("Most wins", "Most starts from pole", "Most laps led")  # `leaders.TRACK_STATS`


def track_report(book: RaceBook, track_id: int, series: str | None) -> TrackReport:
    """The track in one series: the one asked, else Cup where Cup raced, else the series that raced
    there most."""
    raced = [code for code, _ in series_raced_at(book, track_id)]
    chosen = series or ("cup" if "cup" in raced or not raced else raced[0])
    facts = book.tracks[track_id]
    tops = book.track_tops.get((track_id, chosen), ((), (), ()))
    return TrackReport(
        facts.name,
        facts.city,
        facts.state,
        facts.length_miles,
        facts.surface,
        facts.layout,
        chosen,
        tuple(races_at(book, track_id, chosen, limit=RECENT_RACES)),
        tuple(
            (
                label,
                tuple(
                    Leader(row.driver, int(row.value), row.unknown_grid_starts + row.unknown_led_starts)
                    for row in top
                ),
            )
            for label, top in zip(LEADER_LABELS, tops, strict=True)
        ),
    )
