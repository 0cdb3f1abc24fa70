"""Champions where fans look: a driver's titles (/driver), a season's champion (/schedule) and the
champion on the finale's results, whose winner need not be the champion.

Every name comes from the project's champions table (`db.reference.champions`), whose names are
spelled as the history spells them, so a driver's titles are found by their name.
"""

from __future__ import annotations

from collections import defaultdict

from db.reference.champions import champion_of, champions
from db.store.ledger import RaceBook
from kernel.careers import SeriesTitles
from kernel.reports import EventInfo
from kernel.series import SERIES_CODES


def titles_of(
    name: str, *, series: str | None = None, from_year: int | None = None, to_year: int | None = None
) -> tuple[SeriesTitles, ...]:
    """The driver's championships per series (Cup first), within the series and seasons asked."""
    low, high = from_year or 0, to_year or 10_000
    won: defaultdict[str, list[int]] = defaultdict(list)
    for (code, season), champion in sorted(champions().items()):
        if champion.driver == name and series in (None, code) and low <= season <= high:
            won[code].append(season)
    return tuple(SeriesTitles(code, tuple(won[code])) for code in SERIES_CODES if code in won)


def season_champion(series: str, season: int) -> str | None:
    """The series' champion of the season, once decided."""
    champion = champion_of(series, season)
    return None if champion is None else champion.driver


# The fewest races a national series ran in a season (Cup's 8 in 1949): a store holding fewer of a
# season holds part of it, whatever their rounds.
FEWEST_RACES = 8


def finale_champion(book: RaceBook, event: EventInfo) -> str | None:
    """The season's champion when `event` is its series' finale: the last round, with every round of
    a whole season in the book (a store holding the first races of a season cannot tell the last)."""
    rounds = book.by_season.get((event.series_code, event.season), [])
    if len(rounds) < FEWEST_RACES or rounds[-1] != event.id or len(rounds) != event.round:
        return None
    return season_champion(event.series_code, event.season)
