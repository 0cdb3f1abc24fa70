"""Race lookup on the small hand-built index (conftest.SMALL_RACES), then a few checks on the full history."""

from __future__ import annotations

import pytest

from bot.answers.names import build_name_index
from bot.resolve import NameIndex, Resolution
from db.importers.aliases import import_aliases, load_alias_csvs
from db.store import Store
from kernel.naming import AliasEntry, fold


def best_name(resolution: Resolution) -> str | None:
    return resolution.best.name if resolution.best is not None else None


def is_edition(label: str, name: str) -> bool:
    """Whether a candidate label ("2024 DAYTONA 500 (Cup)", perhaps cut at 100) shows race `name`."""
    shown = label.partition(" ")[2]
    head, bracket, _ = shown.rpartition(" (")
    return fold(head) == fold(name) if bracket else fold(name).startswith(fold(shown))


@pytest.mark.parametrize(
    ("query", "expected", "via"),
    [
        ("daytona 500", "2025 DAYTONA 500 (Cup)", "exact"),
        ("DAYTONA 500", "2025 DAYTONA 500 (Cup)", "exact"),
        ("2024 daytona 500", "2024 DAYTONA 500 (Cup)", "exact"),
        ("daytona 500 2024", "2024 DAYTONA 500 (Cup)", "exact"),
        ("1990 Daytona 500", "1990 Daytona 500 (Cup)", "exact"),
        ("coca-cola 600", "2025 Coca-Cola 600 (Cup)", "exact"),
        ("coke 600", "2025 Coca-Cola 600 (Cup)", "alias"),
        ("2024 coke 600", "2024 Coca-Cola 600 (Cup)", "alias"),
        ("southern 500", "2025 Cook Out Southern 500 (Cup)", "alias"),
        ("brickyard 400", "2025 Brickyard 400 Presented by PPG (Cup)", "alias"),
        ("the great american race", "2025 DAYTONA 500 (Cup)", "alias"),
        ("firecracker 400", "2025 Coke Zero Sugar 400 (Cup)", "alias"),
        ("1975 firecracker 400", "1975 Firecracker 400 (Cup)", "exact"),
        ("straight talk wireless 400", "2025 Straight Talk Wireless 400 (Cup)", "exact"),
        ("bristol night race", "2025 Bass Pro Shops Night Race (Cup)", "words"),
        ("2015 bristol night race", "2015 IRWIN Tools Night Race (Cup)", "words"),
        ("championship race", "2025 NASCAR Cup Series Championship (Cup)", "words"),
        ("charlotte 600", "2025 Coca-Cola 600 (Cup)", "words"),
        ("bristl night race", "2025 Bass Pro Shops Night Race (Cup)", "fuzzy"),
        ("dayton 500", "2025 DAYTONA 500 (Cup)", "fuzzy"),
        ("straight talk wireles 400", "2025 Straight Talk Wireless 400 (Cup)", "fuzzy"),
    ],
)
def test_race_match(small_index: NameIndex, query: str, expected: str, via: str) -> None:
    """Each way of naming a race finds its latest edition (or the year's), and says which rule did."""
    resolution = small_index.resolve_race(query)
    assert (resolution.status, best_name(resolution)) == ("match", expected)
    assert resolution.best is not None and resolution.best.via == via


@pytest.mark.parametrize(
    ("query", "series", "season", "expected"),
    [
        ("baptist health 200", "truck", 2025, "2025 Baptist Health 200 (Truck)"),
        ("baptist health 200", None, 2024, "2024 Baptist Health 200 (Truck)"),
        ("daytona 500", None, 2024, "2024 DAYTONA 500 (Cup)"),
        ("championship race", "truck", None, "2025 NASCAR Craftsman Truck Series Championship (Truck)"),
        ("championship race", "xfinity", 2025, "2025 NASCAR Xfinity Series Championship (Xfinity)"),
        ("daytona", "xfinity", None, "2025 Wawa 250 Powered by Coca-Cola (Xfinity)"),
        ("daytona 500", "xfinity", None, "2025 DAYTONA 500 (Cup)"),
        ("2024 daytona 500", None, 2025, "2024 DAYTONA 500 (Cup)"),
    ],
)
def test_context_prefers_series_and_season(
    small_index: NameIndex, query: str, series: str | None, season: int | None, expected: str
) -> None:
    """The command's series and season win ties; a year typed in the query beats the context's."""
    resolution = small_index.resolve_race(query, series=series, season=season)
    assert (resolution.status, best_name(resolution)) == ("match", expected)


def test_candidates_are_events(small_index: NameIndex) -> None:
    """Candidates are kind "race" with event ids, every edition listed newest first."""
    resolution = small_index.resolve_race("daytona 500")
    assert [(c.kind, c.id) for c in resolution.candidates] == [("race", 1001), ("race", 1002), ("race", 1003)]


def test_same_name_at_two_tracks_is_ambiguous(small_index: NameIndex) -> None:
    """Two 2025 races called "Cook Out 400" (Martinsville, Richmond) need the picker."""
    resolution = small_index.resolve_race("cook out 400")
    assert resolution.status == "ambiguous"
    assert {c.id for c in resolution.candidates} == {1018, 1019}


def test_older_edition_at_another_track_is_not_ambiguous(small_index: NameIndex) -> None:
    """ "brickyard 400" is this year's race even though older editions (2012's sponsor name holds its
    words) score the same."""
    resolution = small_index.resolve_race("brickyard 400")
    assert resolution.status == "match"
    assert [c.id for c in resolution.candidates] == [1015, 1027, 1016]


