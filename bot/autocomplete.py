"""Autocomplete choices for every name option, narrowed by the options already filled in."""

from __future__ import annotations

from collections.abc import Sequence

from discord import app_commands

from bot.resolver import Candidate, NameIndex

CHOICE_LIMIT = 25
NAME_LIMIT = 100


def to_choices(candidates: Sequence[Candidate]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=c.name[:NAME_LIMIT], value=c.name[:NAME_LIMIT])
        for c in candidates[:CHOICE_LIMIT]
    ]


def series_in(names: NameIndex, namespace: app_commands.Namespace) -> str | None:
    """The series option as a code if it is filled in and resolves cleanly; otherwise no filter."""
    typed = getattr(namespace, "series", None)
    if not isinstance(typed, str) or not typed.strip():
        return None
    resolution = names.resolve_series(typed[:NAME_LIMIT])
    return str(resolution.candidates[0].id) if resolution.status == "match" else None


def season_in(namespace: app_commands.Namespace) -> int | None:
    year = getattr(namespace, "year", None)
    return year if isinstance(year, int) else None


def track_choices(
    names: NameIndex, current: str, namespace: app_commands.Namespace, upcoming: Sequence[str] = ()
) -> list[app_commands.Choice[str]]:
    """Typed text ranks tracks; empty text starts with the tracks of the next races."""
    found = names.complete_track(current[:NAME_LIMIT], series=series_in(names, namespace))
    if current.strip() or not upcoming:
        return to_choices(found)
    first = [Candidate("track", name, name, 100.0, "upcoming") for name in upcoming]
    return to_choices(first + [c for c in found if c.name not in upcoming])


def driver_choices(
    names: NameIndex, current: str, namespace: app_commands.Namespace
) -> list[app_commands.Choice[str]]:
    found = names.complete_driver(
        current[:NAME_LIMIT], series=series_in(names, namespace), season=season_in(namespace)
    )
    return to_choices(found)


def series_choices(names: NameIndex, current: str) -> list[app_commands.Choice[str]]:
    return to_choices(names.complete_series(current[:NAME_LIMIT]))
