"""Whatever a user types, the resolver answers with a Resolution and never raises."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.resolve import Candidate, NameIndex, Resolution

ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=300),
    st.text(alphabet="#no. 0123456789", max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz '.-", max_size=40),
    st.sampled_from(["busch", "#5", "no. 22", "the glen", "bristol dirt", "o'reilly", "svg"]),
    st.sampled_from(["daytona 500", "2024 coke 600", "the great american race", "2024", "1975 1975 500"]),
)
SERIES = st.one_of(st.none(), st.sampled_from(["cup", "xfinity", "truck", "", "formula one"]))
SEASON = st.one_of(st.none(), st.integers(min_value=-(10**9), max_value=10**9))
WEIRD = [
    "",
    " ",
    "\x00",
    "\x00\x1f\x7f",
    "a" * 10_000,
    "🏁" * 5_000,
    "\u0301" * 50,
    "#" * 200,
    "9" * 500,
    "\ud800",
]


def check_resolution(resolution: Resolution, kind: str) -> None:
    assert isinstance(resolution, Resolution)
    assert resolution.kind == kind
    assert resolution.status in ("match", "ambiguous", "none")
    assert (resolution.status == "none") == (not resolution.candidates)
    assert len(resolution.query) <= 100
    scores = [c.score for c in resolution.candidates]
    assert scores == sorted(scores, reverse=True)


def check_choices(choices: list[Candidate], limit: int) -> None:
    assert len(choices) <= min(max(limit, 0), 25)
    assert all(isinstance(c, Candidate) and 0 < len(c.name) <= 100 for c in choices)
    assert len({c.id for c in choices}) == len(choices)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES, season=SEASON)
@example(text=WEIRD[0], series=None, season=None)
@example(text=WEIRD[4], series="cup", season=2025)
@example(text=WEIRD[5], series=None, season=None)
@example(text=WEIRD[8], series="xfinity", season=None)
@example(text=WEIRD[9], series=None, season=0)
def test_resolve_driver_never_raises(
    small_index: NameIndex, text: str, series: str | None, season: int | None
) -> None:
    """Any text, series and season give a well-formed driver Resolution."""
    check_resolution(small_index.resolve_driver(text, series=series, season=season), "driver")


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES)
@example(text=WEIRD[2], series=None)
@example(text=WEIRD[4], series="truck")
@example(text=WEIRD[6], series=None)
def test_resolve_track_never_raises(small_index: NameIndex, text: str, series: str | None) -> None:
    """Any text and series give a well-formed track Resolution."""
    check_resolution(small_index.resolve_track(text, series=series), "track")


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
@example(text=WEIRD[3])
@example(text=WEIRD[4])
def test_resolve_series_never_raises(small_index: NameIndex, text: str) -> None:
    """Any text gives a well-formed series Resolution whose ids are series codes."""
    resolution = small_index.resolve_series(text)
    check_resolution(resolution, "series")
    assert all(c.id in ("cup", "xfinity", "truck") for c in resolution.candidates)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES, season=SEASON, limit=st.integers(min_value=-5, max_value=100))
@example(text=WEIRD[0], series=None, season=None, limit=25)
@example(text=WEIRD[4], series="cup", season=2025, limit=25)
@example(text=WEIRD[7], series=None, season=None, limit=25)
def test_complete_driver_bounded(
    small_index: NameIndex, text: str, series: str | None, season: int | None, limit: int
) -> None:
    """Driver completions are at most 25 distinct choices with names of at most 100 characters."""
    check_choices(small_index.complete_driver(text, series=series, season=season, limit=limit), limit)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES, limit=st.integers(min_value=-5, max_value=100))
@example(text=WEIRD[5], series=None, limit=25)
def test_complete_track_bounded(small_index: NameIndex, text: str, series: str | None, limit: int) -> None:
    """Track completions are at most 25 distinct choices with names of at most 100 characters."""
    check_choices(small_index.complete_track(text, series=series, limit=limit), limit)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, limit=st.integers(min_value=-5, max_value=100))
@example(text=WEIRD[1], limit=25)
def test_complete_series_bounded(small_index: NameIndex, text: str, limit: int) -> None:
    """Series completions are at most 25 distinct choices with names of at most 100 characters."""
    check_choices(small_index.complete_series(text, limit=limit), limit)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES, season=SEASON)
@example(text=WEIRD[0], series=None, season=None)
@example(text=WEIRD[4], series="cup", season=2025)
@example(text=WEIRD[5], series=None, season=None)
@example(text=WEIRD[8], series="truck", season=None)
@example(text="0000 " * 30, series=None, season=0)
def test_resolve_race_never_raises(
    small_index: NameIndex, text: str, series: str | None, season: int | None
) -> None:
    """Any text, series and season give a well-formed race Resolution whose ids are event ids."""
    resolution = small_index.resolve_race(text, series=series, season=season)
    check_resolution(resolution, "race")
    assert all(isinstance(c.id, int) and c.kind == "race" for c in resolution.candidates)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, series=SERIES, season=SEASON, limit=st.integers(min_value=-5, max_value=100))
@example(text=WEIRD[0], series=None, season=None, limit=100)
@example(text=WEIRD[4], series="cup", season=2025, limit=25)
@example(text=WEIRD[9], series=None, season=None, limit=25)
def test_complete_race_bounded(
    small_index: NameIndex, text: str, series: str | None, season: int | None, limit: int
) -> None:
    """Race completions are at most 25 distinct choices with names of at most 100 characters."""
    check_choices(small_index.complete_race(text, series=series, season=season, limit=limit), limit)
