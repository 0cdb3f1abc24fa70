"""The one text normalisation used for every name key, by importers and the resolver alike.

Keys built at import time and queries typed by fans must fold to the same string, so this module is
the only place that decides what "the same name" means, and which words of a track's name say
nothing about which place it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

AliasKind = Literal["driver", "track", "series", "race"]

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Words most track names share; they never tell two tracks apart.
GENERIC_TRACK_WORDS = frozenset(
    {"speedway", "superspeedway", "raceway", "motor", "motorsports", "international", "intl", "park"}
    | {"race", "track", "the", "at", "of", "and", "mile", "sports", "car"}
)
# Words that tell a layout of a place ("bristol" vs "bristol dirt"), not the place itself.
LAYOUT_WORDS = frozenset({"dirt", "road", "course", "circuit", "street"})

# Separators become spaces so "Homestead-Miami" and "bristol/dirt" keep their word boundaries;
# every other non-alphanumeric character is dropped so "A.J." -> "aj" and "O'Reilly" -> "oreilly".
_SEPARATORS = frozenset("-_/\u2010\u2011\u2012\u2013\u2014")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """Another name for a driver, track, series or race; `target` is the canonical name or series code."""

    kind: AliasKind
    alias: str
    target: str
    source: str


def fold(text: str) -> str:
    """Lower-case ASCII-ish key: no diacritics, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    chars: list[str] = []
    for char in decomposed:
        if char.isalnum():  # combining accents are not alphanumeric, so they go here
            chars.append(char)
        elif char.isspace() or char in _SEPARATORS:
            chars.append(" ")
    return " ".join("".join(chars).split())


def strip_suffix(folded: str) -> str:
    """Drop a trailing generational suffix ("dale earnhardt jr" -> "dale earnhardt")."""
    head, _, last = folded.rpartition(" ")
    if head and last in SUFFIXES:
        return head
    return folded


def strip_parenthetical(name: str) -> str:
    """Drop the disambiguating "(CA)" in "Bill Scott (CA)"."""
    return " ".join(_PARENTHETICAL.sub(" ", name).split())


def name_key(name: str) -> str:
    """The identity key of a driver or track name: two names with one key are one row in the store."""
    return fold(name)


def distinctive_words(folded: str) -> tuple[str, ...]:
    """The words that tell tracks apart: "bristol motor speedway dirt track" -> ("bristol", "dirt")."""
    return tuple(word for word in folded.split() if word not in GENERIC_TRACK_WORDS)


def place_words(name: str) -> frozenset[str]:
    """The words naming the place itself, without generic or layout words ("portland", not "road")."""
    return frozenset(distinctive_words(fold(name))) - LAYOUT_WORDS
