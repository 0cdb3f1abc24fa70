"""Session fixtures over the real history files; built once because reading ~180k rows takes ~0.6 s."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.answers.names import build_name_index
from bot.resolve import CarEntry, DriverEntry, NameIndex, RaceEntry, TrackEntry
from db.store import open_store
from kernel.naming import AliasEntry
from tests.resolve.history_index import history_rows


@pytest.fixture(scope="session")
def history_dir(shared_data: Path) -> Path:
    """The nascaR.data CSVs (missing data skips locally, fails under CI, as `shared_data` does)."""
    return shared_data / "nascar"


@pytest.fixture(scope="session")
def history_index(history_db: str) -> NameIndex:
    """The index exactly as the bot builds it, from a store holding the imported full history."""

    async def build() -> NameIndex:
        store = await open_store(history_db)
        try:
            return await build_name_index(store)
        finally:
            await store.close()

    return asyncio.run(build())


@pytest.fixture(scope="session")
def history_names(history_dir: Path) -> dict[str, set[str]]:
    """Every canonical driver, track and race name in the history, keyed by alias kind."""
    names: dict[str, set[str]] = {
        "driver": set(),
        "track": set(),
        "series": {"cup", "xfinity", "truck"},
        "race": set(),
    }
    for _, row in history_rows(history_dir):
        names["driver"].add(row["Driver"])
        names["track"].add(row["Track"])
        names["race"].add(row["Name"])
    return names


def _driver(
    number: int, name: str, starts: int, wins: int, poles: int, first: int, last: int, *series: str
) -> DriverEntry:
    return DriverEntry(number, name, starts, wins, poles, first, last, frozenset(series))


SMALL_DRIVERS = (
    _driver(1, "Kyle Busch", 1297, 232, 148, 2001, 2025, "cup", "xfinity", "truck"),
    _driver(2, "Kurt Busch", 834, 43, 36, 2000, 2022, "cup", "xfinity", "truck"),
    _driver(3, "Kyle Larson", 539, 53, 49, 2012, 2025, "cup", "xfinity", "truck"),
    _driver(4, "Mel Larson", 47, 0, 2, 1955, 1978, "cup"),
    _driver(5, "Dale Earnhardt", 812, 97, 33, 1975, 2001, "cup", "xfinity"),
    _driver(6, "Dale Earnhardt Jr.", 778, 50, 28, 1996, 2024, "cup", "xfinity"),
    _driver(7, "Martin Truex Jr.", 801, 48, 43, 2001, 2025, "cup", "xfinity", "truck"),
    _driver(8, "Martin Truex Sr.", 15, 0, 0, 1989, 1998, "xfinity"),
    _driver(9, "Ryan Truex", 203, 3, 3, 2010, 2025, "cup", "xfinity", "truck"),
    _driver(10, "Shane van Gisbergen", 87, 10, 9, 2023, 2025, "cup", "xfinity", "truck"),
    _driver(11, "John Hunter Nemechek", 373, 24, 19, 2013, 2025, "cup", "xfinity", "truck"),
    _driver(12, "A.J. Allmendinger", 627, 21, 21, 2006, 2025, "cup", "xfinity", "truck"),
    _driver(13, "Daniel Suarez", 440, 7, 11, 2014, 2025, "cup", "xfinity", "truck"),
    _driver(14, "Bill Scott (CA)", 2, 0, 0, 1956, 1957, "cup"),
    _driver(15, "Bubba Wallace", 430, 9, 9, 2012, 2025, "cup", "xfinity", "truck"),
    _driver(16, "Richard Petty", 1185, 200, 127, 1958, 1992, "cup"),
    _driver(17, "Kyle Petty", 885, 8, 8, 1979, 2008, "cup", "xfinity", "truck"),
    _driver(18, "Chase Elliott", 463, 30, 28, 2013, 2025, "cup", "xfinity", "truck"),
    _driver(19, "Mike Chase", 30, 0, 0, 1990, 2000, "cup", "xfinity"),
    _driver(20, "Joey Logano", 803, 69, 76, 2008, 2025, "cup", "xfinity", "truck"),
    _driver(21, "William Byron", 362, 29, 27, 2015, 2025, "cup", "xfinity", "truck"),
    _driver(22, "Sheldon Creed", 213, 8, 11, 2016, 2025, "cup", "xfinity", "truck"),
    _driver(23, "Jimmie Johnson", 794, 84, 51, 1998, 2025, "cup", "xfinity", "truck"),
    _driver(24, "Corey Heim", 116, 23, 17, 2021, 2025, "cup", "xfinity", "truck"),
    _driver(25, "Tony Stewart", 718, 62, 29, 1996, 2016, "cup", "xfinity", "truck"),
    _driver(26, "Ricky Stenhouse Jr.", 582, 12, 11, 2009, 2025, "cup", "xfinity"),
    _driver(27, "Layne Riggs", 57, 5, 4, 2022, 2025, "xfinity", "truck"),
    _driver(28, "Scott Riggs", 383, 9, 13, 1999, 2014, "cup", "xfinity", "truck"),
    _driver(29, "Bobby Hamilton", 560, 15, 13, 1986, 2006, "cup", "xfinity", "truck"),
    _driver(30, "Justin Haley", 341, 8, 3, 2015, 2025, "cup", "xfinity", "truck"),
    _driver(31, "Greg Van Alst", 2, 0, 0, 2023, 2024, "cup"),
)


def _track(
    number: int, name: str, races: int, last: int, *series: str, city: str | None = None
) -> TrackEntry:
    return TrackEntry(number, name, city, None, races, last, frozenset(series))


SMALL_TRACKS = (
    _track(1, "Bristol Motor Speedway", 240, 2025, "cup", "xfinity", "truck", city="Bristol"),
    _track(2, "Bristol Motor Speedway Dirt Track", 6, 2023, "cup", "truck"),
    _track(3, "Charlotte Motor Speedway", 230, 2025, "cup", "xfinity", "truck", city="Concord"),
    _track(4, "Charlotte Motor Speedway Road Course", 17, 2025, "cup", "xfinity", "truck"),
    _track(5, "Charlotte Speedway", 13, 1971, "cup"),
    _track(6, "Daytona International Speedway", 251, 2025, "cup", "xfinity", "truck"),
    _track(7, "Daytona International Speedway Road Course", 6, 2021, "cup", "xfinity", "truck"),
    _track(8, "Daytona Beach & Road Course", 10, 1958, "cup"),
    _track(9, "Indianapolis Motor Speedway", 39, 2025, "cup", "xfinity"),
    _track(10, "Indianapolis Motor Speedway Road Course", 7, 2023, "cup", "xfinity"),
    _track(11, "Homestead-Miami Speedway", 88, 2025, "cup", "xfinity", "truck", city="Homestead"),
    _track(12, "Ft. Miami Speedway", 2, 1952, "cup"),
    _track(13, "Nashville Speedway", 56, 2000, "cup", "xfinity", "truck"),
    _track(14, "Nashville Superspeedway", 49, 2025, "cup", "xfinity", "truck"),
    _track(15, "Talladega Superspeedway", 172, 2025, "cup", "xfinity", "truck"),
    _track(16, "Eldora Speedway", 7, 2019, "truck"),
)

SMALL_ALIASES = (
    AliasEntry("driver", "Rowdy", "Kyle Busch", "nickname"),
    AliasEntry("driver", "The King", "Richard Petty", "nickname"),
    AliasEntry("driver", "Smoke", "Tony Stewart", "nickname"),
    AliasEntry("driver", "Dale Jr", "Dale Earnhardt Jr.", "nickname"),
    AliasEntry("driver", "Darrell Wallace Jr", "Bubba Wallace", "legal_name"),
    AliasEntry("driver", "Ghost", "Nobody In The Data", "nickname"),
    AliasEntry("track", "Dega", "Talladega Superspeedway", "nickname"),
    AliasEntry("track", "Roval", "Charlotte Motor Speedway Road Course", "nickname"),
    AliasEntry("track", "Indy", "Indianapolis Motor Speedway", "short_name"),
    AliasEntry("track", "Indy Road Course", "Indianapolis Motor Speedway Road Course", "layout"),
    AliasEntry("track", "The Brickyard", "Indianapolis Motor Speedway", "nickname"),
    AliasEntry("series", "Busch Series", "xfinity", "former_name"),
    AliasEntry("series", "Winston Cup", "cup", "former_name"),
    AliasEntry("series", "Camping World Truck Series", "truck", "former_name"),
    AliasEntry("series", "O'Reilly", "xfinity", "official_name"),
    AliasEntry("race", "Coke 600", "Coca-Cola 600", "nickname"),
    AliasEntry("race", "Southern 500", "Cook Out Southern 500", "classic_name"),
    AliasEntry("race", "Brickyard 400", "Brickyard 400 Presented by PPG", "classic_name"),
    AliasEntry("race", "Great American Race", "DAYTONA 500", "nickname"),
    AliasEntry("race", "Firecracker 400", "Coke Zero Sugar 400", "former_name"),
    AliasEntry("race", "Phantom 500", "Nobody's 500", "nickname"),
)

SMALL_CARS = (
    CarEntry("cup", 2025, "5", 3, 36),
    CarEntry("cup", 2025, "24", 21, 36),
    CarEntry("cup", 2025, "22", 20, 36),
    CarEntry("cup", 2025, "7", 30, 30),
    CarEntry("cup", 2025, "07", 28, 4),
    CarEntry("cup", 2025, "88", 10, 36),
    CarEntry("cup", 2024, "5", 6, 2),
    CarEntry("cup", 2024, "7", 31, 3),
    CarEntry("cup", 2001, "8", 6, 36),
    CarEntry("xfinity", 2025, "00", 22, 33),
    CarEntry("xfinity", 2025, "0", 31, 5),
    CarEntry("truck", 2025, "11", 24, 25),
    CarEntry("truck", 2025, "5", 9, 2),
)


def _race(number: int, series: str, season: int, round_: int, name: str, track: str) -> RaceEntry:
    return RaceEntry(1000 + number, series, season, round_, name, track)


DAYTONA, CHARLOTTE, BRISTOL = (
    "Daytona International Speedway",
    "Charlotte Motor Speedway",
    "Bristol Motor Speedway",
)
INDY, PHOENIX, HOMESTEAD = "Indianapolis Motor Speedway", "Phoenix Raceway", "Homestead-Miami Speedway"
SMALL_RACES = (
    _race(1, "cup", 2025, 1, "DAYTONA 500", DAYTONA),
    _race(2, "cup", 2024, 1, "DAYTONA 500", DAYTONA),
    _race(3, "cup", 1990, 1, "Daytona 500", DAYTONA),
    _race(4, "cup", 2025, 26, "Coke Zero Sugar 400", DAYTONA),
    _race(5, "cup", 1975, 17, "Firecracker 400", DAYTONA),
    _race(6, "xfinity", 2025, 24, "Wawa 250 Powered by Coca-Cola", DAYTONA),
    _race(7, "cup", 2025, 13, "Coca-Cola 600", CHARLOTTE),
    _race(8, "cup", 2024, 14, "Coca-Cola 600", CHARLOTTE),
    _race(9, "cup", 1975, 12, "World 600", CHARLOTTE),
    _race(10, "cup", 2025, 27, "Cook Out Southern 500", "Darlington Raceway"),
    _race(11, "cup", 2009, 11, "Southern 500", "Darlington Raceway"),
    _race(12, "cup", 2025, 29, "Bass Pro Shops Night Race", BRISTOL),
    _race(13, "cup", 2015, 24, "IRWIN Tools Night Race", BRISTOL),
    _race(14, "cup", 2025, 9, "Food City 500", BRISTOL),
    _race(15, "cup", 2025, 22, "Brickyard 400 Presented by PPG", INDY),
    _race(16, "cup", 2004, 21, "Brickyard 400", INDY),
    _race(17, "xfinity", 2012, 19, "Indy 250", INDY),
    _race(18, "cup", 2025, 7, "Cook Out 400", "Martinsville Speedway"),
    _race(19, "cup", 2025, 25, "Cook Out 400", "Richmond Raceway"),
    _race(20, "cup", 2025, 36, "NASCAR Cup Series Championship", PHOENIX),
    _race(21, "xfinity", 2025, 33, "NASCAR Xfinity Series Championship", PHOENIX),
    _race(22, "truck", 2025, 25, "NASCAR Craftsman Truck Series Championship", PHOENIX),
    _race(23, "truck", 2025, 4, "Baptist Health 200", HOMESTEAD),
    _race(24, "truck", 2024, 21, "Baptist Health 200", HOMESTEAD),
    _race(25, "cup", 2025, 6, "Straight Talk Wireless 400", HOMESTEAD),
    _race(26, "cup", 2025, 3, "Echopark Automotive Grand Prix", "Circuit of the Americas"),
    _race(
        27,
        "cup",
        2012,
        20,
        "Crown Royal Presents The Curtiss Shaver 400 At The Brickyard Powered By Big Machine Records",
        INDY,
    ),
)


@pytest.fixture(scope="session")
def small_index() -> NameIndex:
    """A hand-built index of real names and figures, small enough to reason about."""
    return NameIndex.build(
        drivers=SMALL_DRIVERS, tracks=SMALL_TRACKS, aliases=SMALL_ALIASES, cars=SMALL_CARS, races=SMALL_RACES
    )
