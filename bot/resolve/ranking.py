"""Scoring rules shared by the driver, track and series lookups.

A candidate's score is how well the text matched (100 = exact) plus a few points for prominence and
context, so "busch" ranks Kyle above Kurt while an exact "kurt busch" still wins outright.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final, Generic, TypeVar

from rapidfuzz import fuzz, process

from bot.resolve.entries import Candidate, Resolution, Status
from kernel.naming import AliasEntry, AliasKind, fold

K = TypeVar("K", int, str)

MAX_QUERY_CHARS: Final = 100
RESOLVE_LIMIT: Final = 10
COMPLETE_LIMIT: Final = 25
# Close matches named in a "no match" reply.
SUGGEST_LIMIT: Final = 5
MAX_CHOICE_NAME: Final = 100
# Two candidates within CLOSE points are a tie unless one is CLEARLY times more prominent.
CLOSE: Final = 4.0
CLEARLY: Final = 4.0
# Within NEAR points, a far more prominent candidate is taken to be the one meant (and the others named).
NEAR: Final = 10.0
PROMINENCE_WEIGHT: Final = 2.0
# Recent careers count up to three times: fans mostly ask about today's field.
RECENCY_BOOST: Final = 2.0
RECENCY_YEARS: Final = 4.0
# Prefixes this short match so many keys that their ranked lists are precomputed.
SHORT_PREFIX: Final = 2

ALIAS: Final = 100.0
ALIAS_WITHOUT_THE: Final = 95.0
PREFIX_ALIAS: Final = 90.0

Hits = dict[K, tuple[float, str]]


def clean(query: str) -> str:
    """Fold the query, bounded so pathological input cannot slow scoring."""
    return fold(query[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS].strip()


def fuzzy_matches(
    query: str, choices: Sequence[str], cutoff: float, limit: int = RESOLVE_LIMIT
) -> list[tuple[str, float, int]]:
    """(choice, score, index) of the pre-folded choices within `cutoff` of the query, best first.

    The one fuzzy scorer of the resolver: plain ratio, no processor (both sides are folded already).
    """
    return process.extract(
        query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=limit
    )


def closest_word(word: str, vocabulary: Sequence[str], cutoff: float) -> tuple[str, float] | None:
    """The vocabulary word nearest a misspelt one, with its score, or None below `cutoff`."""
    found = fuzzy_matches(word, vocabulary, cutoff, limit=1)
    return (found[0][0], found[0][1]) if found else None


def alias_table(
    aliases: Iterable[AliasEntry], kind: AliasKind, ids_by_name: Mapping[str, Sequence[int]]
) -> tuple[dict[str, list[tuple[int, float]]], list[tuple[str, int, float]]]:
    """Folded alias -> (id, score), plus prefix rows; "monster mile" works as well as "the monster mile"."""
    table: dict[str, list[tuple[int, float]]] = {}
    rows: list[tuple[str, int, float]] = []
    for alias in aliases:
        if alias.kind != kind:
            continue
        key = fold(alias.alias)
        keys = [(key, ALIAS)]
        if key.startswith("the "):
            keys.append((key.removeprefix("the "), ALIAS_WITHOUT_THE))
        for target in ids_by_name.get(alias.target, ()):
            for folded, score in keys:
                table.setdefault(folded, []).append((target, score))
                rows.append((folded, target, PREFIX_ALIAS))
    return table, rows


def prominence(volume: float, last_season: int | None, latest_season: int | None) -> float:
    """Career volume (starts and wins, or races held) weighted up when recent."""
    if last_season is None or latest_season is None:
        return volume
    years_ago = max(0, latest_season - last_season)
    return volume * (1.0 + RECENCY_BOOST * math.exp(-years_ago / RECENCY_YEARS))


def prominence_bonus(weight: float) -> float:
    """A few points (under 8) so prominence breaks near-ties without beating a clearly better match."""
    return PROMINENCE_WEIGHT * math.log10(1.0 + weight)


def only_where(hits: Hits[K], keep: Callable[[K], bool]) -> Hits[K]:
    """The hits `keep` accepts, or all of them when it accepts none (the answer then says why)."""
    kept = {key: hit for key, hit in hits.items() if keep(key)}
    return kept or hits


def prefer_prominent(
    ranked: list[tuple[float, K, str]], weight: Mapping[K, float]
) -> list[tuple[float, K, str]]:
    """A near-tie goes to the clearly more prominent: "ron hornaday" is the four-time Truck champion, Jr.,
    not his father's 17 Cup starts, though only the father's name is an exact fit. A name found only by
    its sound must win on its score (its prominence bonus), not here."""
    if len(ranked) < 2:
        return ranked
    top_score, top, _ = ranked[0]
    floor = CLEARLY * max(weight.get(top, 0.0), 1.0)
    contenders = [
        row
        for row in ranked[1:]
        if top_score - row[0] < NEAR and weight.get(row[1], 0.0) >= floor and row[2] != "sound"
    ]
    if not contenders:
        return ranked
    best: tuple[float, K, str] = max(contenders, key=lambda row: weight.get(row[1], 0.0))
    reordered: list[tuple[float, K, str]] = [row for row in ranked if row is not best]
    reordered.insert(0, best)
    return reordered


def add_hit(hits: Hits[K], key: K, score: float, via: str) -> None:
    """Keep each candidate's best-scoring way of being found."""
    current = hits.get(key)
    if current is None or score > current[0]:
        hits[key] = (score, via)


