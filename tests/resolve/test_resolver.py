"""Resolver rules on a small hand-built index (see conftest.SMALL_*): one behaviour per table."""

from __future__ import annotations

import pytest

from bot.resolve import NameIndex, Resolution


def best_name(resolution: Resolution) -> str | None:
    return resolution.best.name if resolution.best is not None else None


@pytest.mark.parametrize(
    ("query", "expected", "via"),
    [
        ("Kyle Larson", "Kyle Larson", "exact"),
        ("KYLE LARSON", "Kyle Larson", "exact"),
        ("daniel suárez", "Daniel Suarez", "exact"),
        ("aj allmendinger", "A.J. Allmendinger", "exact"),
        ("dale earnhardt jr", "Dale Earnhardt Jr.", "exact"),
        ("Bill Scott", "Bill Scott (CA)", "exact"),
        ("rowdy", "Kyle Busch", "alias"),
        ("the king", "Richard Petty", "alias"),
        ("Darrell Wallace Jr.", "Bubba Wallace", "alias"),
        ("svg", "Shane van Gisbergen", "initials"),
        ("jhn", "John Hunter Nemechek", "initials"),
        ("larson", "Kyle Larson", "surname"),
        ("van gisbergen", "Shane van Gisbergen", "surname"),
        ("joey", "Joey Logano", "first_name"),
        ("k larson", "Kyle Larson", "abbreviation"),
        ("kyle larsen", "Kyle Larson", "sound"),
        ("lane riggs", "Layne Riggs", "sound"),
        ("keselowsky larson", None, None),
    ],
)
def test_driver_match(small_index: NameIndex, query: str, expected: str | None, via: str | None) -> None:
    """Each way of naming a driver finds them, and says which rule did."""
    resolution = small_index.resolve_driver(query)
    assert best_name(resolution) == expected
    if resolution.best is not None:
        assert resolution.best.via == via
        assert resolution.status == "match"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("truex", "Martin Truex Jr."),
        ("larson", "Kyle Larson"),
        ("martin truex", "Martin Truex Jr."),
        ("dale earnhardt", "Dale Earnhardt"),
        ("dale earnhardt sr", "Dale Earnhardt"),
        ("chase", "Chase Elliott"),
    ],
)
def test_driver_prefers_prominent(small_index: NameIndex, query: str, expected: str) -> None:
    """A shared name goes to the champion, not the one-race driver; a typed suffix must agree."""
    resolution = small_index.resolve_driver(query)
    assert resolution.status == "match"
    assert best_name(resolution) == expected


@pytest.mark.parametrize(
    ("query", "first", "second"),
    [("busch", "Kyle Busch", "Kurt Busch"), ("petty", "Richard Petty", "Kyle Petty")],
)
def test_driver_ambiguous_surname(small_index: NameIndex, query: str, first: str, second: str) -> None:
    """Two comparably prominent drivers are "ambiguous", the more prominent ranked first."""
    resolution = small_index.resolve_driver(query)
    assert resolution.status == "ambiguous"
    assert [c.name for c in resolution.candidates[:2]] == [first, second]


@pytest.mark.parametrize(
    ("query", "series", "season", "expected"),
    [
        ("#5", "cup", 2025, "Kyle Larson"),
        ("5", "cup", 2025, "Kyle Larson"),
        ("no. 22", "cup", 2025, "Joey Logano"),
        ("number 7", "cup", 2025, "Justin Haley"),
        ("car 07", "cup", 2025, "Scott Riggs"),
        ("#00", "xfinity", 2025, "Sheldon Creed"),
        ("#0", "xfinity", 2025, "Greg Van Alst"),
        ("#5", "cup", 2024, "Dale Earnhardt Jr."),
        ("#8", "cup", 2001, "Dale Earnhardt Jr."),
        ("#11", "truck", None, "Corey Heim"),
        ("#24", None, None, "William Byron"),
        ("#5", "truck", 2025, "Ryan Truex"),
    ],
)
def test_driver_car_number(
    small_index: NameIndex, query: str, series: str | None, season: int | None, expected: str
) -> None:
    """Car numbers resolve for the series and season (default: latest), keeping "07" and "00" apart."""
    resolution = small_index.resolve_driver(query, series=series, season=season)
    assert best_name(resolution) == expected
    assert resolution.best is not None and resolution.best.via == "car"


@pytest.mark.parametrize(
    ("query", "series", "season"), [("#99", "cup", 2025), ("#5", "cup", 1950), ("#5", None, 1990)]
)
def test_driver_car_number_unknown(
    small_index: NameIndex, query: str, series: str | None, season: int | None
) -> None:
    """A number nobody drove then resolves to nothing, never to a name."""
    resolution = small_index.resolve_driver(query, series=series, season=season)
    assert resolution.status == "none"
    assert resolution.candidates == ()


def test_driver_car_number_across_series_is_ambiguous(small_index: NameIndex) -> None:
    """Without a series, "#5" may mean the Cup or the Truck #5; the fuller-season driver ranks first."""
    resolution = small_index.resolve_driver("#5")
    assert [c.name for c in resolution.candidates] == ["Kyle Larson", "Ryan Truex"]


def test_driver_context_boosts_series(small_index: NameIndex) -> None:
    """Series context lifts the driver who raced there above a more prominent one who did not."""
    assert best_name(small_index.resolve_driver("riggs")) == "Scott Riggs"
    assert best_name(small_index.resolve_driver("riggs", series="truck", season=2025)) == "Layne Riggs"


