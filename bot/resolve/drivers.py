"""Driver lookup: exact names and aliases first, then name parts, initials, car numbers and names that
sound alike, fuzzy last.

Everything a query can hit by equality is a table built once (`driver_keys`), so the common case
costs a few hashes (a name's sound is its words' Metaphone keys: "casey kane" sounds as "Kasey Kahne");
rapidfuzz only runs over the precomputed, folded choice lists when every table misses. A suffix typed
("sr", "jr", "ii") never matches a name with another one.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

from bot.resolve.cars import CarNumbers, car_hits, car_number
from bot.resolve.driver_keys import NameKeys, fuzzy_choices, sound_of
from bot.resolve.entries import Candidate, CarEntry, DriverEntry, Resolution
from bot.resolve.postings import Postings, WordPostings
from bot.resolve.ranking import (
    COMPLETE_LIMIT,
    MAX_QUERY_CHARS,
    RESOLVE_LIMIT,
    Hits,
    PrefixTable,
    add_hit,
    alias_table,
    as_candidates,
    clean,
    fuzzy_matches,
    only_where,
    prefer_prominent,
    prominence,
    rank,
    resolution,
)
from kernel.naming import AliasEntry, strip_suffix

EXACT: Final = 100.0
# "Bill Scott" names every "Bill Scott (...)" but the one stored without a place comes first.
UNQUALIFIED: Final = 94.0
SUFFIXLESS: Final = 92.0
SURNAME: Final = 90.0
INITIALS: Final = 88.0
ABBREVIATED: Final = 88.0
FIRST_NAME: Final = 88.0
# A name sounding like the text scores 4 below an exact surname: a star a hundred times as prominent
# wins on the bonus, so "larsen" is Kyle Larson (the reply naming Glen Larsen, whose name it is).
SOUND: Final = 86.0
SOUND_SURNAME: Final = 86.0
# A name that sounds alike must be spelt nearly alike too (fuzz.ratio): "larsen" is "larson", but
# "price" is not "preece", nor "wright" "rudd".
SOUND_SPELLING: Final = 75.0
FUZZY_FACTOR: Final = 0.9
FUZZY_CUTOFF: Final = 85.0
SURNAME_FUZZY_CUTOFF: Final = 82.0
# Suggestions for a "no match" reply: looser than a lookup, over whole names and each typed word as a surname.
LOOSE_CUTOFF: Final = 65.0
LOOSE_SURNAME_CUTOFF: Final = 75.0
LOOSE_WORD_CHARS: Final = 3
SERIES_BONUS: Final = 3.0
SEASON_BONUS: Final = 3.0
# A win says more about how well-known a driver is than a start does.
WIN_WEIGHT: Final = 3


@dataclass(frozen=True, slots=True)
class _Driver:
    """What lookups need of a driver once its keys are built."""

    name: str
    first_season: int | None
    last_season: int | None
    series: frozenset[str]


class DriverLookup:
    """Every way a fan can name a driver, precomputed from the driver, alias and car tables.

    Its tables are what the index holds the most of, for as long as the process runs: names are shared
    strings, each table's ids one array (`Postings`), and drivers share their set of series.
    """

    def __init__(
        self, drivers: Sequence[DriverEntry], aliases: Sequence[AliasEntry], cars: Sequence[CarEntry]
    ) -> None:
        series: dict[frozenset[str], frozenset[str]] = {}
        self._drivers = {
            d.id: _Driver(
                sys.intern(d.name), d.first_season, d.last_season, series.setdefault(d.series, d.series)
            )
            for d in drivers
        }
        self._names = frozenset(driver.name for driver in self._drivers.values())
        self._latest = max((d.last_season for d in drivers if d.last_season is not None), default=None)
        self._weight = {
            d.id: prominence(d.starts + WIN_WEIGHT * d.wins + d.poles, d.last_season, self._latest)
            for d in drivers
        }
        self._by_prominence = array("i", sorted(self._drivers, key=lambda i: -self._weight[i]))
        keys = NameKeys()
        prefix_rows: list[tuple[str, int, float]] = []
        ids_by_name: dict[str, list[int]] = defaultdict(list)
        for driver in drivers:
            prefix_rows.extend(keys.add(driver))
            ids_by_name[driver.name].append(driver.id)
        # Only the few names with a suffix ("jr", "sr") are kept: most have none.
        self._suffix = {driver_id: suffix for driver_id, suffix in keys.suffix.items() if suffix}
        self._alias, alias_rows = alias_table(aliases, "driver", ids_by_name)
        # The tables before the prefix table: a snapshot then stores their keys, and loads them, in their
        # own order, and rapidfuzz scans `_surname_keys` a few percent faster with its strings together.
        self._exact = Postings(keys.exact)
        self._unqualified = Postings(keys.unqualified)
        self._suffixless = Postings(keys.suffixless)
        self._surname = Postings(keys.surname)
        self._surname_keys = list(self._surname)
        self._first = Postings(keys.first)
        self._abbreviated = Postings(keys.abbreviated)
        self._initials = Postings(keys.initials)
        self._sound = WordPostings(keys.sound)
        self._sound_surname = WordPostings(keys.sound_surname)
        self._fuzzy_keys, self._fuzzy_ids = fuzzy_choices(keys, self._alias)
        self._prefix = PrefixTable([*prefix_rows, *alias_rows], self._weight)
        self._cars = CarNumbers(cars, self._drivers)

    def name(self, driver_id: int) -> str:
        return self._drivers[driver_id].name

    def resolve(self, query: str, *, series: str | None, season: int | None) -> Resolution:
        q = clean(query)
        number = car_number(q)
        if number is not None:
            starts = self._cars.starts(number, series, season)
            ranked = rank(
                car_hits(starts), weight=starts, name=self.name, extra=_no_bonus, limit=RESOLVE_LIMIT
            )
            return resolution("driver", query[:MAX_QUERY_CHARS], ranked, weight=starts, name=self.name)
        hits = self._name_hits(q)
        if q and not hits:
            hits = self._fuzzy_hits(q)
        hits = self._agreeing(hits, q)
        # A series or season named in the command keeps to the drivers who raced in it, if any did.
        hits = only_where(hits, lambda key: self._active(key, series, season)) if series or season else hits
        ranked = rank(
            hits,
            weight=self._weight,
            name=self.name,
            extra=self._context(series, season),
            limit=RESOLVE_LIMIT,
        )
        if query.strip() not in self._names:  # a name exactly as stored (as autocomplete sends it) stands
            ranked = prefer_prominent(ranked, self._weight)
        ranked = self._louder_sounds(ranked)
        return resolution("driver", query[:MAX_QUERY_CHARS], ranked, weight=self._weight, name=self.name)

    def _louder_sounds(self, ranked: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
        """Names found only by their sound stay when first or more prominent than the first, whom the
        fan may have meant: "johns" is Bobby Johns, Erik Jones beside him; "ron hornaday" is no Ronnie."""
        if not ranked:
            return ranked
        first = self._weight[ranked[0][1]]
        return [ranked[0], *(row for row in ranked[1:] if row[2] != "sound" or self._weight[row[1]] > first)]

    def complete(self, text: str, *, series: str | None, season: int | None, limit: int) -> list[Candidate]:
        limit = max(0, min(limit, COMPLETE_LIMIT))
        q = clean(text)
        if limit == 0:
            return []
        if not q:
            return self._most_prominent(series, season, limit)
        number = car_number(q)
        if number is not None:
            starts = self._cars.starts(number, series, season)
            ranked = rank(car_hits(starts), weight=starts, name=self.name, extra=_no_bonus, limit=limit)
            return as_candidates("driver", ranked, self.name)
        hits = {key: hit for key, hit in self._name_hits(q).items() if self._active(key, series, season)}
        found = 0
        for driver_id, score in self._prefix.lookup(q):
            if self._active(driver_id, series, season):
                add_hit(hits, driver_id, score, "prefix")
                found += 1
                if found >= limit:
                    break
        if not hits:
            hits = {key: hit for key, hit in self._fuzzy_hits(q).items() if self._active(key, series, season)}
        ranked = rank(
            hits, weight=self._weight, name=self.name, extra=self._context(series, season), limit=limit
        )
        return as_candidates("driver", ranked, self.name)

    def suggest(self, query: str, *, series: str | None, season: int | None, limit: int) -> list[Candidate]:
        """For a "no match" reply: drivers whose name or surname is loosely like the text, those of the
        series and season first; for a car number, the numbers run that season written most like it."""
        q = clean(query)
        number = car_number(q)
        if number is not None:
            return [
                Candidate("driver", driver_id, f"#{other} {self.name(driver_id)}", round(score, 2), "car")
                for other, driver_id, score in self._cars.nearest(number, series, season, limit)
            ]
        hits: Hits[int] = {}
        words = q.split()
        for _, score, index in fuzzy_matches(" ".join(sorted(words)), self._fuzzy_keys, LOOSE_CUTOFF):
            for driver_id in self._fuzzy_ids.at(index):
                add_hit(hits, driver_id, score, "fuzzy")
        for word in (word for word in words if len(word) >= LOOSE_WORD_CHARS):
            for key, score, _ in fuzzy_matches(word, self._surname_keys, LOOSE_SURNAME_CUTOFF):
                for driver_id in self._surname.ids(key):
                    add_hit(hits, driver_id, SURNAME * score / 100.0, "fuzzy")
        hits = self._agreeing(hits, q)
        hits = only_where(hits, lambda key: self._active(key, series, season)) if series or season else hits
        ranked = rank(
            hits, weight=self._weight, name=self.name, extra=self._context(series, season), limit=limit
        )
        return as_candidates("driver", ranked, self.name)

    def _name_hits(self, q: str) -> Hits[int]:
        hits: Hits[int] = {}
        if not q:
            return hits
        for driver_id in self._exact.ids(q):
            add_hit(hits, driver_id, EXACT, "exact")
        for driver_id in self._unqualified.ids(q):
            add_hit(hits, driver_id, UNQUALIFIED, "exact")
        for driver_id, score in self._alias.get(q, ()):
            add_hit(hits, driver_id, score, "alias")
        base = strip_suffix(q)
        # "earnhardt sr": the alias "earnhardt", its suffix then checked as any name's.
        for driver_id, score in self._alias.get(base, ()) if base != q else ():
            add_hit(hits, driver_id, score, "alias")
        tables = [
            (self._suffixless, SUFFIXLESS, "suffix"),
            (self._surname, SURNAME, "surname"),
            (self._abbreviated, ABBREVIATED, "abbreviation"),
            (self._first, FIRST_NAME, "first_name"),
        ]
        if base != q:
            tables += [(self._exact, SUFFIXLESS, "suffix"), (self._unqualified, SUFFIXLESS, "suffix")]
        for table, score, via in tables:
            for driver_id in table.ids(base):
                add_hit(hits, driver_id, score, via)
        if 2 <= len(q) <= 4 and q.isalpha():
            for driver_id in self._initials.ids(q):
                add_hit(hits, driver_id, INITIALS, "initials")
        sound = sound_of(base)
        if sound:
            for sounds, points in ((self._sound, SOUND), (self._sound_surname, SOUND_SURNAME)):
                for driver_id, spelled in sounds.pairs(sound):
                    if fuzz.ratio(base, spelled, score_cutoff=SOUND_SPELLING):
                        add_hit(hits, driver_id, points, "sound")
        return hits

    def _agreeing(self, hits: Hits[int], q: str) -> Hits[int]:
        """The hits a typed suffix allows: the names with that suffix, or when none has it the names with
        none ("dale earnhardt sr" is Dale Earnhardt); "sr" never finds a "Jr.", nor "jr" a "Sr.". An alias
        of the whole text ("darrell wallace jr") names its driver as is."""
        base = strip_suffix(q)
        suffix = q[len(base) + 1 :]
        if not suffix:
            return hits
        named = {driver_id for driver_id, _ in self._alias.get(q, ())}
        same = any(self._suffix.get(driver_id, "") == suffix for driver_id in hits)
        return {
            driver_id: hit
            for driver_id, hit in hits.items()
            if driver_id in named or self._suffix.get(driver_id, "") == (suffix if same else "")
        }

    def _fuzzy_hits(self, q: str) -> Hits[int]:
        hits: Hits[int] = {}
        token_sorted = " ".join(sorted(q.split()))
        for _, score, index in fuzzy_matches(token_sorted, self._fuzzy_keys, FUZZY_CUTOFF):
            for driver_id in self._fuzzy_ids.at(index):
                add_hit(hits, driver_id, score * FUZZY_FACTOR, "fuzzy")
        for key, score, _ in fuzzy_matches(q, self._surname_keys, SURNAME_FUZZY_CUTOFF):
            for driver_id in self._surname.ids(key):
                add_hit(hits, driver_id, SURNAME * score / 100.0, "fuzzy")
        return hits

    def _most_prominent(self, series: str | None, season: int | None, limit: int) -> list[Candidate]:
        """The field of the season (default: latest with car data), most prominent first."""
        year = self._cars.season(series, season)
        pool = set() if year is None else self._cars.field(series, year)
        if pool:
            chosen = sorted(pool, key=lambda i: -self._weight[i])[:limit]
        else:
            year = year if year is not None else self._latest
            chosen = [i for i in self._by_prominence if self._active(i, series, year)][:limit]
        return as_candidates("driver", [(0.0, i, "prominent") for i in chosen], self.name)

    def _active(self, driver_id: int, series: str | None, season: int | None) -> bool:
        driver = self._drivers[driver_id]
        if series is not None and series not in driver.series:
            return False
        if season is None:
            return True
        first = driver.first_season if driver.first_season is not None else season
        last = driver.last_season if driver.last_season is not None else season
        return first <= season <= last

    def _context(self, series: str | None, season: int | None) -> _Context:
        return _Context(self._drivers, series, season)


class _Context:
    """Bonus points for drivers who raced in the series and season the command is about."""

    __slots__ = ("_drivers", "_season", "_series")

    def __init__(self, drivers: dict[int, _Driver], series: str | None, season: int | None) -> None:
        self._drivers, self._series, self._season = drivers, series, season

    def __call__(self, driver_id: int) -> float:
        driver = self._drivers[driver_id]
        bonus = 0.0
        if self._series is not None and self._series in driver.series:
            bonus += SERIES_BONUS
        if (
            self._season is not None
            and driver.first_season is not None
            and driver.last_season is not None
            and driver.first_season <= self._season <= driver.last_season
        ):
            bonus += SEASON_BONUS
        return bonus


def _no_bonus(_: int) -> float:
    return 0.0
