"""Compact key -> ids tables for the name index, whose tables are mostly thousands of tiny groups.

A process keeps its index for its lifetime, loaded from the start-up snapshot, where every int and
every container becomes an object of its own: a key's list of one id costs ~150 bytes, a frozenset of
one ~250, an array of one 84. Here a key costs its dict slot, and the ids 4 bytes each in one array
that pickles as plain bytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final

NO_IDS: Final[tuple[int, ...]] = ()


class Groups:
    """Numbered groups of ids (32-bit ints) in one array: group k is _ids[_starts[k]:_starts[k + 1]]."""

    __slots__ = ("_ids", "_starts")

    def __init__(self, groups: Iterable[Iterable[int]]) -> None:
        self._starts = array("i", [0])
        self._ids = array("i")
        for ids in groups:
            self._ids.extend(ids)
            self._starts.append(len(self._ids))

    def at(self, slot: int) -> Sequence[int]:
        """The ids of group `slot`."""
        return self._ids[self._starts[slot] : self._starts[slot + 1]]


class Postings(Groups):
    """Each key's ids in the order given, the keys in the order given too."""

    __slots__ = ("_slot",)

    def __init__(self, groups: Mapping[str, Iterable[int]]) -> None:
        super().__init__(groups.values())
        self._slot = {key: slot for slot, key in enumerate(groups)}

    def ids(self, key: str) -> Sequence[int]:
        """The key's ids, none for a key not in the table."""
        slot = self._slot.get(key)
        # `at` inlined: this is the hot path of every name lookup.
        return NO_IDS if slot is None else self._ids[self._starts[slot] : self._starts[slot + 1]]

    def __contains__(self, key: object) -> bool:
        return key in self._slot

    def __iter__(self) -> Iterator[str]:
        return iter(self._slot)


class WordPostings(Postings):
    """Each key's (id, word) pairs: the ids as in `Postings`, the words (shared strings) alongside."""

    __slots__ = ("_words",)

    def __init__(self, groups: Mapping[str, Sequence[tuple[int, str]]]) -> None:
        super().__init__({key: (id_ for id_, _ in pairs) for key, pairs in groups.items()})
        self._words = [word for pairs in groups.values() for _, word in pairs]

    def pairs(self, key: str) -> Iterator[tuple[int, str]]:
        """The key's (id, word) pairs, none for a key not in the table."""
        slot = self._slot.get(key)
        if slot is None:
            return iter(())
        start, end = self._starts[slot], self._starts[slot + 1]
        return zip(self._ids[start:end], self._words[start:end], strict=True)
