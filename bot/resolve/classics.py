"""Classic race names: "southern 500" stands for every Southern 500, whatever a sponsor called it.

races.csv maps classic, former and nick names to a race's current title. The race's home is where a race
of that exact title ran (track and series); its editions are, season by season, the home's race whose
name holds every word of one of its names (the title or any name pointing at it). When several do, the
one adding the fewest other words is the race: "Daytona 500", not "Daytona 500 Qualifier #1".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.resolve.entries import RaceEntry
from kernel.naming import AliasEntry, fold


@dataclass(frozen=True, slots=True)
class Classic:
    """One name of a classic race, as races.csv spells it, and the numbers of the race's editions."""

    name: str
    editions: frozenset[int]


def without_the(folded: str) -> str:
    return folded.removeprefix("the ")


def classic_names(races: Sequence[RaceEntry], aliases: Sequence[AliasEntry]) -> dict[str, Classic]:
    """Each race name of races.csv, and each title they point at, folded without a leading "the" ->
    the race's editions (numbers are positions in `races`); a title that never ran has none."""
    spellings: dict[str, dict[str, str]] = defaultdict(dict)
    for alias in aliases:
        if alias.kind == "race":
            title = fold(alias.target)
            spellings[title].setdefault(title, alias.target)
            spellings[title][fold(alias.alias)] = alias.alias
    at_home: dict[tuple[str, str], list[int]] = defaultdict(list)
    homes: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for number, race in enumerate(races):
        at_home[(race.track, race.series)].append(number)
        title = fold(race.name)
        if title in spellings:
            homes[title].add((race.track, race.series))
    table: dict[str, Classic] = {}
    for title, spelled in spellings.items():
        numbers = [number for home in homes[title] for number in at_home[home]]
        editions = _editions(races, numbers, [frozenset(name.split()) for name in spelled])
        for key, name in spelled.items():
            if editions and without_the(key):
                table[without_the(key)] = Classic(name, editions)
    return table


def _editions(races: Sequence[RaceEntry], numbers: list[int], names: list[frozenset[str]]) -> frozenset[int]:
    """Per home and season, the race holding all the words of one of `names` with the fewest others."""
    best: dict[tuple[str, str, int], tuple[int, int]] = {}
    for number in numbers:
        race = races[number]
        words = fold(race.name).split()
        extra = [len(words) - len(name) for name in names if name <= set(words)]
        if extra:
            key = (race.track, race.series, race.season)
            best[key] = min(best.get(key, (min(extra), number)), (min(extra), number))
    return frozenset(number for _, number in best.values())
