"""End-to-end benchmark: racebot in its own process against the fake Discord, on the full history.

Prints p50/p99 latency from INTERACTION_CREATE dispatch to the bot's callback (one in flight), and
throughput with 10 in flight, for every answering command and driver autocomplete beside the trivial
/ping, plus the bot process's peak RSS after each case, its time from spawn to ready (the slash commands synced and IDENTIFY sent:
`racebot run`'s start, on the start-up snapshot once one exists) and its RSS. Repeated questions are answered warm; the "cold" rows ask
about a different driver, race, track or season every time (distinct (track, season) pairs run out
after about 1,800, so the longest cold runs repeat some). Targets: warm p99 under 2 ms and at least
half of /ping's throughput; cold p99 under 5 ms and at least a quarter of /ping's throughput (/leaders
over all Cup history: p99 under 20 ms). /next
is left out: the history has no race ahead to answer with.

    .venv/bin/python benchmarks/bench_e2e.py [--db sqlite+aiosqlite:///history.db] [-n 2000]

Without --db the full history in ../shared/data/nascar is imported into a temp SQLite file first.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HISTORY = ROOT.parent / "shared" / "data" / "nascar"

from tests.fulldata import import_full_history  # noqa: E402  (needs ROOT on sys.path)

IN_FLIGHT = 10
Options = Callable[[int], dict[str, Any]]
CASES: list[tuple[str, str, Options, str | None]] = [
    ("/ping (baseline)", "ping", lambda i: {}, None),
    ("/pole homestead", "pole", lambda i: {"track": "homestead"}, None),
    ("/driver kyle larson", "driver", lambda i: {"name": "kyle larson"}, None),
    ("/driver rowdy track:bristol", "driver", lambda i: {"name": "rowdy", "track": "bristol"}, None),
    ("autocomplete driver 'lars'", "driver", lambda i: {"name": "lars"}, "name"),
    ("/pole race:2024 daytona 500", "pole", lambda i: {"race": "2024 daytona 500"}, None),
    (
        "/grid homestead truck 2025",
        "grid",
        lambda i: {"race": "homestead", "series": "truck", "year": 2025},
        None,
    ),
    ("/results daytona 500 2024", "results", lambda i: {"race": "daytona 500", "year": 2024}, None),
    ("/track homestead", "track", lambda i: {"track": "homestead"}, None),
    ("/schedule cup 2025", "schedule", lambda i: {"series": "cup", "season": 2025}, None),
    (
        "/driver larson cup homestead -2024",
        "driver",
        lambda i: {"name": "kyle larson", "series": "cup", "track": "homestead", "to_year": 2024},
        None,
    ),
    (
        "/compare larson elliott",
        "compare",
        lambda i: {"driver_a": "kyle larson", "driver_b": "chase elliott"},
        None,
    ),
    (
        "/leaders laps_led cup homestead",
        "leaders",
        lambda i: {"stat": "laps_led", "series": "cup", "track": "homestead", "to_year": 2024},
        None,
    ),
    ("/standings cup 1992", "standings", lambda i: {"series": "cup", "season": 1992}, None),
]
STATS = ("wins", "poles", "top5", "top10", "laps_led", "starts", "races_led", "avg_finish")
COLD_CASES = (
    "cold /driver <distinct name>",
    "cold /pole <distinct track+year>",
    "cold /grid <distinct track+year>",
    "cold /results <distinct track+year>",
    "cold /track <track, series>",
    "cold /schedule <series, season>",
    "cold /driver <name, span>",
    "cold /compare <pair from one race>",
    "cold /leaders <stat, all Cup from year>",
    "cold /standings <series, season>",
)


async def _child(base: str, gateway: str, url: str, guild: int) -> None:
    """The bot process: only discord.py's two endpoints are pointed at the fake."""
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    from bot.client import RaceBot
    from bot.config import Settings

    Route.BASE = base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    settings = Settings(_env_file=None, database_url=url, dev_guild_id=guild, live_sync=False)  # type: ignore[call-arg]
    async with RaceBot(settings, guild_ready_timeout=0.05, chunk_guilds_at_startup=False) as bot:
        await bot.start("bench-token")


def _rss_mb(pid: int, field: str) -> float:
    """The process's resident set now (VmRSS) or at its peak (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _one(fake: Any, name: str, options: dict[str, Any], focused: str | None) -> float:
    """Dispatch one interaction; returns ms from dispatch to the bot's callback."""
    payload = fake.command_payload(name, options, focused=focused)
    if focused:
        payload["type"] = 4
    since = len(fake.requests)
    started = asyncio.get_running_loop().time()
    await fake.dispatch_interaction(payload)
    reply = await fake.reply_to(payload, since=since)
    return (reply.callback.at - started) * 1000


