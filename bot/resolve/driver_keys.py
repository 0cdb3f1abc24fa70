"""The keys a driver's name is found by, built once: its folded forms, name parts, initials and sounds.

A name's sound is its words' Metaphone keys (jellyfish's): "casey kane" sounds as "Kasey Kahne".
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Final

from jellyfish import metaphone

from bot.resolve.entries import DriverEntry
from bot.resolve.postings import Groups
from kernel.naming import SUFFIXES, fold, strip_parenthetical, strip_suffix

# Shorter texts sound like too many names.
SOUND_MIN_LETTERS: Final = 4
# Completions rank mostly by prominence: typing "lar" should offer Kyle Larson before Larry Pearson.
PREFIX_FULL: Final = 91.0
PREFIX_PART: Final = 90.0
# Initials are only indexed for drivers fans would abbreviate; otherwise "jj" finds dozens.
INITIALS_MIN_STARTS: Final = 100


def suffix_of(plain: str) -> str:
    last = plain.rpartition(" ")[2]
    return last if last in SUFFIXES and last != plain else ""


def sound_of(folded: str) -> str:
    """The Metaphone keys of the words, or "" when the text is too short or not all letters to sound
    out reliably: "casey kahne" -> "KS KN"."""
    words = folded.split()
    if sum(len(word) for word in words) < SOUND_MIN_LETTERS or not all(
        word.isascii() and word.isalpha() for word in words
    ):
        return ""
    return " ".join(metaphone(word) for word in words)


class NameKeys:
    """The driver tables as they are built: each key's ids in the order found, and each driver's suffix."""

    def __init__(self) -> None:
        self.suffix: dict[int, str] = {}
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.unqualified: dict[str, list[int]] = defaultdict(list)
        self.suffixless: dict[str, list[int]] = defaultdict(list)
        self.surname: dict[str, list[int]] = defaultdict(list)
        self.first: dict[str, list[int]] = defaultdict(list)
        self.abbreviated: dict[str, list[int]] = defaultdict(list)
        self.initials: dict[str, list[int]] = defaultdict(list)
        # Sound key -> (driver, the words that sound so), over whole names and over surnames.
        self.sound: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.sound_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def add(self, driver: DriverEntry) -> list[tuple[str, int, float]]:
        """Index the driver's name; its prefix rows. Keys are interned: the tables share one string each."""
        full, plain = sys.intern(fold(driver.name)), sys.intern(fold(strip_parenthetical(driver.name)))
        base = sys.intern(strip_suffix(plain))
        tokens = base.split()
        self.suffix[driver.id] = suffix_of(plain)
        self.exact[full].append(driver.id)
        if plain != full:
            self.unqualified[plain].append(driver.id)
        if base != plain:
            self.suffixless[base].append(driver.id)
        rows = [(plain, driver.id, PREFIX_FULL)]
        sound = sound_of(base)
        if sound:
            self.sound[sound].append((driver.id, base))
        for split in range(1, len(tokens)):
            tail = sys.intern(" ".join(tokens[split:]))
            self.surname[tail].append(driver.id)
            tail_sound = sound_of(tail)
            if tail_sound:
                self.sound_surname[tail_sound].append((driver.id, tail))
            self.first[" ".join(tokens[:split])].append(driver.id)
            rows.append((tail, driver.id, PREFIX_PART))
        if len(tokens) >= 2:
            self.abbreviated[f"{tokens[0][0]} {' '.join(tokens[1:])}"].append(driver.id)
            if driver.starts >= INITIALS_MIN_STARTS or driver.wins > 0:
                initials = "".join(token[0] for token in tokens)
                self.initials[initials].append(driver.id)
                if self.suffix[driver.id]:
                    self.initials[initials + self.suffix[driver.id][0]].append(driver.id)
        return rows


def fuzzy_choices(keys: NameKeys, alias: dict[str, list[tuple[int, float]]]) -> tuple[list[str], Groups]:
    """Token-sorted names and aliases, so fuzz.ratio on them behaves like token_sort_ratio, and the drivers
    of each. Not interned: rapidfuzz scans them a few percent faster when they lie together in memory."""
    grouped: dict[str, set[int]] = defaultdict(set)
    for key, ids in [*keys.exact.items(), *keys.unqualified.items(), *keys.suffixless.items()]:
        grouped[" ".join(sorted(key.split()))].update(ids)
    for key, pairs in alias.items():
        grouped[" ".join(sorted(key.split()))].update(driver_id for driver_id, _ in pairs)
    return list(grouped), Groups(grouped.values())