@pytest.mark.parametrize("query", ["", "   ", "asdfghjkl", "lewis hamilton", "#", "no.", "🏁🏁", "ghost"])
def test_driver_none(small_index: NameIndex, query: str) -> None:
    """Garbage, and aliases whose target is missing, yield no candidates at all."""
    resolution = small_index.resolve_driver(query)
    assert resolution.status == "none"
    assert resolution.candidates == ()
    assert resolution.best is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bristol", "Bristol Motor Speedway"),
        ("bristol dirt", "Bristol Motor Speedway Dirt Track"),
        ("charlotte", "Charlotte Motor Speedway"),
        ("charlotte speedway", "Charlotte Speedway"),
        ("roval", "Charlotte Motor Speedway Road Course"),
        ("charlotte road course", "Charlotte Motor Speedway Road Course"),
        ("daytona", "Daytona International Speedway"),
        ("daytona road course", "Daytona International Speedway Road Course"),
        ("indy", "Indianapolis Motor Speedway"),
        ("brickyard", "Indianapolis Motor Speedway"),
        ("indy road course", "Indianapolis Motor Speedway Road Course"),
        ("indianapolis", "Indianapolis Motor Speedway"),
        ("miami", "Homestead-Miami Speedway"),
        ("concord", "Charlotte Motor Speedway"),
        ("dega", "Talladega Superspeedway"),
        ("taladega", "Talladega Superspeedway"),
        ("homstead", "Homestead-Miami Speedway"),
    ],
)
def test_track_match(small_index: NameIndex, query: str, expected: str) -> None:
    """Short names, aliases, cities and typos find the track; layouts stay apart."""
    resolution = small_index.resolve_track(query)
    assert resolution.status == "match"
    assert best_name(resolution) == expected


def test_track_ambiguous_city(small_index: NameIndex) -> None:
    """Two Nashville tracks: the one still raced ranks first, but the caller is asked."""
    resolution = small_index.resolve_track("nashville")
    assert resolution.status == "ambiguous"
    assert best_name(resolution) == "Nashville Superspeedway"


@pytest.mark.parametrize("query", ["", "silverstone", "speedway", "motor speedway", "asdfghjkl"])
def test_track_none(small_index: NameIndex, query: str) -> None:
    """Unknown tracks and generic words alone match nothing."""
    resolution = small_index.resolve_track(query)
    assert resolution.status == "none"
    assert resolution.candidates == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cup", "cup"),
        ("NASCAR Cup Series", "cup"),
        ("winston cup", "cup"),
        ("busch series", "xfinity"),
        ("busch", "xfinity"),
        ("O'Reilly", "xfinity"),
        ("xfinty", "xfinity"),
        ("camping world truck series", "truck"),
        ("craftsman truck series", "truck"),
        ("tru", "truck"),
    ],
)
def test_series_match(small_index: NameIndex, query: str, expected: str) -> None:
    """Any title a series raced under resolves to its code."""
    resolution = small_index.resolve_series(query)
    assert resolution.status == "match"
    assert resolution.best is not None and resolution.best.id == expected


@pytest.mark.parametrize("query", ["", "nascar", "formula one", "xf"])
def test_series_none(small_index: NameIndex, query: str) -> None:
    """Nothing series-like resolves to nothing."""
    assert small_index.resolve_series(query).status == "none"


def test_complete_driver_prefix_prefers_prominent(small_index: NameIndex) -> None:
    """Typing part of a surname offers its most prominent owner first."""
    names = [c.name for c in small_index.complete_driver("lar")]
    assert names[:2] == ["Kyle Larson", "Mel Larson"]


def test_complete_driver_narrowed_by_series_and_season(small_index: NameIndex) -> None:
    """Completions leave out drivers who did not race in the series and season."""
    names = {c.name for c in small_index.complete_driver("k", series="cup", season=2024)}
    assert "Kyle Busch" in names
    assert "Kurt Busch" not in names


def test_complete_driver_empty_lists_latest_field(small_index: NameIndex) -> None:
    """Empty text offers the most prominent drivers of the series' latest season in the car table."""
    names = [c.name for c in small_index.complete_driver("", series="cup")]
    assert names[:2] == ["Joey Logano", "Kyle Larson"]
    assert "Dale Earnhardt Jr." not in names


def test_complete_driver_car_number(small_index: NameIndex) -> None:
    """A car number completes to who drove it."""
    names = [c.name for c in small_index.complete_driver("#00", series="xfinity")]
    assert names == ["Sheldon Creed"]


def test_complete_driver_respects_limit(small_index: NameIndex) -> None:
    """Never more than asked for, and never more than Discord's 25."""
    assert len(small_index.complete_driver("", limit=3)) == 3
    assert len(small_index.complete_driver("a", limit=500)) <= 25


def test_complete_track_empty_lists_series_tracks(small_index: NameIndex) -> None:
    """Empty text offers the series' tracks, busiest and most recent first."""
    names = [c.name for c in small_index.complete_track("", series="truck")]
    assert names[0] == "Daytona International Speedway"
    assert "Charlotte Speedway" not in names
    assert "Eldora Speedway" in names


def test_complete_track_prefix_and_alias(small_index: NameIndex) -> None:
    """Prefixes of names and of aliases ("brickyard", "roval") all complete."""
    names = [c.name for c in small_index.complete_track("bri")]
    assert names[0] == "Bristol Motor Speedway"
    assert {"Bristol Motor Speedway Dirt Track", "Indianapolis Motor Speedway"} <= set(names)
    assert [c.name for c in small_index.complete_track("rov")] == ["Charlotte Motor Speedway Road Course"]


def test_complete_series(small_index: NameIndex) -> None:
    """Empty text lists the three series; a prefix narrows them."""
    assert [c.id for c in small_index.complete_series("")] == ["cup", "xfinity", "truck"]
    assert [c.id for c in small_index.complete_series("camp")] == ["truck"]
