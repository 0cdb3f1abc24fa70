"""Race lookup: "daytona 500", "2024 coke 600", "bristol night race" -> events.

A race recurs every season under names its sponsors change, so a name stands for every edition of it
and the most recent edition comes first; races.csv names classic races ("southern 500": every Southern
500 at Darlington, see `classics`). A season asked (a year in the text, or the command's) keeps to that
season, with no other season's race in its place. Fans mean the latest race that fits, so "bristol
night race" is this year's night race, not a choice between "IRWIN Tools" and "Bass Pro Shops"; only a
close candidate at another track in the same season ("cook out 400": Martinsville or Richmond) makes
the answer ambiguous.

Races are numbered in recency order and every index holds sets of those numbers, so ranking the
thousands of races a word like "500" finds is set algebra and an integer sort, not a loop per race.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import Final

from bot.resolve.classics import classic_names, without_the
from bot.resolve.entries import Candidate, RaceEntry, Resolution, Status
from bot.resolve.postings import Postings
from bot.resolve.race_numbers import EMPTY, Group, disjoint, frozen, packed, split, unpacked
from bot.resolve.ranking import (
    CLOSE,
    COMPLETE_LIMIT,
    MAX_CHOICE_NAME,
    MAX_QUERY_CHARS,
    RESOLVE_LIMIT,
    clean,
    closest_word,
    fuzzy_matches,
)
from kernel.naming import AliasEntry, distinctive_words, fold
from kernel.series import SERIES_BY_CODE, series_order

EXACT: Final = 100.0
ALIAS: Final = 100.0
WORDS: Final = 90.0
WORD_FUZZY_CUTOFF: Final = 85.0
# Shorter words are one letter away from too many others ("clash" -> "cash").
FUZZY_WORD_CHARS: Final = 6
FUZZY_CUTOFF: Final = 85.0
FUZZY_FACTOR: Final = 0.9
# Suggestions for a "no match" reply correct misspelt words more loosely than a lookup does.
LOOSE_WORD_CUTOFF: Final = 75.0
LOOSE_WORD_CHARS: Final = 4
# The longest track nickname, in words, found inside race text ("the last great colosseum").
ALIAS_WORDS: Final = 4
# More than CLOSE: the command's series and season settle a tie between races.
SERIES_BONUS: Final = 5.0
SEASON_BONUS: Final = 5.0
# Words fans add that a race's name need not contain ("championship race", "the night race").
NOISE_WORDS: Final = frozenset({"the", "at", "race", "of", "a", "in"})
# Sorts after every folded word, so the words with a prefix are the slice [prefix, prefix + LAST_CHAR).
LAST_CHAR: Final = "\U0010ffff"
# The tables of race-number sets, pickled as arrays.
NUMBER_SETS: Final = ("_by_word", "_by_series", "_by_season", "_alias")


def race_label(season: int, name: str, series: str) -> str:
    """The year and series tell editions apart: 2024 DAYTONA 500 (Cup)."""
    spec = SERIES_BY_CODE.get(series)
    return f"{season} {name} ({series if spec is None else spec.label})"


def split_year(folded: str) -> tuple[str, int | None]:
    """The first four-digit word is the season: "2024 daytona 500" -> ("daytona 500", 2024)."""
    words = folded.split()
    for index, word in enumerate(words):
        if len(word) == 4 and word.isascii() and word.isdigit():
            return " ".join(words[:index] + words[index + 1 :]), int(word)
    return folded, None


class RaceLookup:
    """Race names, classic-name aliases and the words of race and track names, precomputed once.

    The races themselves are kept as columns, indexed by number: event id, season, series, name and
    track, the strings shared (a name, track or series recurs season after season).
    """

    def __init__(self, races: Sequence[RaceEntry], aliases: Sequence[AliasEntry]) -> None:
        # Among races of one season Cup comes before Xfinity and Truck: "the Daytona 500" is the Cup race.
        ordered = sorted(races, key=lambda r: (-r.season, series_order(r.series), -r.round, r.id))
        self._ids = array("i", (race.id for race in ordered))
        self._seasons = array("h", (race.season for race in ordered))
        self._series = [sys.intern(race.series) for race in ordered]
        self._names = [sys.intern(race.name) for race in ordered]
        self._tracks = [sys.intern(race.track) for race in ordered]
        by_name: dict[str, set[int]] = defaultdict(set)
        by_word: dict[str, set[int]] = defaultdict(set)
        by_series: dict[str, set[int]] = defaultdict(set)
        by_season: dict[int, set[int]] = defaultdict(set)
        track_words: dict[str, tuple[str, ...]] = {}
        by_label: dict[str, set[int]] = defaultdict(set)
        for number, race in enumerate(ordered):
            key = fold(race.name)
            by_name[key].add(number)
            by_label[fold(race_label(race.season, race.name, race.series)[:MAX_CHOICE_NAME])].add(number)
            for word in key.split():
                by_word[word].add(number)
            if race.track not in track_words:
                track_words[race.track] = distinctive_words(fold(race.track))
            for word in track_words[race.track]:
                by_word[word].add(number)
            by_series[race.series].add(number)
            by_season[race.season].add(number)
        by_name.pop("", None)
        # Nearly every label, and most names, are one race's: compact, made sets when asked.
        self._by_label = Postings(by_label)
        self._by_name = Postings(by_name)
        self._by_word = frozen(by_word)
        self._by_series = frozen(by_series)
        self._by_season = frozen(by_season)
        classics = classic_names(ordered, aliases)
        self._alias = {key: classic.editions for key, classic in classics.items()}
        self._alias_name = {key: classic.name for key, classic in classics.items()}
        self._classic = frozenset(ordered[n].id for c in classics.values() for n in c.editions)
        self._track_alias = _track_alias_table(aliases, track_words)
        self._alias_keys = sorted(self._alias)
        self._vocabulary = sorted(self._by_word)
        self._fuzzy_keys = sorted({*self._by_name, *self._alias})
        by_number: dict[str, list[str]] = defaultdict(list)
        for key in self._fuzzy_keys:
            for word in set(key.split()):
                if word.isdigit():
                    by_number[word].append(key)
        self._fuzzy_by_number = dict(by_number)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with its sets of race numbers as arrays (see `race_numbers`)."""
        state = dict(vars(self))
        for name in NUMBER_SETS:
            state[name] = packed(getattr(self, name))
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        numbers = list(range(len(self._ids)))
        for name in NUMBER_SETS:
            setattr(self, name, unpacked(getattr(self, name), numbers))

    def resolve(self, query: str, *, series: str | None, season: int | None) -> Resolution:
        """Only races of the season (a year in the text, else `season`) count, so a season without the
        race finds none; the series only adds points."""
        text, year = self._parse(clean(query))
        year = season if year is None else year
        within = None if year is None else self._by_season.get(year, EMPTY)
        groups = self._groups(text, within, fuzzy=True, prefix=False)
        ordered = self._ranked(groups, series, None)
        ranked = list(islice(ordered, RESOLVE_LIMIT))
        status = self._status(ranked, ordered)
        return Resolution("race", query[:MAX_QUERY_CHARS], status, tuple(self._candidates(ranked, groups)))

    def seasons(self, query: str, *, series: str | None) -> tuple[str, tuple[int, ...]]:
        """The race the text names in any season (a year in it aside), and the seasons it ran: those of
        the best way the text names races, in `series` if it ran there. The name is the classic name
        as races.csv spells it, else the latest edition's; no seasons when the text names no race."""
        text, _ = self._parse(clean(query))
        groups = self._groups(text, None, fuzzy=True, prefix=False)
        if not groups:
            return text, ()
        top = groups[0][0]
        numbers = EMPTY.union(*(numbers for score, _, numbers in groups if score == top))
        numbers = numbers & self._by_series.get(series or "", EMPTY) or numbers
        name = self._alias_name.get(without_the(text)) or self._names[min(numbers)]
        return name, tuple(sorted({self._seasons[number] for number in numbers}))

    def is_classic(self, event_id: int) -> bool:
        """Whether the event is an edition of a race races.csv names (the Daytona 500, the Southern 500)."""
        return event_id in self._classic

    def names_a_race(self, query: str) -> bool:
        """Whether `resolve` could find the text by exact or classic name (and not only by its words)."""
        text, _ = self._parse(clean(query))
        return self._names_races(text)

    def complete(self, text: str, *, series: str | None, season: int | None, limit: int) -> list[Candidate]:
        """Choices narrowed to the series and season; empty text lists the most recent races."""
        limit = max(0, min(limit, COMPLETE_LIMIT))
        if limit == 0:
            return []
        q, year = self._parse(clean(text))
        within = self._within(series, season if year is None else year)
        if not q:
            numbers = range(len(self._ids)) if within is None else sorted(within)
            return self._candidates([(0.0, number) for number in islice(numbers, limit)], [])
        groups = self._groups(q, within, fuzzy=False, prefix=True)
        if not groups:
            groups = self._groups(q, within, fuzzy=True, prefix=False)
        return self._candidates(list(islice(self._ranked(groups, None, None), limit)), groups)

    def suggest(self, query: str, *, series: str | None, season: int | None, limit: int) -> list[Candidate]:
        """For a "no match" reply, the latest edition of each race that nearly fits: one the text names in
        another year ("2030 coke 600"), else those holding the most of its words (misspelt ones corrected
        loosely), kept to the text's year, or the command's series and season, if any race there fits."""
        text, year = self._parse(clean(query))
        groups = self._groups(text, None, fuzzy=True, prefix=False) if year is not None else []
        if groups:
            ranked: Iterator[tuple[float, int]] = self._ranked(groups, series, season)
        else:
            ranked = iter(self._most_words(text, self._within(series, season if year is None else year)))
        shown: dict[tuple[str, str], tuple[float, int]] = {}
        for score, number in ranked:
            shown.setdefault((fold(self._names[number]), self._series[number]), (score, number))
            if len(shown) == limit:
                break
        fuzzy: Group = (0.0, "fuzzy", frozenset(number for _, number in shown.values()))
        return self._candidates(list(shown.values()), [*groups, fuzzy])

    def _most_words(self, text: str, within: frozenset[int] | None) -> list[tuple[float, int]]:
        """(share of the words held, race number) for the races holding the most of the text's words,
        kept to `within` if any race there holds one, latest first."""
        found: list[frozenset[int]] = []
        for word in self._track_words(text.split(), keep_last=False):
            if word not in self._by_word and word.isalpha() and len(word) >= LOOSE_WORD_CHARS:
                match = closest_word(word, self._vocabulary, LOOSE_WORD_CUTOFF)
                word = word if match is None else match[0]
            if word in self._by_word:
                found.append(self._by_word[word])
        counts = Counter(chain.from_iterable(found))
        if within is not None:
            counts = Counter({n: c for n, c in counts.items() if n in within}) or counts
        most = max(counts.values(), default=0)
        return [(100.0 * most / len(found), n) for n in sorted(n for n, c in counts.items() if c == most)]

    def _parse(self, q: str) -> tuple[str, int | None]:
        """Split off a year unless the whole text already names a race."""
        return (q, None) if self._names_races(q) else split_year(q)

    def _names_races(self, text: str) -> bool:
        """A race's own name, its label as a choice shows it ("2024 DAYTONA 500 (Cup)"), or a classic name."""
        return text in self._by_name or text in self._by_label or without_the(text) in self._alias

    def _within(self, series: str | None, season: int | None) -> frozenset[int] | None:
        """The races of that series and season, or None when neither narrows anything."""
        within = None if series is None else self._by_series.get(series, EMPTY)
        if season is not None:
            in_season = self._by_season.get(season, EMPTY)
            within = in_season if within is None else within & in_season
        return within

    def _groups(self, text: str, within: frozenset[int] | None, *, fuzzy: bool, prefix: bool) -> list[Group]:
        """Every way the text names races, kept to `within`; fuzzy over whole names only if nothing else.
        With `prefix` the text may be half typed: its last word, or an alias, need only start with it."""
        if not text:
            return []
        key = without_the(text)
        aliases = _starting_with(self._alias_keys, key) if prefix else [key]
        groups = [
            (EXACT, "exact", frozenset((*self._by_name.ids(text), *self._by_label.ids(text)))),
            (ALIAS, "alias", EMPTY.union(*(self._alias.get(alias, EMPTY) for alias in aliases))),
            *self._word_groups(text, fuzzy=fuzzy, prefix=prefix),
        ]
        found = disjoint(groups, within)
        if fuzzy and not found:
            found = disjoint(self._fuzzy_groups(text), within)
        return found

    def _track_words(self, words: list[str], *, keep_last: bool) -> list[str]:
        """The words without noise, a track's nickname or city ("dega", "monster mile") put as that track's
        words; a single word races already hold stays as typed. With `keep_last` the last is half typed."""
        words = [word for word in words if word not in NOISE_WORDS]
        head, tail = (words[:-1], words[-1:]) if keep_last else (words, [])
        put: list[str] = []
        start = 0
        while start < len(head):
            for size in range(min(ALIAS_WORDS, len(head) - start), 0, -1):
                phrase = " ".join(head[start : start + size])
                if phrase in self._track_alias and (size > 1 or phrase not in self._by_word):
                    put.extend(self._track_alias[phrase])
                    start += size
                    break
            else:
                put.append(head[start])
                start += 1
        return put + tail

    def _word_groups(self, text: str, *, fuzzy: bool, prefix: bool) -> list[Group]:
        """Races whose name and track words hold all the query's; misspelt words are corrected first."""
        words = self._track_words(text.split(), keep_last=prefix)
        if not words:
            return []
        found_by_word: list[frozenset[int]] = []
        penalty, via = 0.0, "words"
        for index, word in enumerate(words):
            if prefix and index == len(words) - 1:
                found = _starting_with(self._vocabulary, word)
            elif word in self._by_word:
                found = [word]
            elif fuzzy and word.isalpha() and len(word) >= FUZZY_WORD_CHARS:
                match = closest_word(word, self._vocabulary, WORD_FUZZY_CUTOFF)
                if match is None:
                    return []
                found = [match[0]]
                penalty, via = penalty + (100.0 - match[1]) / 2.0, "fuzzy"
            else:
                return []
            if not found:
                return []
            found_by_word.append(EMPTY.union(*(self._by_word[w] for w in found)))
        return [(WORDS - penalty, via, found_by_word[0].intersection(*found_by_word[1:]))]

    def _fuzzy_groups(self, text: str) -> list[Group]:
        """Near spellings of whole names; numbers must agree, since "indy 500" is not the "Indy 250"."""
        numbers = {word for word in text.split() if word.isdigit()}
        choices = self._fuzzy_by_number.get(min(numbers), []) if numbers else self._fuzzy_keys
        return [
            (score * FUZZY_FACTOR, "fuzzy", self._alias.get(key, EMPTY).union(self._by_name.ids(key)))
            for key, score, _ in fuzzy_matches(text, choices, FUZZY_CUTOFF)
            if numbers <= set(key.split())
        ]

    def _ranked(
        self, groups: list[Group], series: str | None, season: int | None
    ) -> Iterator[tuple[float, int]]:
        """(score, race number) best first; the command's series and season add points, then recency."""
        in_series = EMPTY if series is None else self._by_series.get(series, EMPTY)
        in_season = EMPTY if season is None else self._by_season.get(season, EMPTY)
        buckets: dict[float, frozenset[int]] = {}
        for score, _, numbers in groups:
            for series_bonus, some in split(numbers, in_series, SERIES_BONUS):
                for season_bonus, subset in split(some, in_season, SEASON_BONUS):
                    total = score + series_bonus + season_bonus
                    buckets[total] = buckets.get(total, EMPTY) | subset
        for score in sorted(buckets, reverse=True):
            for number in sorted(buckets[score]):
                yield score, number

    def _status(self, ranked: list[tuple[float, int]], rest: Iterator[tuple[float, int]]) -> Status:
        """Ambiguous only when a race at another track that season scores within CLOSE of the best."""
        if not ranked:
            return "none"
        top_score, top = ranked[0]
        season, track = self._seasons[top], self._tracks[top]
        for score, number in chain(ranked[1:], rest):
            if top_score - score >= CLOSE:
                break
            if self._seasons[number] == season and self._tracks[number] != track:
                return "ambiguous"
        return "match"

    def _candidates(self, ranked: list[tuple[float, int]], groups: list[Group]) -> list[Candidate]:
        return [
            Candidate(
                kind="race",
                id=self._ids[number],
                name=race_label(self._seasons[number], self._names[number], self._series[number])[
                    :MAX_CHOICE_NAME
                ],
                score=round(score, 2),
                via=next((via for _, via, numbers in groups if number in numbers), "recent"),
            )
            for score, number in ranked
        ]


def _track_alias_table(
    aliases: Sequence[AliasEntry], track_words: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """A track nickname's words (noise dropped) -> the distinctive words of the track it names, if raced at."""
    table: dict[str, tuple[str, ...]] = {}
    for alias in aliases:
        words = track_words.get(alias.target)
        key = " ".join(word for word in fold(alias.alias).split() if word not in NOISE_WORDS)
        if alias.kind == "track" and words and key and len(key.split()) <= ALIAS_WORDS:
            table.setdefault(key, words)
    return table


def _starting_with(keys: list[str], prefix: str) -> list[str]:
    """The slice of sorted `keys` that start with `prefix`."""
    start = bisect_left(keys, prefix)
    return keys[start : bisect_left(keys, prefix + LAST_CHAR, start)]