def _cold_cases(url: str) -> list[tuple[str, str, Options, str | None]]:
    """Questions that never repeat: every driver by name, every (track, season) with a pole."""
    path = url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as db:
        drivers = [name for (name,) in db.execute("SELECT name FROM drivers ORDER BY id")]
        races = db.execute(
            "SELECT DISTINCT t.name, e.season FROM events e JOIN tracks t ON t.id = e.track_id"
        ).fetchall()
        seasons = db.execute(
            "SELECT DISTINCT s.code, e.season FROM events e JOIN series s ON s.id = e.series_id"
        ).fetchall()
    random.Random(7).shuffle(races)
    standings = sorted(seasons)
    random.Random(21).shuffle(standings)
    together = pairs(db_path=path, count=4000)
    tracks = [
        (track, code) for code in ("cup", "xfinity", "truck") for track in sorted({t for t, _ in races})
    ]

    def race(i: int) -> dict[str, Any]:
        return {"race": races[i % len(races)][0], "year": races[i % len(races)][1]}

    return [
        (COLD_CASES[0], "driver", lambda i: {"name": drivers[i % len(drivers)]}, None),
        (
            COLD_CASES[1],
            "pole",
            lambda i: {"track": races[i % len(races)][0], "year": races[i % len(races)][1]},
            None,
        ),
        (COLD_CASES[2], "grid", lambda i: race(i + 500), None),
        (COLD_CASES[3], "results", lambda i: race(i + 1000), None),
        (
            COLD_CASES[4],
            "track",
            lambda i: {"track": tracks[i % len(tracks)][0], "series": tracks[i % len(tracks)][1]},
            None,
        ),
        (
            COLD_CASES[5],
            "schedule",
            lambda i: {"series": seasons[i % len(seasons)][0], "season": seasons[i % len(seasons)][1]},
            None,
        ),
        (
            COLD_CASES[6],
            "driver",
            lambda i: {"name": drivers[(i * 7) % len(drivers)], "from_year": 1949 + i % 60},
            None,
        ),
        (
            COLD_CASES[7],
            "compare",
            lambda i: {
                "driver_a": together[i % len(together)][0],
                "driver_b": together[i % len(together)][1],
            },
            None,
        ),
        (
            COLD_CASES[8],
            "leaders",
            # 8 statistics x 77 first seasons: every question new until the 617th.
            lambda i: {"stat": STATS[i % 8], "series": "cup", "from_year": 1949 + (i // 8) % 77},
            None,
        ),
        (
            COLD_CASES[9],
            "standings",
            # 152 (series, season) pairs: past them the questions repeat, as /schedule's do.
            lambda i: {
                "series": standings[i % len(standings)][0],
                "season": standings[i % len(standings)][1],
            },
            None,
        ),
    ]


def pairs(*, db_path: str, count: int) -> list[tuple[str, str]]:
    """`count` distinct pairs of drivers who started one race together, drawn at random."""
    with sqlite3.connect(db_path) as db:
        fields: dict[int, list[str]] = {}
        for session_id, name in db.execute(
            "SELECT r.session_id, d.name FROM results r JOIN sessions s ON s.id = r.session_id "
            "JOIN drivers d ON d.id = r.driver_id WHERE s.kind = 'race' AND r.finish_position IS NOT NULL"
        ):
            fields.setdefault(session_id, []).append(name)
    rng = random.Random(12)
    races = [names for names in fields.values() if len(names) > 1]
    found: set[tuple[str, str]] = set()
    while len(found) < count:
        a, b = rng.sample(rng.choice(races), 2)
        found.add((a, b))
    chosen = sorted(found)
    rng.shuffle(chosen)
    return chosen


async def _measure(fake: Any, n: int, case: tuple[str, str, Options, str | None]) -> dict[str, float]:
    label, name, options, focused = case
    cold = label in COLD_CASES
    if not cold:
        for i in range(50):
            await _one(fake, name, options(i), focused)
    latencies = sorted([await _one(fake, name, options(i), focused) for i in range(n)])
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def limited(i: int) -> None:
        async with gate:
            await _one(fake, name, options(i), focused)

    offset = n if cold else 0  # cold questions in the throughput run are new ones too
    started = time.perf_counter()
    await asyncio.gather(*(limited(offset + i) for i in range(n)))
    elapsed = time.perf_counter() - started
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "rate": n / elapsed,
    }


async def _parent(url: str, n: int) -> None:
    from tests.fakediscord.server import FakeDiscord

    fake = FakeDiscord(validate=False, timeout=60)
    await fake.start()
    spawned = time.perf_counter()
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", fake.base_url, fake.gateway_url, url, str(fake.world.guild.id)
    )
    try:
        await fake.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
        await fake.wait_for_frame(2)  # IDENTIFY: the gateway session exists from here on
        print(
            f"bot process ready (commands synced, IDENTIFY sent) {time.perf_counter() - spawned:.2f} s after spawn"
        )
        print(f"bot process RSS when ready: {_rss_mb(child.pid, 'VmRSS'):.1f} MB")
        print(f"{'case':32} {'p50 ms':>8} {'p99 ms':>8} {'req/s @10':>10} {'vs ping':>8} {'peak MB':>8}")
        baseline = None
        for case in CASES + _cold_cases(url):
            # The fake keeps every request it served; freezing them spares its collector rescanning them
            # in later cases, so each case meets the same fake and only the bot's own state carries over.
            gc.collect()
            gc.freeze()
            figures = await _measure(fake, n, case)
            baseline = baseline or figures["rate"]
            print(
                f"{case[0]:32} {figures['p50']:8.2f} {figures['p99']:8.2f} {figures['rate']:10.0f} "
                f"{figures['rate'] / baseline:8.2f} {_rss_mb(child.pid, 'VmHWM'):8.1f}"
            )
        print(f"bot process RSS after the cases: {_rss_mb(child.pid, 'VmRSS'):.1f} MB")
        print(f"bot process peak RSS: {_rss_mb(child.pid, 'VmHWM'):.1f} MB")
    finally:
        child.terminate()
        await child.wait()
        await fake.close()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        base, gateway, url, guild = sys.argv[2:6]
        asyncio.run(_child(base, gateway, url, int(guild)))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="store URL with the history already imported")
    parser.add_argument("-n", type=int, default=2000, help="interactions per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if url is None:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'history.db'}"
            started = time.perf_counter()
            asyncio.run(import_full_history(url, HISTORY))
            print(f"imported the full history in {time.perf_counter() - started:.1f} s")
        asyncio.run(_parent(url, args.n))


if __name__ == "__main__":
    main()
