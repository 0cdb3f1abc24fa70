"""/compare's answers when there is no head to head: one driver named twice (or a Jr. and a Sr. the names
cannot tell apart), or two drivers who never met in the asked scope (with each one's seasons, so the
fan sees why)."""

from __future__ import annotations

from bot.answers.errors import Ambiguous, BadInput, UserFacingError, quoted
from kernel.series import SERIES_BY_CODE

# Runs of seasons shown per driver and series before "…"; a part-timer's can be many.
RUNS_SHOWN = 6


def season_runs(seasons: list[int]) -> str:
    """Sorted seasons as runs: "1958–1986, 1988–1992"; "none" when empty."""
    runs: list[tuple[int, int]] = []
    for season in seasons:
        if runs and season == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], season)
        else:
            runs.append((season, season))
    shown = [str(first) if first == last else f"{first}–{last}" for first, last in runs[:RUNS_SHOWN]]
    if len(runs) > RUNS_SHOWN:
        shown.append("…")
    return ", ".join(shown) or "none"


def label(code: str) -> str:
    spec = SERIES_BY_CODE.get(code)
    return code if spec is None else spec.label


def never_met(
    names: tuple[str, str],
    seasons: tuple[dict[str, list[int]], dict[str, list[int]]],
    *,
    series: str | None,
    track: str | None,
    span: str,
) -> str:
    """Why there is no head to head: "X and Y never started the same Cup race at T from A to B." and
    then each one's seasons with a start (at the track, if one was named) in that series, or in each."""
    kind = f"{label(series)} race" if series else "race"
    where = f" at {track}" if track else ""
    text = f"{names[0]} and {names[1]} never started the same {kind}{where}{span} in the store."
    if series:
        lines = [
            f"{name} {season_runs(found.get(series, []))}" for name, found in zip(names, seasons, strict=True)
        ]
        return f"{text} Seasons with a {label(series)} start{where}: {'; '.join(lines)}."
    lines = [
        f"{name}: "
        + (", ".join(f"{label(code)} {season_runs(years)}" for code, years in found.items()) or "none")
        for name, found in zip(names, seasons, strict=True)
    ]
    return f"{text} Seasons with a start{where}: {'; '.join(lines)}."


def same_driver(
    name: str, typed: tuple[str, str], also: tuple[tuple[str, ...], tuple[str, ...]], *, series: str | None
) -> UserFacingError:
    """Both names resolved to `name`. A name that also fits someone else ("ron hornaday": Jr. or his
    father) gets the pick list, the second name first; otherwise the fan named one driver twice."""
    for text, others in ((typed[1], also[1]), (typed[0], also[0])):
        if others:
            return Ambiguous("driver", text.strip(), (name, *others))
    first, second = (text.strip() for text in typed)
    if first.casefold() == second.casefold():
        return BadInput(f"{name} is the same driver twice; name two drivers.")
    within = f" in {label(series)}" if series else ""
    return BadInput(
        f"{name} is the same driver twice ('{quoted(first)}' and '{quoted(second)}'{within}); name two drivers."
    )
