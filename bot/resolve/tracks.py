"""Track lookup.

Tracks are matched on their distinctive words ("bristol", "dirt") rather than the generic ones
("motor speedway"), and a track whose distinctive words the query leaves unsaid scores lower, so
"bristol" is the oval and "bristol dirt" the dirt layout without special cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from bot.resolve.entries import Candidate, Resolution, TrackEntry
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
    closest_word,
    fuzzy_matches,
    only_where,
    prominence,
    rank,
    resolution,
)
from kernel.naming import AliasEntry, distinctive_words, fold

EXACT: Final = 100.0
CITY: Final = 88.0
WORDS: Final = 90.0
UNSAID_WORD: Final = 5.0
WORDS_FLOOR: Final = 60.0
PREFIX_FULL: Final = 91.0
PREFIX_PART: Final = 90.0
WORD_FUZZY_CUTOFF: Final = 80.0
FUZZY_CUTOFF: Final = 85.0
FUZZY_FACTOR: Final = 0.9
SERIES_BONUS: Final = 3.0
# Suggestions for a "no match" reply: looser than a lookup, over the distinctive words of names,
# nicknames and cities, and over each typed word.
LOOSE_CUTOFF: Final = 70.0
LOOSE_WORD_CUTOFF: Final = 75.0
LOOSE_WORD_CHARS: Final = 3


class TrackLookup:
    """Track names, aliases, host cities and distinctive words, precomputed once."""

    def __init__(self, tracks: Sequence[TrackEntry], aliases: Sequence[AliasEntry]) -> None:
        self._tracks = {track.id: track for track in tracks}
        latest = max((t.last_season for t in tracks if t.last_season is not None), default=None)
        self._weight = {t.id: prominence(t.races, t.last_season, latest) for t in tracks}
        self._by_prominence = sorted(self._tracks, key=lambda i: -self._weight[i])
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._city: dict[str, list[int]] = defaultdict(list)
        self._by_word: dict[str, set[int]] = defaultdict(set)
        self._word_count: dict[int, int] = {}
        rows: list[tuple[str, int, float]] = []
        ids_by_name: dict[str, list[int]] = defaultdict(list)
        for track in tracks:
            rows.extend(self._index_track(track))
            ids_by_name[track.name].append(track.id)
        self._alias, alias_rows = alias_table(aliases, "track", ids_by_name)
        rows.extend(alias_rows)
        self._words = sorted(self._by_word)
        self._fuzzy_keys = sorted({*self._exact, *self._alias})
        self._loose: dict[str, set[int]] = defaultdict(set)
        for key, ids in [*self._exact.items(), *self._city.items()]:
            self._loose[_distinctive(key)].update(ids)
        for key, pairs in self._alias.items():
            self._loose[_distinctive(key)].update(track_id for track_id, _ in pairs)
        self._loose.pop("", None)
        self._loose_keys = sorted(self._loose)
        self._prefix = PrefixTable(rows, self._weight)

    def _index_track(self, track: TrackEntry) -> list[tuple[str, int, float]]:
        key = fold(track.name)
        self._exact[key].append(track.id)
        words = distinctive_words(key)
        self._word_count[track.id] = len(words)
        for word in words:
            self._by_word[word].add(track.id)
        parts = key.split()
        rows = [(key, track.id, PREFIX_FULL)]
        rows.extend((" ".join(parts[i:]), track.id, PREFIX_PART) for i in range(1, len(parts)))
        city = fold(track.city or "")
        if city:
            self._city[city].append(track.id)
            rows.append((city, track.id, PREFIX_PART))
        return rows

    def name(self, track_id: int) -> str:
        return self._tracks[track_id].name

    def resolve(self, query: str, *, series: str | None) -> Resolution:
        q = clean(query)
        hits = self._hits(q)
        # A series named in the command keeps to the tracks it raced at, if any fit; a name exactly as
        # stored (as autocomplete sends it) stands, and the answer says if that series never raced there.
        if series and not any(via == "exact" for _, via in hits.values()):
            hits = only_where(hits, lambda key: self._active(key, series))
        ranked = rank(
            hits, weight=self._weight, name=self.name, extra=self._context(series), limit=RESOLVE_LIMIT
        )
        return resolution("track", query[:MAX_QUERY_CHARS], ranked, weight=self._weight, name=self.name)

    def complete(self, text: str, *, series: str | None, limit: int) -> list[Candidate]:
        limit = max(0, min(limit, COMPLETE_LIMIT))
        q = clean(text)
        if limit == 0:
            return []
        if not q:
            chosen = [i for i in self._by_prominence if self._active(i, series)][:limit]
            return as_candidates("track", [(0.0, i, "prominent") for i in chosen], self.name)
        hits = {key: hit for key, hit in self._hits(q, fuzzy=False).items() if self._active(key, series)}
        found = 0
        for track_id, score in self._prefix.lookup(q):
            if self._active(track_id, series):
                add_hit(hits, track_id, score, "prefix")
                found += 1
                if found >= limit:
                    break
        if not hits:
            hits = {key: hit for key, hit in self._hits(q).items() if self._active(key, series)}
        ranked = rank(hits, weight=self._weight, name=self.name, extra=self._context(series), limit=limit)
        return as_candidates("track", ranked, self.name)

    def suggest(self, query: str, *, series: str | None, limit: int) -> list[Candidate]:
        """For a "no match" reply: tracks whose name, nickname or city is loosely like the text, or that
        hold words like its words; with a series, only tracks it raced at."""
        q = _distinctive(clean(query))
        hits: Hits[int] = {}
        for key, score, _ in fuzzy_matches(q, self._loose_keys, LOOSE_CUTOFF):
            for track_id in self._loose[key]:
                add_hit(hits, track_id, score, "fuzzy")
        words = [word for word in q.split() if len(word) >= LOOSE_WORD_CHARS]
        matched: dict[int, float] = defaultdict(float)
        for word in words:
            best: dict[int, float] = {}
            for found, score, _ in fuzzy_matches(word, self._words, LOOSE_WORD_CUTOFF):
                for track_id in self._by_word[found]:
                    best[track_id] = max(best.get(track_id, 0.0), score)
            for track_id, score in best.items():
                matched[track_id] += score / len(words)
        for track_id, score in matched.items():
            unsaid = max(0, self._word_count[track_id] - len(words))
            add_hit(hits, track_id, score - UNSAID_WORD * unsaid, "fuzzy")
        hits = {key: hit for key, hit in hits.items() if self._active(key, series)}
        ranked = rank(hits, weight=self._weight, name=self.name, extra=_no_bonus, limit=limit)
        return as_candidates("track", ranked, self.name)

    def raced_at(self, track_id: int, series: str) -> bool:
        """Whether the series raced at the track (a track without series facts is taken to be raced at)."""
        return self._active(track_id, series)

    def _hits(self, q: str, *, fuzzy: bool = True) -> Hits[int]:
        hits: Hits[int] = {}
        if not q:
            return hits
        for track_id in self._exact.get(q, ()):
            add_hit(hits, track_id, EXACT, "exact")
        for track_id, score in self._alias.get(q, ()):
            add_hit(hits, track_id, score, "alias")
        for track_id in self._city.get(q, ()):
            add_hit(hits, track_id, CITY, "city")
        self._word_hits(hits, distinctive_words(q), fuzzy=fuzzy)
        if fuzzy and not hits:
            for _, score, index in fuzzy_matches(q, self._fuzzy_keys, FUZZY_CUTOFF):
                key = self._fuzzy_keys[index]
                for track_id in self._exact.get(key, ()):
                    add_hit(hits, track_id, score * FUZZY_FACTOR, "fuzzy")
                for track_id, _ in self._alias.get(key, ()):
                    add_hit(hits, track_id, score * FUZZY_FACTOR, "fuzzy")
        return hits

    def _word_hits(self, hits: Hits[int], words: tuple[str, ...], *, fuzzy: bool) -> None:
        """Tracks whose distinctive words include all the query's; misspelt words are corrected first."""
        if not words:
            return
        penalty, via = 0.0, "words"
        corrected: set[str] = set()
        for word in words:
            if word in self._by_word:
                corrected.add(word)
                continue
            if not fuzzy:
                return
            match = closest_word(word, self._words, WORD_FUZZY_CUTOFF)
            if match is None:
                return
            corrected.add(match[0])
            penalty, via = penalty + (100.0 - match[1]) / 2.0, "fuzzy"
        found = set.intersection(*(self._by_word[word] for word in corrected))
        for track_id in found:
            unsaid = self._word_count[track_id] - len(corrected)
            add_hit(hits, track_id, max(WORDS_FLOOR, WORDS - UNSAID_WORD * unsaid) - penalty, via)

    def _active(self, track_id: int, series: str | None) -> bool:
        track = self._tracks[track_id]
        return series is None or not track.series or series in track.series

    def _context(self, series: str | None) -> _SeriesBonus:
        return _SeriesBonus(self._tracks, series)


def _distinctive(folded: str) -> str:
    return " ".join(distinctive_words(folded))


def _no_bonus(_: int) -> float:
    return 0.0


class _SeriesBonus:
    """Bonus points for tracks the given series has raced at."""

    __slots__ = ("_series", "_tracks")

    def __init__(self, tracks: dict[int, TrackEntry], series: str | None) -> None:
        self._tracks, self._series = tracks, series

    def __call__(self, track_id: int) -> float:
        if self._series is not None and self._series in self._tracks[track_id].series:
            return SERIES_BONUS
        return 0.0
