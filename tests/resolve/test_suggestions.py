"""Close matches for a "no match" reply, on the small hand-built index (conftest.SMALL_*): looser than a
lookup, ranked, at most the limit; nothing when nothing is even loosely close."""

from __future__ import annotations

import pytest

from bot.resolve import Candidate, NameIndex, RaceEntry, TrackEntry
from kernel.naming import AliasEntry


def names_of(candidates: list[Candidate]) -> list[str]:
    return [c.name for c in candidates]


@pytest.mark.parametrize(
    ("query", "series", "expected"),
    [
        ("keselowsky larson", None, ["Kyle Larson", "Mel Larson"]),
        ("keselowsky larson", "truck", ["Kyle Larson"]),
        ("jimmi jonsten", None, ["Jimmie Johnson"]),
        ("dale earnhart senior", None, ["Dale Earnhardt Jr.", "Dale Earnhardt"]),
    ],
)
def test_drivers_loosely_like_the_text(
    small_index: NameIndex, query: str, series: str | None, expected: list[str]
) -> None:
    """A name no lookup finds names the drivers it is loosely like, those of the command's series only."""
    assert small_index.resolve_driver(query, series=series).status == "none"
    assert names_of(small_index.suggest_driver(query, series=series)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("#2", ["#22 Joey Logano", "#24 William Byron"]),
        ("#8", ["#88 Shane van Gisbergen"]),
        ("#999", []),
    ],
)
def test_car_numbers_written_like_the_one_typed(
    small_index: NameIndex, query: str, expected: list[str]
) -> None:
    """A car number nobody ran that season names the numbers run that are written most like it."""
    assert small_index.resolve_driver(query).status == "none"
    assert names_of(small_index.suggest_driver(query)) == expected


def test_exact_track_name_stands_whatever_the_series(small_index: NameIndex) -> None:
    """Charlotte Speedway (Cup only) is what "Charlotte Speedway" means, with the Xfinity series too."""
    best = small_index.resolve_track("Charlotte Speedway", series="xfinity").best
    assert best is not None and (best.name, best.via) == ("Charlotte Speedway", "exact")
    track_id = int(best.id)
    assert (small_index.raced_at(track_id, "cup"), small_index.raced_at(track_id, "xfinity")) == (True, False)


def test_a_loose_track_name_still_keeps_to_the_series(small_index: NameIndex) -> None:
    """Only a name exactly as stored stands: "charlotte" with Xfinity is still the track Xfinity raced at."""
    best = small_index.resolve_track("charlotte", series="xfinity").best
    assert best is not None and best.name == "Charlotte Motor Speedway"


@pytest.mark.parametrize(
    ("query", "series", "expected"),
    [
        (
            "Charlotte Speedway",
            "xfinity",
            ["Charlotte Motor Speedway", "Charlotte Motor Speedway Road Course"],
        ),
        (
            "charlote spedway",
            None,
            ["Charlotte Motor Speedway", "Charlotte Speedway", "Charlotte Motor Speedway Road Course"],
        ),
        ("nashvile", None, ["Nashville Superspeedway", "Nashville Speedway"]),
        ("silverstone", None, []),
    ],
)
def test_tracks_loosely_like_the_text(
    small_index: NameIndex, query: str, series: str | None, expected: list[str]
) -> None:
    """Tracks whose names or words are like the text's, best first; with a series, only tracks it raced at."""
    assert names_of(small_index.suggest_track(query, series=series)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("xfnty", ["NASCAR Xfinity Series"]), ("formula one", []), ("arca", [])],
)
def test_series_loosely_like_the_text(small_index: NameIndex, query: str, expected: list[str]) -> None:
    """A series title misspelt past a lookup's cutoff is still named; other racing is not."""
    assert small_index.resolve_series(query).status == "none"
    assert names_of(small_index.suggest_series(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("who won the 2024 daytona 500", ["2024 DAYTONA 500 (Cup)"]),
        ("2030 coke 600", ["2025 Coca-Cola 600 (Cup)"]),
        (
            "bristol fall race",
            [
                "2025 Bass Pro Shops Night Race (Cup)",
                "2025 Food City 500 (Cup)",
                "2015 IRWIN Tools Night Race (Cup)",
            ],
        ),
        ("zzqx", []),
    ],
)
def test_races_that_nearly_fit(small_index: NameIndex, query: str, expected: list[str]) -> None:
    """A question around a race name, a race in a year it was not run, or a track's races; one per race name."""
    assert small_index.resolve_race(query).status == "none"
    assert names_of(small_index.suggest_race(query)) == expected


def test_suggestions_stop_at_the_limit(small_index: NameIndex) -> None:
    """However many fit, no more than asked for."""
    assert len(small_index.suggest_race("daytona charlotte bristol", limit=2)) == 2
    assert len(small_index.suggest_driver("#2", limit=1)) == 1


def test_a_choice_label_names_its_race(small_index: NameIndex) -> None:
    """A race's label, as autocomplete offers it (cut at 100 characters), finds that very race."""
    for race in small_index.complete_race("curtiss shaver") + small_index.complete_race("2024 daytona 500"):
        best = small_index.resolve_race(race.name).best
        assert best is not None and (best.id, best.via) == (race.id, "exact")


TALLADEGA, DOVER = "Talladega Superspeedway", "Dover International Speedway"


@pytest.fixture(scope="module")
def nickname_index() -> NameIndex:
    """Two tracks known by nicknames, one of them several words long, with races in two seasons."""
    return NameIndex.build(
        drivers=(),
        tracks=(
            TrackEntry(1, TALLADEGA, "Lincoln", "AL", 4, 2025, frozenset({"cup"})),
            TrackEntry(2, DOVER, "Dover", "DE", 2, 2025, frozenset({"cup"})),
        ),
        aliases=(
            AliasEntry("track", "Dega", TALLADEGA, "nickname"),
            AliasEntry("track", "The Monster Mile", DOVER, "nickname"),
        ),
        races=(
            RaceEntry(1, "cup", 2025, 10, "Jack Link's 500", TALLADEGA),
            RaceEntry(2, "cup", 2025, 30, "YellaWood 500", TALLADEGA),
            RaceEntry(3, "cup", 2024, 10, "GEICO 500", TALLADEGA),
            RaceEntry(4, "cup", 2024, 30, "YellaWood 500", TALLADEGA),
            RaceEntry(5, "cup", 2025, 14, "Autotrader EchoPark Automotive 400", DOVER),
            RaceEntry(6, "cup", 2024, 12, "Wurth 400", DOVER),
        ),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2024 dega", "2024 YellaWood 500 (Cup)"),
        ("dega 2024", "2024 YellaWood 500 (Cup)"),
        ("dega", "2025 YellaWood 500 (Cup)"),
        ("2024 the monster mile", "2024 Wurth 400 (Cup)"),
        ("monster mile 400", "2025 Autotrader EchoPark Automotive 400 (Cup)"),
    ],
)
def test_track_nicknames_inside_race_text(nickname_index: NameIndex, query: str, expected: str) -> None:
    """A track's nickname stands for the track inside race text: its latest race, or that year's."""
    resolution = nickname_index.resolve_race(query)
    assert (resolution.status, resolution.best and resolution.best.name) == ("match", expected)
