"""The history's own mistakes, corrected by tables shipped in `db/corrections/`, and a check that finds more.

`tracks.csv` re-files a race under the track it was run at; `results.csv` drops a row that does not
belong to its race (a driver's second car, another race's tail pasted on). What is left is settled by
one rule: a driver listed twice in one race keeps the better finish, since a start is one car, and
that is reported as still doubtful. The check then reports every race whose length and surface
disagree with the track it is filed under, or whose name ("100 Miles at X") names another track,
unless a row of `tracks.csv` has already looked at it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from db.importers.data_files import DataFileError, read_rows
from db.importers.history.rows import Entry, HistoryFile, Race
from kernel.naming import fold, place_words
from kernel.series import SERIES_BY_CODE

CORRECTIONS_DIR: Final = Path(__file__).parents[2] / "corrections"
TRACKS_HEADER: Final = ("series", "season", "race", "track", "reason")
RESULTS_HEADER: Final = ("series", "season", "race", "finish", "reason")
# Old Cup races are named for their distance and venue: "100 Miles at Speedway Park".
_DISTANCE_AT: Final = re.compile(r"^[\d.]+ miles? at (.+)$")
# A length this far from the track's usual one, on a surface never raced there otherwise, is another place.
_LENGTH_TOLERANCE: Final = 0.10

RaceKey = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Corrections:
    """Race key (series, season, race) -> the right track; and -> finishing positions to drop."""

    tracks: dict[RaceKey, tuple[str, str]] = field(default_factory=dict)
    dropped: dict[RaceKey, dict[int, str]] = field(default_factory=dict)


def load_corrections(directory: Path | None = None) -> Corrections:
    base = CORRECTIONS_DIR if directory is None else directory
    tracks: dict[RaceKey, tuple[str, str]] = {}
    for line, (series, season, race, track, reason) in read_rows(base / "tracks.csv", TRACKS_HEADER):
        tracks[_key(base / "tracks.csv", line, series, season, race)] = (track, reason)
    dropped: dict[RaceKey, dict[int, str]] = defaultdict(dict)
    for line, (series, season, race, finish, reason) in read_rows(base / "results.csv", RESULTS_HEADER):
        key = _key(base / "results.csv", line, series, season, race)
        dropped[key][_number(base / "results.csv", line, finish)] = reason
    return Corrections(tracks, dict(dropped))


def _key(path: Path, line: int, series: str, season: str, race: str) -> RaceKey:
    if series not in SERIES_BY_CODE:
        raise DataFileError(f"{path}, row {line}: unknown series {series!r}")
    return series, _number(path, line, season), _number(path, line, race)


def _number(path: Path, line: int, text: str) -> int:
    if not text.isdigit():
        raise DataFileError(f"{path}, row {line}: expected a whole number, got {text!r}")
    return int(text)


def _label(series: str, race: Race) -> str:
    return f"{SERIES_BY_CODE[series].label} {race.season} race {race.round} ({race.name})"


def settle(history: HistoryFile, corrections: Corrections) -> tuple[list[str], list[str]]:
    """Apply the corrections to the file's races and settle one entry per driver.

    Returns what was corrected and what still looks wrong, a line each, for the import's report.
    """
    corrected: list[str] = []
    doubtful: list[str] = []
    for race in history.races:
        key = (history.series, race.season, race.round)
        fix = corrections.tracks.get(key)
        if fix is not None and fix[0] != race.track:
            corrected.append(f"{_label(history.series, race)}: {race.track} -> {fix[0]}: {fix[1]}")
            race.track = fix[0]
        drops = corrections.dropped.get(key, {})
        rows = [entry for entry in race.rows if entry.finish not in drops]
        if len(rows) < len(race.rows):
            reasons = "; ".join(sorted(set(drops.values())))
            corrected.append(
                f"{_label(history.series, race)}: {len(race.rows) - len(rows)} {'row' if len(race.rows) - len(rows) == 1 else 'rows'} dropped: {reasons}"
            )
        race.entries = _one_per_driver(rows, history.series, race, doubtful)
    return corrected, doubtful


def _one_per_driver(rows: Sequence[Entry], series: str, race: Race, doubtful: list[str]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for entry in rows:
        kept = entries.get(entry.driver)
        if kept is None:
            entries[entry.driver] = entry
            continue
        doubtful.append(
            f"{_label(series, race)}: {entry.driver} is listed twice (rows {kept.row} and {entry.row}); "
            "kept the better finish"
        )
        if entry.finish is not None and (kept.finish is None or entry.finish < kept.finish):
            entries[entry.driver] = entry
    return entries


def misfiled(races: Sequence[tuple[str, Race]], corrections: Corrections) -> list[str]:
    """Races that look filed under the wrong track, a line each; races a correction row names are left out."""
    by_track: dict[str, list[tuple[str, Race]]] = defaultdict(list)
    for series, race in races:
        by_track[race.track].append((series, race))
    found: list[str] = []
    for track, filed in by_track.items():
        usual = _usual(filed)
        for series, race in filed:
            if (series, race.season, race.round) in corrections.tracks:
                continue
            why = _why_misfiled(track, race, filed, usual)
            if why:
                found.append(f"{_label(series, race)} filed under {track}: {why}")
    return sorted(found)


def _usual(filed: Sequence[tuple[str, Race]]) -> tuple[str | None, float | None]:
    """The track's majority kind (road course or oval, None on a tie) and its most common length."""
    kinds = Counter(_kind(race.surface) for _, race in filed if race.surface)
    ranked = kinds.most_common(2)
    kind = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    lengths = Counter(race.length for _, race in filed if race.length)
    return kind, (lengths.most_common(1)[0][0] if lengths else None)


def _why_misfiled(
    track: str, race: Race, filed: Sequence[tuple[str, Race]], usual: tuple[str | None, float | None]
) -> str | None:
    named = _DISTANCE_AT.match(fold(race.name))
    if named and not _same_place(named.group(1), track):
        return f"its name says {named.group(1)!r}"
    kind, length = usual
    if race.surface and kind and _kind(race.surface) != kind:
        return f"a {race.length} mile {race.surface} race at a track whose races are mostly {kind}s"
    others = [other for _, other in filed if other is not race]
    if (
        race.length
        and race.surface
        and length
        and len(others) >= 2
        and abs(race.length - length) / length > _LENGTH_TOLERANCE
        and all(other.surface != race.surface for other in others)
    ):
        return f"{race.length} miles {race.surface}, where every other race there was on another surface"
    return None


def _kind(surface: str) -> str:
    return "road course" if surface == "road" else "oval"


def _same_place(a: str, b: str) -> bool:
    words_a, words_b = place_words(a), place_words(b)
    if words_a and words_b:
        return bool(words_a & words_b)
    return fold(a) == fold(b)
