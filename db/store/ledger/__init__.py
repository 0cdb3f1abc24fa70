"""Every race's results in memory (`RaceBook`) and the figures computed from them (`tallies`)."""

from db.store.ledger.book import RaceBook, TrackFacts, asked_at, newest_first
from db.store.ledger.load import load_race_book

__all__ = ["RaceBook", "TrackFacts", "asked_at", "load_race_book", "newest_first"]