def test_long_names_fit_a_choice(small_index: NameIndex) -> None:
    """A name with its year and series is cut to Discord's 100 characters."""
    best = small_index.resolve_race("curtiss shaver 400").best
    assert best is not None and best.id == 1027
    assert len(best.name) == 100 and best.name.startswith("2012 Crown Royal Presents")


@pytest.mark.parametrize(
    "query",
    [
        "asdfghjkl",
        "monaco grand prix",
        "indy 500",
        "indianapolis 500",
        "all-star",
        "clash",
        "phantom 500",
        "2035 daytona 500",
        "2024",
        "the race",
        "",
        "   ",
    ],
)
def test_no_match(small_index: NameIndex, query: str) -> None:
    """Garbage, non-NASCAR races and years with no such race resolve to nothing at all."""
    resolution = small_index.resolve_race(query)
    assert (resolution.status, resolution.candidates) == ("none", ())


def test_complete_empty_lists_latest_of_context(small_index: NameIndex) -> None:
    """Empty text lists the series/season's races, latest round first."""
    choices = small_index.complete_race("", series="truck", season=2025)
    assert [c.name for c in choices] == [
        "2025 NASCAR Craftsman Truck Series Championship (Truck)",
        "2025 Baptist Health 200 (Truck)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daytona 5", "2025 DAYTONA 500 (Cup)"),
        ("2024 dayt", "2024 DAYTONA 500 (Cup)"),
        ("bass p", "2025 Bass Pro Shops Night Race (Cup)"),
        ("bap", "2025 Baptist Health 200 (Truck)"),
        ("coke 6", "2025 Coca-Cola 600 (Cup)"),
    ],
)
def test_complete_half_typed(small_index: NameIndex, text: str, expected: str) -> None:
    """The last word may be half typed; the latest race that fits comes first."""
    assert small_index.complete_race(text)[0].name == expected


def test_complete_narrows_to_series(small_index: NameIndex) -> None:
    """With a series, only its races are offered."""
    choices = small_index.complete_race("daytona", series="xfinity")
    assert [c.name for c in choices] == ["2025 Wawa 250 Powered by Coca-Cola (Xfinity)"]


def test_complete_respects_limit(small_index: NameIndex) -> None:
    """At most `limit` choices, never more than Discord's 25."""
    assert len(small_index.complete_race("", limit=3)) == 3
    assert len(small_index.complete_race("", limit=100)) == 25


async def test_index_from_sample_store_finds_sample_race(store: Store) -> None:
    """A fresh store holds the sample's one event; the index built from it finds it by name."""
    names = await build_name_index(store)
    resolution = names.resolve_race("baptist health 200")
    assert (resolution.status, best_name(resolution)) == ("match", "2025 Baptist Health 200 (Truck)")


async def test_race_aliases_are_not_stored(store: Store) -> None:
    """import_aliases skips race aliases (no table holds them) and stores the rest."""
    entries = [
        AliasEntry("race", "Coke 600", "Coca-Cola 600", "nickname"),
        AliasEntry("series", "Trucks", "truck", "short_name"),
    ]
    async with store.sessions.begin() as session:
        result = await import_aliases(session, entries)
    assert (result.stored, result.waiting) == (1, 0)


@pytest.mark.fulldata
@pytest.mark.parametrize(
    ("query", "series", "season", "expected"),
    [
        ("daytona 500", None, None, "2025 DAYTONA 500 (Cup)"),
        ("2024 daytona 500", None, None, "2024 DAYTONA 500 (Cup)"),
        ("coke 600", None, None, "2025 Coca-Cola 600 (Cup)"),
        ("southern 500", None, None, "2025 Cook Out Southern 500 (Cup)"),
        ("brickyard 400", None, None, "2025 Brickyard 400 Presented by PPG (Cup)"),
        ("bristol night race", None, None, "2025 Bass Pro Shops Night Race (Cup)"),
        ("baptist health 200", "truck", 2025, "2025 Baptist Health 200 (Truck)"),
        ("straight talk wireless 400", None, None, "2025 Straight Talk Wireless 400 (Cup)"),
    ],
)
def test_history_races(
    history_index: NameIndex, query: str, series: str | None, season: int | None, expected: str
) -> None:
    """Fans' names for races find the right event in the full imported history."""
    resolution = history_index.resolve_race(query, series=series, season=season)
    assert (resolution.status, best_name(resolution)) == ("match", expected)


@pytest.mark.fulldata
@pytest.mark.parametrize("query", ["asdfghjkl", "monaco grand prix", "indy 500", "all-star", "clash"])
def test_history_no_match(history_index: NameIndex, query: str) -> None:
    """Nothing in 75 years of points races answers to garbage or other sports' races."""
    resolution = history_index.resolve_race(query)
    assert (resolution.status, resolution.candidates) == ("none", ())


@pytest.mark.fulldata
def test_every_history_race_name_finds_itself(
    history_index: NameIndex, history_names: dict[str, set[str]]
) -> None:
    """Each race name finds an edition of itself first (so a completed name never asks again),
    unless races.csv points it at today's title ("Southern 500" -> "Cook Out Southern 500")."""
    renamed = {fold(a.alias) for a in load_alias_csvs() if a.kind == "race"}
    wrong = []
    for name in sorted(history_names["race"]):
        best = history_index.resolve_race(name).best
        if fold(name) not in renamed and (best is None or not is_edition(best.name, name)):
            wrong.append((name, best_name(history_index.resolve_race(name))))
    assert wrong == []
