"""Series lookup: codes, official names and every title the three series raced under."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.resolve.entries import Candidate, Resolution
from bot.resolve.ranking import (
    COMPLETE_LIMIT,
    MAX_QUERY_CHARS,
    RESOLVE_LIMIT,
    Hits,
    PrefixTable,
    add_hit,
    as_candidates,
    clean,
    fuzzy_matches,
    rank,
    resolution,
)
from kernel.naming import AliasEntry, fold
from kernel.series import SERIES, SERIES_BY_CODE, SERIES_CODES

NOISE_WORDS: Final = frozenset({"nascar", "series", "the"})
EXACT: Final = 100.0
PREFIX: Final = 90.0
# A bare prefix ("tru") resolves only once it is long enough to mean something.
RESOLVE_PREFIX_CHARS: Final = 3
RESOLVED_PREFIX: Final = 80.0
FUZZY_CUTOFF: Final = 85.0
FUZZY_FACTOR: Final = 0.9
# Suggestions for a "no match" reply: looser than a lookup.
LOOSE_CUTOFF: Final = 60.0
# Cup before Xfinity before Truck when a prefix fits two ("c": cup, craftsman).
WEIGHT: Final[dict[str, float]] = {spec.code: spec.prominence for spec in SERIES}


def series_key(folded: str) -> str:
    """'nascar xfinity series' and 'xfinity' are the same key."""
    return " ".join(word for word in folded.split() if word not in NOISE_WORDS)


def _series_name(code: str) -> str:
    return SERIES_BY_CODE[code].name


def _no_bonus(_: str) -> float:
    return 0.0


class SeriesLookup:
    """Maps every known series title to its code."""

    def __init__(self, aliases: Sequence[AliasEntry]) -> None:
        self._keys: dict[str, tuple[str, str]] = {}
        for code in SERIES_CODES:
            self._keys[code] = (code, "exact")
            self._keys.setdefault(series_key(fold(SERIES_BY_CODE[code].name)), (code, "exact"))
        for alias in aliases:
            key = series_key(fold(alias.alias))
            if alias.kind == "series" and alias.target in SERIES_BY_CODE and key:
                self._keys.setdefault(key, (alias.target, "alias"))
        self._choices = list(self._keys)
        self._prefix = PrefixTable(((key, code, PREFIX) for key, (code, _) in self._keys.items()), WEIGHT)

    def resolve(self, query: str) -> Resolution:
        q = series_key(clean(query))
        hits = self._hits(q)
        if not hits and len(q) >= RESOLVE_PREFIX_CHARS:
            for code, _ in self._prefix.lookup(q):
                add_hit(hits, code, RESOLVED_PREFIX, "prefix")
        if not hits and q:
            hits = self._fuzzy_hits(q)
        ranked = rank(hits, weight=WEIGHT, name=_series_name, extra=_no_bonus, limit=RESOLVE_LIMIT)
        return resolution("series", query[:MAX_QUERY_CHARS], ranked, weight=WEIGHT, name=_series_name)

    def complete(self, text: str, limit: int) -> list[Candidate]:
        limit = max(0, min(limit, COMPLETE_LIMIT))
        q = series_key(clean(text))
        if not q:
            return as_candidates(
                "series", [(0.0, code, "prominent") for code in SERIES_CODES[:limit]], _series_name
            )
        hits = self._hits(q)
        for code, score in self._prefix.lookup(q):
            add_hit(hits, code, score, "prefix")
        if not hits:
            hits = self._fuzzy_hits(q)
        ranked = rank(hits, weight=WEIGHT, name=_series_name, extra=_no_bonus, limit=limit)
        return as_candidates("series", ranked, _series_name)

    def suggest(self, query: str, limit: int) -> list[Candidate]:
        """For a "no match" reply: series one of whose titles is loosely like the text."""
        hits: Hits[str] = {}
        for key, score, _ in fuzzy_matches(series_key(clean(query)), self._choices, LOOSE_CUTOFF):
            add_hit(hits, self._keys[key][0], score, "fuzzy")
        ranked = rank(hits, weight=WEIGHT, name=_series_name, extra=_no_bonus, limit=limit)
        return as_candidates("series", ranked, _series_name)

    def _hits(self, q: str) -> Hits[str]:
        hits: Hits[str] = {}
        if q in self._keys:
            code, via = self._keys[q]
            add_hit(hits, code, EXACT, via)
        return hits

    def _fuzzy_hits(self, q: str) -> Hits[str]:
        hits: Hits[str] = {}
        for key, score, _ in fuzzy_matches(q, self._choices, FUZZY_CUTOFF):
            add_hit(hits, self._keys[key][0], score * FUZZY_FACTOR, "fuzzy")
        return hits
