"""Pictures benchmark: drawing time per picture, the cache, the pool's memory, and /grid with its card.

In this process, on real data (the full history, the feed's lap-times payloads):
- render time p50/p99 of each picture, drawn directly (target: grid card p99 under 150 ms);
- through the pool: the first picture (the worker starting), a warm draw, a cache hit, and 2,000
  asks for one grid at once (an announcement burst): how many draws and how long;
- the pool's memory: each worker's resident set after drawing every kind.
Then racebot in its own process against the fake Discord (as benchmarks/bench_e2e.py): /grid with the
card and without, warm (the same race: answer and card cached) and cold (a different race each time,
so each card is drawn), /results of 2020 Martinsville with its race chart and without (warm: the lap
times of the two races with payloads are stored in the store first, as `racebot import feed` stores
them), and /pole's rate alone and while cold /grid cards render beside it.

    .venv/bin/python benchmarks/bench_pictures.py [--db sqlite+aiosqlite:///history.db] [-n 300]

Without --db the full history in ../shared/data/nascar is imported into a temp SQLite file first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

from bot.pictures.drawing import draw  # noqa: E402  (needs ROOT on sys.path)
from bot.pictures.lap_times import read_lap_times  # noqa: E402
from bot.pictures.pool import Pictures  # noqa: E402
from bot.pictures.specs import GridCard, PictureSpec, RaceChart, career_chart, grid_card  # noqa: E402
from kernel.laps import parse_lap_times  # noqa: E402
from tests.fulldata import import_full_history  # noqa: E402

IN_FLIGHT = 10
# The feed's lap-times payloads and the races they are (as /results names them).
LAP_TIMES = {
    "lap-times_2020_1_4973.json.gz": ("blue-emu maximum pain relief 500", "cup", 2020),
    "lap-times_2023_2_5314.json.gz": ("raptor king of tough 250", "xfinity", 2023),
}
MARTINSVILLE = {"race": "blue-emu maximum pain relief 500", "series": "cup", "year": 2020}


def _percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return f"p50 {statistics.median(ordered):7.1f} ms  p99 {p99:7.1f} ms"


def _timed(call: Callable[[], object], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def _specs(url: str) -> dict[str, PictureSpec]:
    """One spec of each picture, from the store and the feed's payloads."""
    from bot.answers.service import Answers
    from db.store import open_store

    store = await open_store(url)
    try:
        answers = Answers(store, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
        await answers.refresh()
        larson = career_chart(await answers.driver("kyle larson", series="cup"))
        assert larson is not None
        truck = grid_card(await answers.grid("homestead", series="truck", year=2025))
        cup = grid_card(await answers.grid("daytona 500", series="cup", year=2024))
        specs: dict[str, PictureSpec] = {
            f"grid card, 2025 Homestead truck ({len(truck.slots)})": truck,
            f"grid card, 2024 Daytona 500 ({len(cup.slots)})": cup,
            "career chart, Larson Cup": larson,
        }
        for race, (name, series, year) in LAP_TIMES.items():
            chart = await _stored_race_chart(answers, name, series, year, DATA / "nascar-feed" / race)
            specs[f"race chart, {race[10:-8]} from the store"] = chart
    finally:
        await store.close()
    return specs


async def _stored_race_chart(answers: Any, name: str, series: str, year: int, payload: Path) -> RaceChart:
    """The race's chart as /results builds it: its lap times read from the store, stored first from
    the feed's payload when the race has none there."""
    from db.importers.feed.lap_times import store_lap_times
    from db.store.queries.lap_times import race_laps

    event = (await answers.results(name, series=series, year=year)).event
    if await race_laps(answers.store.sessions, event.id) is None:
        laps = parse_lap_times(read_lap_times(payload))
        await store_lap_times(answers.store, {event.id: laps}, at=datetime.now(UTC))
        await answers.refresh()
    chart = await answers.race_chart(event)
    assert chart is not None
    return chart


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


async def _pool_figures(specs: dict[str, PictureSpec]) -> None:
    pictures = Pictures()
    try:
        first = next(iter(specs.values()))
        started = time.perf_counter()
        assert await pictures.draw(first, timeout=60) is not None
        print(
            f"pool: first picture (worker start) {1000 * (time.perf_counter() - started):.0f} ms, {pictures.workers} worker(s)"
        )
        for spec in specs.values():
            assert await pictures.draw(spec, timeout=60) is not None
        hits = []
        for _ in range(2000):
            started = time.perf_counter()
            await pictures.draw(first)
            hits.append((time.perf_counter() - started) * 1000)
        print(f"pool: cache hit (digest + look-up)         {_percentiles(hits)}")
        burst = grid_card_variant(first)
        draws_before = pictures.cache.draws
        started = time.perf_counter()
        drawn = await asyncio.gather(*(pictures.draw(burst, timeout=60) for _ in range(2000)))
        elapsed = time.perf_counter() - started
        print(
            f"pool: 2,000 asks for one new grid at once: {pictures.cache.draws - draws_before} draw, "
            f"{sum(p is not None for p in drawn)} pictures, {1000 * elapsed:.0f} ms in all"
        )
        workers = [pid for pid in _children(os.getpid()) if "spawn_main" in _cmdline(pid)]
        print(
            "pool: worker memory (RSS after every kind): "
            + ", ".join(f"{_rss_mb(pid):.0f} MB" for pid in workers)
        )
    finally:
        await pictures.close()


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")


def grid_card_variant(spec: PictureSpec) -> PictureSpec:
    """The same card under another race name: a picture the cache has not seen."""
    assert isinstance(spec, GridCard)
    return replace(spec, race=spec.race + " (burst)")


async def _bot(base: str, gateway: str, url: str, guild: int) -> None:
    """The bot process: only discord.py's two endpoints are pointed at the fake."""
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    from bot.client import RaceBot
    from bot.config import Settings

    Route.BASE = base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    settings = Settings(_env_file=None, database_url=url, dev_guild_id=guild, live_sync=False)
    async with RaceBot(settings, guild_ready_timeout=0.05, chunk_guilds_at_startup=False) as bot:
        await bot.start("bench-token")


async def _ask(fake: Any, name: str, options: dict[str, Any]) -> tuple[float, bool]:
    """One command: ms from dispatch to the bot's callback, and whether it carried a picture."""
    payload = fake.command_payload(name, options)
    since = len(fake.requests)
    started = asyncio.get_running_loop().time()
    await fake.dispatch_interaction(payload)
    reply = await fake.reply_to(payload, since=since)
    return (reply.callback.at - started) * 1000, bool(reply.callback.files)


async def _rate(
    fake: Any, name: str, options: Callable[[int], dict[str, Any]], n: int, offset: int = 0
) -> tuple[list[float], float, int]:
    """n commands, 10 in flight: their latencies, commands a second, how many carried a picture."""
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def limited(i: int) -> tuple[float, bool]:
        async with gate:
            return await _ask(fake, name, options(offset + i))

    started = time.perf_counter()
    results = await asyncio.gather(*(limited(i) for i in range(n)))
    elapsed = time.perf_counter() - started
    return [ms for ms, _ in results], n / elapsed, sum(card for _, card in results)


def _races(url: str) -> list[dict[str, Any]]:
    """Every (track, series, season) with a starting grid: a /grid whose card is not cached."""
    with sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")) as db:
        rows = db.execute(
            "SELECT DISTINCT t.name, s.code, e.season FROM events e JOIN tracks t ON t.id = e.track_id "
            "JOIN series s ON s.id = e.series_id JOIN sessions x ON x.event_id = e.id AND x.kind = 'race' "
            "JOIN results r ON r.session_id = x.id AND r.start_position IS NOT NULL ORDER BY e.season DESC"
        ).fetchall()
    return [{"race": track, "series": code, "year": season} for track, code, season in rows]


async def _discord_figures(url: str, n: int) -> None:
    from tests.fakediscord.server import FakeDiscord

    fake = FakeDiscord(validate=False, timeout=60)
    await fake.start()
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--bot", fake.base_url, fake.gateway_url, url, str(fake.world.guild.id)
    )
    races = _races(url)
    try:
        await fake.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
        await fake.wait_for_frame(2)
        warm = {"race": "daytona 500", "series": "cup", "year": 2024}
        for card in (False, True):
            await _ask(fake, "grid", {**warm, "card": card})  # answer (and card) cached
        print(f"{'/grid (10 in flight)':44} {'latency':>30} {'req/s':>7} {'cards':>6}")
        used = 0
        for label, card, cold in (
            ("warm, card off", False, False),
            ("warm, card on (cached)", True, False),
            ("cold (a new race each), card off", False, True),
            ("cold (a new race each), card on", True, True),
        ):

            def options(i: int, card: bool = card, cold: bool = cold) -> dict[str, Any]:
                return {**(races[i % len(races)] if cold else warm), "card": card}

            latencies, rate, cards = await _rate(fake, "grid", options, n, offset=used)
            used += n if cold else 0
            print(f"{label:44} {_percentiles(latencies):>30} {rate:7.0f} {cards:6d}")
        for chart in (False, True):
            await _ask(fake, "results", {**MARTINSVILLE, "chart": chart})  # answer (and chart) cached
        for label, chart in (("/results, chart off", False), ("/results, chart on (cached)", True)):
            latencies, rate, charts = await _rate(
                fake, "results", lambda i, c=chart: {**MARTINSVILLE, "chart": c}, n
            )
            print(f"{label:44} {_percentiles(latencies):>30} {rate:7.0f} {charts:6d}")
        pole = {"track": "homestead"}
        await _ask(fake, "pole", pole)
        latencies, alone, _ = await _rate(fake, "pole", lambda i: pole, n)
        print(f"{'/pole alone':44} {_percentiles(latencies):>30} {alone:7.0f}")
        background = asyncio.create_task(
            _rate(fake, "grid", lambda i: {**races[i % len(races)], "card": True}, 10 * n, offset=used)
        )
        await asyncio.sleep(1.0)  # the cards are rendering
        latencies, beside, _ = await _rate(fake, "pole", lambda i: pole, n)
        print(
            f"{'/pole while cold /grid cards render':44} {_percentiles(latencies):>30} {beside:7.0f}  ({100 * beside / alone:.0f}% of alone)"
        )
        background.cancel()
    finally:
        child.terminate()
        await child.wait()
        await fake.close()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--bot":
        base, gateway, url, guild = sys.argv[2:6]
        asyncio.run(_bot(base, gateway, url, int(guild)))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="store URL with the history already imported")
    parser.add_argument("-n", type=int, default=300, help="commands per /grid case")
    parser.add_argument("--renders", type=int, default=100, help="draws per picture for render times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if url is None:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'history.db'}"
            asyncio.run(import_full_history(url, DATA / "nascar"))
        specs = asyncio.run(_specs(url))
        print(f"render time in this process, {args.renders} draws each:")
        for label, spec in specs.items():
            data = draw(spec)
            print(
                f"  {label:40} {_percentiles(_timed(partial(draw, spec), args.renders))}  {len(data) / 1024:4.0f} KB"
            )
        asyncio.run(_pool_figures(specs))
        asyncio.run(_discord_figures(url, args.n))


if __name__ == "__main__":
    main()
