"""Sets of race numbers, the race lookup's currency: its tables map a word, series or season to the
races it finds, combined by set algebra at query time.

Races are numbered in recency order (0 the latest), so a set of them sorts latest first. Pickled as
they are, every set would come back holding its own copy of each number (pickle never shares ints,
28 bytes apiece); so they pickle as arrays, and are made sets of one shared int per race again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Final, TypeVar

EMPTY: Final[frozenset[int]] = frozenset()

Key = TypeVar("Key", str, int)
# (score, via, race numbers); after `disjoint` each race is in its best group only.
Group = tuple[float, str, frozenset[int]]


def frozen(table: Mapping[Key, set[int]]) -> dict[Key, frozenset[int]]:
    return {key: frozenset(numbers) for key, numbers in table.items()}


def packed(table: Mapping[Key, frozenset[int]]) -> dict[Key, array[int]]:
    """The table as it pickles: each set an array."""
    return {key: array("i", numbers) for key, numbers in table.items()}


def unpacked(table: Mapping[Key, array[int]], numbers: Sequence[int]) -> dict[Key, frozenset[int]]:
    """A packed table's sets again, holding the ints of `numbers` (every race's number) rather than new ones."""
    return {key: frozenset(map(numbers.__getitem__, some)) for key, some in table.items()}


def disjoint(groups: list[Group], within: frozenset[int] | None) -> list[Group]:
    """Best group first, each race only in the best group that found it, all kept to `within`."""
    taken = EMPTY
    result: list[Group] = []
    for score, via, numbers in sorted(groups, key=lambda group: -group[0]):
        fresh = (numbers if within is None else numbers & within) - taken
        if fresh:
            result.append((score, via, fresh))
            taken |= fresh
    return result


def split(
    numbers: frozenset[int], members: frozenset[int], bonus: float
) -> Iterator[tuple[float, frozenset[int]]]:
    """The races among `members` earn the bonus; the rest none."""
    inside = numbers & members
    if inside:
        yield bonus, inside
    if len(inside) < len(numbers):
        yield 0.0, numbers - inside
