"""Small wording rules every answer shares, so each is decided once: plurals, spans of seasons, articles
before race names, one full stop after a name ending in "Jr.", the source's stray spaces, lower bounds,
and the one way a gap in the source is said."""

from __future__ import annotations

from collections.abc import Iterable

# A run of seasons this long or longer is written as a span ("1949–1962").
SPAN_FROM = 3
ARTICLES = ("the ", "a ", "an ")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 win", "2 wins", "1,185 starts"; `many` for an irregular plural."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def miles(distance: float) -> str:
    """ "1 mile", "2.5 miles", "500 miles"."""
    return f"{distance:g} mile{'' if distance == 1 else 's'}"


def season_span(first: int, last: int) -> str:
    """ "1949" for one season, "1949–1960" for several."""
    return str(first) if first == last else f"{first}–{last}"


def seasons_text(seasons: Iterable[int]) -> str:
    """Seasons as runs: "1949–1962, 1964, 1968" (two seasons in a row are listed, not spanned)."""
    runs: list[list[int]] = []
    for season in sorted(set(seasons)):
        if runs and season == runs[-1][-1] + 1:
            runs[-1].append(season)
        else:
            runs.append([season])
    parts = []
    for run in runs:
        if len(run) >= SPAN_FROM:
            parts.append(season_span(run[0], run[-1]))
        else:
            parts.extend(str(season) for season in run)
    return ", ".join(parts)


def sentence(text: str) -> str:
    """The text ending in one full stop, even after "Jr." or "Inc."."""
    return text if text.endswith((".", "!", "?")) else text + "."


def the(name: str) -> str:
    """A race's name after "won": "the Daytona 500", but "The Glen 101.2" as it is."""
    return name if name.casefold().startswith(ARTICLES) else f"the {name}"


def squeezed(text: str) -> str:
    """The source's runs of spaces ("DiGard  Motorsports") as one."""
    return " ".join(text.split())


def lower_bound(count: int, unknown: int) -> str:
    """A count the source may lack some of: "≥127" where `unknown` starts lack the figure; "?" for a 0
    over such a gap ("≥0" says nothing, a bare 0 claims too much); the count as it is without a gap.
    The gap line beside it says how many starts, and when."""
    if not unknown:
        return f"{count:,}"
    return f"≥{count:,}" if count else "?"


def of_starts(unknown: int, starts: int | None = None) -> str:
    """ "3 of 1,185 starts"; "3 starts" when the scope's starts are not counted."""
    return plural(unknown, "start") if starts is None else f"{unknown:,} of {plural(starts, 'start')}"


def gap_line(gap: tuple[str, str], whose: str, seasons: Iterable[int] = ()) -> str:
    """The one way a gap in the source is said: the figure, the starts lacking it (`of_starts`), their
    seasons, and what that leaves uncertain, e.g. "Grid unknown for 3 of 1,185 starts (1959, 1960):
    starts from pole may be more."."""
    figure, outcome = gap
    when = seasons_text(seasons)
    return f"{figure} unknown for {whose}{f' ({when})' if when else ''}: {outcome}."


def pole_awards_line(awards: int, metric: int) -> str | None:
    """Of the starts from pole, those the feed says were won in qualifying and set by the metric."""
    if not awards and not metric:
        return None
    parts = [f"{plural(awards, 'pole award')} in qualifying"]
    if metric:
        parts.append(f"{metric:,} on a grid set by the metric")
    return "Where the feed says how the grid was set: " + ", ".join(parts)


# Gaps in the source, for `gap_line`: the figure lacking, and what that leaves uncertain.
GRID_GAP = ("Grid", "starts from pole may be more")
LED_GAP = ("Laps led", "laps led and races led may be more")
STATUS_GAP = ("Status", "not counted as DNFs")
