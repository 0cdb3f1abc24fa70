"""/leaders latency, cold: `Answers.leaders` with the answer cache cleared before every call.

Run from the repo root: .venv/bin/python -m benchmarks.bench_leaders [--db URL] [--rounds N]
Without --db the full history (../shared/data/nascar) is imported into a temporary SQLite store first.
The race book and the names are loaded once, as the bot does at start-up; then every statistic over
all Cup history, and a few track and span questions, are asked in turn, `--rounds` times each, and
p50/p99/max printed in milliseconds. The target: p99 under 20 ms for every statistic over all Cup
history.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.answers.service import Answers
from db.store import open_store
from kernel.reports import LEADER_STATS
from tests.fulldata import import_full_history

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "nascar"
TARGET_P99_MS = 20.0

# (label, stat, options): every statistic over all Cup history, then tracks, spans and the other series.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    *((f"{stat} · all Cup", stat, {}) for stat in LEADER_STATS),
    ("laps_led · Cup at Homestead to 2024", "laps_led", {"track": "homestead", "to_year": 2024}),
    ("wins · Cup at Daytona", "wins", {"track": "daytona"}),
    ("avg_finish · Cup at Martinsville", "avg_finish", {"track": "martinsville"}),
    ("laps_led · Cup 1970–1979", "laps_led", {"from_year": 1970, "to_year": 1979}),
    (
        "avg_finish · Cup 2000–2024, 100 starts",
        "avg_finish",
        {"from_year": 2000, "to_year": 2024, "min_starts": 100},
    ),
    ("wins · all Xfinity", "wins", {"series": "xfinity"}),
    ("poles · all Truck", "poles", {"series": "truck"}),
]


async def time_cases(answers: Answers, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per cold call, the cases asked in turn so none runs on another's warm caches."""
    samples: dict[str, list[float]] = {label: [] for label, _, _ in CASES}
    for _ in range(rounds):
        for label, stat, options in CASES:
            answers.cache.clear()
            started = time.perf_counter()
            await answers.leaders(stat, **options)
            samples[label].append((time.perf_counter() - started) * 1000)
    return samples


async def run(url: str, rounds: int) -> bool:
    store = await open_store(url)
    try:
        answers = Answers(store, clock=lambda: datetime.now(UTC))
        started = time.perf_counter()
        await answers.refresh()
        rows = len(answers.book.event)
        print(f"race book and names loaded once: {time.perf_counter() - started:.2f} s ({rows:,} race rows)")
        gc.collect()
        collections = sum(stat["collections"] for stat in gc.get_stats())
        samples = await time_cases(answers, rounds)
        collections = sum(stat["collections"] for stat in gc.get_stats()) - collections
    finally:
        await store.close()
    print(f"cold calls (answer cache cleared before each), {rounds} per case, garbage collections on:")
    met = True
    for label, _, options in CASES:
        cuts = statistics.quantiles(samples[label], n=100)
        p50, p99 = cuts[49], cuts[98]
        whole_cup = not options
        met &= not whole_cup or p99 < TARGET_P99_MS
        flag = "" if not whole_cup else ("  ok" if p99 < TARGET_P99_MS else f"  OVER {TARGET_P99_MS:g} ms")
        print(f"  {label:42} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {max(samples[label]):6.2f} ms{flag}")
    print(f"garbage collections during the run: {collections}")
    print(
        f"target p99 < {TARGET_P99_MS:g} ms for every statistic over all Cup history: {'met' if met else 'NOT met'}"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="URL of a store holding the imported history (default: import one)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the history CSVs, without --db")
    parser.add_argument("--rounds", type=int, default=200, help="cold calls per case")
    args = parser.parse_args()
    if args.db:
        met = asyncio.run(run(args.db, args.rounds))
    else:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'history.db'}"
            started = time.perf_counter()
            asyncio.run(import_full_history(url, args.data))
            print(
                f"full history imported into a temporary SQLite store: {time.perf_counter() - started:.1f} s"
            )
            met = asyncio.run(run(url, args.rounds))
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
