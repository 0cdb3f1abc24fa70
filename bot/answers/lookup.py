"""From a typed option to one resolved name, or a user-facing error saying why not."""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.errors import Ambiguous, BadInput, NoData, NoMatch
from bot.resolve import NEAR, Candidate, NameIndex, Resolution
from kernel.series import SERIES_BY_CODE

MAX_NAME_LENGTH = 100
CLOSEST_SHOWN = 3
PICK_LIST = 5


def checked(kind: str, query: str) -> str:
    text = query.strip()
    if not text:
        raise BadInput(f"Give a {kind} name.")
    if len(text) > MAX_NAME_LENGTH:
        raise BadInput(
            f"That {kind} name is {len(text)} characters long; names are at most {MAX_NAME_LENGTH}."
        )
    return text


def chosen(resolution: Resolution, closest: Callable[[], list[Candidate]]) -> Candidate:
    """The single candidate a command may act on; when nothing fits, `closest` names what nearly does."""
    if resolution.status == "match" and resolution.candidates:
        return resolution.candidates[0]
    if resolution.status == "ambiguous":
        raise Ambiguous(
            resolution.kind, resolution.query, [c.name for c in resolution.candidates[:PICK_LIST]]
        )
    raise NoMatch(resolution.kind, resolution.query, [c.name for c in closest()])


def series_code(names: NameIndex, query: str) -> str:
    text = checked("series", query)
    return str(chosen(names.resolve_series(text), lambda: names.suggest_series(text)).id)


def track(names: NameIndex, query: str, *, series: str | None = None) -> Candidate:
    text = checked("track", query)
    place = chosen(names.resolve_track(text, series=series), lambda: names.suggest_track(text, series=series))
    if series is not None:
        check_raced_at(names, text, place, series)
    return place


def check_raced_at(names: NameIndex, text: str, place: Candidate, series: str) -> None:
    """A track named exactly stands even where the series never raced; the reply then names the tracks
    like `text` it did race at (with none, the command says what it lacks there)."""
    if names.raced_at(int(place.id), series):
        return
    elsewhere = [c.name for c in names.suggest_track(text, series=series)]
    if elsewhere:
        label = SERIES_BY_CODE[series].label
        raise NoData(f"{label} never raced at {place.name}; it raced at {', '.join(elsewhere)}.")


def driver(
    names: NameIndex, query: str, *, series: str | None = None, season: int | None = None
) -> tuple[Candidate, tuple[str, ...]]:
    """The driver, and who else the text could mean (close candidates, unless it was an exact name)."""
    text = checked("driver", query)
    resolution = names.resolve_driver(text, series=series, season=season)
    person = chosen(resolution, lambda: names.suggest_driver(text, series=series, season=season))
    if person.name == text:
        return person, ()
    also = [c.name for c in resolution.candidates[1:] if c.score >= person.score - NEAR and c.id != person.id]
    return person, tuple(also[:CLOSEST_SHOWN])