def rank(
    hits: Hits[K],
    *,
    weight: Mapping[K, float],
    name: Callable[[K], str],
    extra: Callable[[K], float],
    limit: int,
) -> list[tuple[float, K, str]]:
    """Hits as (final score, key, via), best first (exact names before the rest); ties go to the more prominent."""
    scored = [
        (base + prominence_bonus(weight.get(key, 0.0)) + extra(key), key, via)
        for key, (base, via) in hits.items()
    ]
    # A name typed exactly as stored comes first, whatever bonuses the others collected.
    scored.sort(key=lambda row: (row[2] != "exact", -row[0], -weight.get(row[1], 0.0), name(row[1])))
    return scored[:limit]


def resolution(
    kind: str,
    query: str,
    ranked: Sequence[tuple[float, K, str]],
    *,
    weight: Mapping[K, float],
    name: Callable[[K], str],
) -> Resolution:
    """Wrap ranked hits; "ambiguous" when the top two are close and neither clearly more prominent."""
    candidates = tuple(as_candidates(kind, ranked, name))
    return Resolution(kind=kind, query=query, status=_status(ranked, weight), candidates=candidates)


def _status(ranked: Sequence[tuple[float, K, str]], weight: Mapping[K, float]) -> Status:
    if not ranked:
        return "none"
    # A name found only by its sound never makes a pick list: it wins on its score or is named beside
    # the answer.
    rivals = [row for row in ranked[1:] if row[2] != "sound"]
    if not rivals or ranked[0][2] == "sound":
        return "match"
    (top_score, top, top_via), (second_score, second, second_via) = ranked[0], rivals[0]
    if top_score - second_score >= CLOSE:
        return "match"
    # A name typed exactly as stored wins over anything found another way, however prominent.
    if top_via == "exact" and second_via != "exact":
        return "match"
    if weight.get(top, 0.0) >= CLEARLY * max(weight.get(second, 0.0), 1.0):
        return "match"
    return "ambiguous"


def as_candidates(
    kind: str, ranked: Iterable[tuple[float, K, str]], name: Callable[[K], str]
) -> list[Candidate]:
    """Ranked hits as Candidates, names cut to Discord's 100-character choice limit."""
    return [
        Candidate(kind=kind, id=key, name=name(key)[:MAX_CHOICE_NAME], score=round(score, 2), via=via)
        for score, key, via in ranked
    ]


class PrefixTable(Generic[K]):
    """Keys sorted for prefix search; each key found once per id at its best score, ranked best-first.

    Kept compact, as it lives as long as the process: ids are numbered, and each row's number and score,
    like the ranked answers precomputed for short prefixes, sit in arrays rather than tuples of objects.
    """

    def __init__(self, rows: Iterable[tuple[str, K, float]], weight: Mapping[K, float]) -> None:
        ordered = sorted(rows, key=lambda row: row[0])
        self._keys: list[str] = [row[0] for row in ordered]
        self._ids: list[K] = list(dict.fromkeys(row[1] for row in ordered))
        numbered = {key: number for number, key in enumerate(self._ids)}
        self._numbers = array("i", (numbered[row[1]] for row in ordered))
        self._scores = array("d", (row[2] for row in ordered))
        self._weight: Mapping[K, float] = weight
        self._short: dict[str, tuple[array[int], array[float]]] = {}
        for length in range(1, SHORT_PREFIX + 1):
            for prefix in {key[:length] for key in self._keys if len(key) >= length}:
                ranked = self._scan(prefix)
                numbers = array("i", [numbered[key] for key, _ in ranked])
                self._short[prefix] = numbers, array("d", [score for _, score in ranked])

    def lookup(self, prefix: str) -> Iterator[tuple[K, float]]:
        """(id, score) for every key starting with `prefix`, best first."""
        if not prefix:
            return iter(())
        if len(prefix) > SHORT_PREFIX:
            return iter(self._scan(prefix))
        numbers, scores = self._short.get(prefix, _NO_ROWS)
        return zip(map(self._ids.__getitem__, numbers), scores, strict=True)

    def _scan(self, prefix: str) -> list[tuple[K, float]]:
        best: dict[K, float] = {}
        position = bisect_left(self._keys, prefix)
        while position < len(self._keys) and self._keys[position].startswith(prefix):
            key, score = self._ids[self._numbers[position]], self._scores[position]
            if score > best.get(key, -1.0):
                best[key] = score
            position += 1
        return sorted(
            best.items(), key=lambda item: -(item[1] + prominence_bonus(self._weight.get(item[0], 0.0)))
        )


_NO_ROWS: Final[tuple[array[int], array[float]]] = (array("i"), array("d"))
