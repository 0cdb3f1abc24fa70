"""Resolver latency over a realistic query mix: index build time, then p50/p99 per call.

Run from the repo root: .venv/bin/python -m benchmarks.bench_resolver [--rounds N] [--store URL]
Needs ../shared/data (the history CSVs) and ../shared/eval/names.tsv. With --store (a store holding
the imported history) it also times the bot's own start-up path: query the store, then build.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.answers.names import build_name_index
from bot.resolve import NameIndex, RaceEntry
from db.importers.aliases import load_alias_csvs
from db.store import open_store
from tests.resolve.history_index import DATA_DIR, history_entries, history_rows

NAMES_TSV = DATA_DIR.parent / "eval" / "names.tsv"
SERIES = (None, "cup", "xfinity", "truck")
# What fans type for races, including names the data lacks (they must stay cheap too).
RACE_QUERIES = (
    "daytona 500",
    "2024 daytona 500",
    "coke 600",
    "coca-cola 600",
    "southern 500",
    "brickyard 400",
    "bristol night race",
    "championship race",
    "baptist health 200",
    "straight talk wireless 400",
    "all-star",
    "indy 500",
    "monaco grand prix",
    "asdfghjkl",
)


def eval_queries(path: Path = NAMES_TSV) -> dict[str, list[str]]:
    """The names.tsv queries grouped by kind."""
    queries: dict[str, list[str]] = {"driver": [], "track": [], "series": []}
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if row and row[0] in queries:
                queries[row[0]].append(row[1])
    return queries


def typo(text: str, rng: random.Random) -> str:
    """Drop, double or swap one character, as fans do."""
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 1)
    match rng.randrange(3):
        case 0:
            return text[:at] + text[at + 1 :]
        case 1:
            return text[:at] + text[at] + text[at:]
        case _:
            return text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :]


def query_mix(names: Sequence[str], fixed: Sequence[str], rng: random.Random, size: int) -> list[str]:
    """Eval queries, whole names, surnames, typos and typing prefixes in roughly equal parts."""
    mix = list(fixed)
    while len(mix) < size:
        name = rng.choice(names)
        match rng.randrange(4):
            case 0:
                mix.append(name)
            case 1:
                mix.append(name.split()[-1])
            case 2:
                mix.append(typo(name, rng))
            case _:
                mix.append(name[: rng.randint(1, min(8, len(name)))])
    rng.shuffle(mix)
    return mix


def race_entries() -> list[RaceEntry]:
    """One entry per race in the history files, numbered as an importer would."""
    races: dict[tuple[str, int, int], tuple[str, str]] = {}
    for series, row in history_rows():
        races[(series, int(row["Season"]), int(row["Race"]))] = (row["Name"], row["Track"])
    return [
        RaceEntry(number, series, season, round_, name, track)
        for number, ((series, season, round_), (name, track)) in enumerate(sorted(races.items()), start=1)
    ]


def race_mix(names: Sequence[str], rng: random.Random, size: int) -> list[str]:
    """The usual mix over race names, with a year in front of every fifth query."""
    mix = query_mix(names, RACE_QUERIES, rng, size)
    return [f"{rng.randint(1990, 2025)} {query}" if i % 5 == 0 else query for i, query in enumerate(mix)]


def measure(call: Callable[[str], object], queries: Sequence[str], rounds: int) -> list[float]:
    """Microseconds per call, one sample per call."""
    samples: list[float] = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter_ns()
            call(query)
            samples.append((time.perf_counter_ns() - start) / 1000.0)
    return samples


def report(label: str, samples: list[float]) -> None:
    cuts = statistics.quantiles(samples, n=100)
    p50, p99 = cuts[49], cuts[98]
    print(f"{label:34} n={len(samples):6}  p50={p50:7.1f} us  p99={p99:7.1f} us  max={max(samples):8.1f} us")


def store_build_ms(url: str) -> float:
    async def build() -> float:
        store = await open_store(url)
        try:
            started = time.perf_counter()
            await build_name_index(store)
            return (time.perf_counter() - started) * 1000
        finally:
            await store.close()

    return asyncio.run(build())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--store", help="URL of a store with the history imported")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    drivers, tracks, cars = history_entries()
    races = race_entries()
    aliases = load_alias_csvs()
    loaded = time.perf_counter()
    # The bot's index remembers its recent lookups; this one remembers none, so every call below is
    # timed doing the lookup itself (the bot answers a repeat from memory, see the last line).
    index = NameIndex.build(
        drivers=drivers, tracks=tracks, aliases=aliases, cars=cars, races=races, remember=0
    )
    built = time.perf_counter()
    sizes = f"{len(drivers)} drivers, {len(tracks)} tracks, {len(races)} races, {len(cars)} car rows"
    print(f"history read: {loaded - started:.2f} s ({sizes})")
    print(f"index build:  {(built - loaded) * 1000:.0f} ms ({len(aliases)} aliases)")
    if args.store:
        print(
            f"index from the store (query + build, as at bot start-up): {store_build_ms(args.store):.0f} ms"
        )

    fixed = eval_queries()
    driver_queries = query_mix([d.name for d in drivers], fixed["driver"], rng, 2000)
    track_queries = query_mix([t.name for t in tracks], fixed["track"], rng, 1000)
    race_queries = race_mix(sorted({r.name for r in races}), rng, 2000)
    report("resolve_driver", measure(index.resolve_driver, driver_queries, args.rounds))
    report(
        "resolve_driver (series+season)",
        measure(
            lambda q: index.resolve_driver(q, series=rng.choice(SERIES), season=2025),
            driver_queries,
            args.rounds,
        ),
    )
    report("resolve_track", measure(index.resolve_track, track_queries, args.rounds))
    report("resolve_series", measure(index.resolve_series, fixed["series"] * 20, args.rounds))
    report("complete_driver", measure(index.complete_driver, driver_queries, args.rounds))
    report(
        "complete_driver (series)",
        measure(lambda q: index.complete_driver(q, series=rng.choice(SERIES)), driver_queries, args.rounds),
    )
    report("complete_track", measure(index.complete_track, track_queries, args.rounds))
    report("resolve_race", measure(index.resolve_race, race_queries, args.rounds))
    report(
        "resolve_race (series+season)",
        measure(
            lambda q: index.resolve_race(q, series=rng.choice(SERIES), season=2025), race_queries, args.rounds
        ),
    )
    report("complete_race", measure(index.complete_race, race_queries, args.rounds))
    report(
        "complete_race (series)",
        measure(lambda q: index.complete_race(q, series=rng.choice(SERIES)), race_queries, args.rounds),
    )
    remembering = NameIndex.build(drivers=drivers, tracks=tracks, aliases=aliases, cars=cars, races=races)
    repeated = driver_queries[:100]
    measure(remembering.resolve_driver, repeated, 1)
    report("resolve_driver (asked before)", measure(remembering.resolve_driver, repeated, args.rounds))


if __name__ == "__main__":
    main()
