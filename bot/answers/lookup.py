"""From a typed option to one resolved name, or a user-facing error saying why not."""

from __future__ import annotations

from bot.answers.errors import Ambiguous, BadInput, NoMatch
from bot.resolve import NEAR, Candidate, NameIndex, Resolution

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


def chosen(resolution: Resolution) -> Candidate:
    """The single candidate a command may act on."""
    if resolution.status == "match" and resolution.candidates:
        return resolution.candidates[0]
    if resolution.status == "ambiguous":
        raise Ambiguous(
            resolution.kind, resolution.query, [c.name for c in resolution.candidates[:PICK_LIST]]
        )
    raise NoMatch(resolution.kind, resolution.query, [c.name for c in resolution.candidates[:CLOSEST_SHOWN]])


def series_code(names: NameIndex, query: str) -> str:
    return str(chosen(names.resolve_series(checked("series", query))).id)


def track(names: NameIndex, query: str, *, series: str | None = None) -> Candidate:
    return chosen(names.resolve_track(checked("track", query), series=series))


def driver(
    names: NameIndex, query: str, *, series: str | None = None, season: int | None = None
) -> tuple[Candidate, tuple[str, ...]]:
    """The driver, and who else the text could mean (close candidates, unless it was an exact name)."""
    text = checked("driver", query)
    resolution = names.resolve_driver(text, series=series, season=season)
    person = chosen(resolution)
    if person.name == text:
        return person, ()
    also = [c.name for c in resolution.candidates[1:] if c.score >= person.score - NEAR and c.id != person.id]
    return person, tuple(also[:CLOSEST_SHOWN])
