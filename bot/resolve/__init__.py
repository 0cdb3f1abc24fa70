"""The name index: what fans type ("rowdy", "#5", "the glen", "busch series", "coke 600") to names and races.

Pure and synchronous; knows neither discord nor sqlalchemy. Build a `NameIndex` from plain entries,
then every lookup returns a `Resolution` of ranked `Candidate`s.
"""

from bot.resolve.entries import Candidate, CarEntry, DriverEntry, RaceEntry, Resolution, Status, TrackEntry
from bot.resolve.index import NameIndex
from bot.resolve.races import split_year
from bot.resolve.ranking import NEAR

__all__ = [
    "NEAR",
    "Candidate",
    "CarEntry",
    "DriverEntry",
    "NameIndex",
    "RaceEntry",
    "Resolution",
    "Status",
    "TrackEntry",
    "split_year",
]
