"""Several `racebot run` processes on one PostgreSQL store holding the full history, against the fake Discord.

Phase 1 runs one process holding both shards of two; phase 2 two processes, one shard each. Each phase
prints every process's start-to-ready time (spawn to its "ready as" line) and peak RSS, and the
throughput of answers with 10 interactions in flight, spread over servers on both shards: a third each
/ping, /pole homestead, and /pole at a track and season never asked before (/driver is left out: its
career chart is drawn by picture workers at about 0.7 CPU-seconds each, which would measure the
pictures). Beside it, the CPU seconds each process (with its picture workers) used meanwhile, and the
fake's (this process, driving the load on the same cores); PostgreSQL's own CPU is not counted. Phase 2
then publishes the lineup of a race 2,000 servers follow (1,000 on each shard) and times the fan-out
by the two processes under Discord's global limit of 50 requests a second, which the fake enforces
over every request of both: wall time, posts a second, global 429s, duplicates, losses.

    .venv/bin/python benchmarks/bench_shards.py [--db postgresql+asyncpg://.../history] [-n 1500]
        [--channels 2000] [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test]

Without --db the full history in ../shared/data/nascar is imported once into the database
racebot_bench_history (kept for the next run); every run works on a copy made from it, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HISTORY = ROOT.parent / "shared" / "data" / "nascar"

from sqlalchemy import select, text, update  # noqa: E402  (needs ROOT on sys.path)
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from db.store import open_store  # noqa: E402
from db.store.models import AnnounceChannel, Event, GuildSettings, Series, Track  # noqa: E402
from db.store.state import data_version  # noqa: E402
from tests.announce.world import set_grid  # noqa: E402
from tests.e2e.processes import RacebotProcess, servers_on_every_shard  # noqa: E402
from tests.fakediscord.ratelimits import RateLimits  # noqa: E402
from tests.fakediscord.server import FakeDiscord  # noqa: E402
from tests.fakediscord.sessions import SessionLimits  # noqa: E402
from tests.fulldata import import_full_history  # noqa: E402

IN_FLIGHT = 10
HISTORY_DB = "racebot_bench_history"
SCRATCH_DB = "racebot_bench_shards"
FIRST_CHANNEL = 10**15
READY = r"ready as \S+: \d+ servers"
TICKS = os.sysconf("SC_CLK_TCK")


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


async def _admin(admin_url: str, *statements: str) -> bool:
    """Run `statements` on the server (CREATE/DROP DATABASE); whether the last one returned a row."""
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for sql in statements:
                result = await connection.execute(text(sql))
            return result.returns_rows and result.first() is not None
    finally:
        await engine.dispose()


async def _history(admin_url: str) -> str:
    """The database holding the full history: imported into racebot_bench_history on first use."""
    url = _with_database(admin_url, HISTORY_DB)
    if await _admin(admin_url, f"SELECT 1 FROM pg_database WHERE datname = '{HISTORY_DB}'"):
        store = await open_store(url)
        imported = await data_version(store.sessions) > 0
        await store.close()
        if imported:
            return url
        await _admin(admin_url, f'DROP DATABASE "{HISTORY_DB}" WITH (FORCE)')
    await _admin(admin_url, f'CREATE DATABASE "{HISTORY_DB}"')
    started = time.perf_counter()
    await import_full_history(url, HISTORY)
    print(f"imported the full history into {HISTORY_DB} in {time.perf_counter() - started:.0f} s")
    return url


async def _followed_race(url: str, channels: int) -> tuple[int, dict[int, int | None]]:
    """The last Truck race moved to three hours from now with its lineup taken away (returned, to be
    published later), and `channels` servers over two shards following the Truck Series."""
    store = await open_store(url)
    try:
        async with store.sessions.begin() as session:
            event_id = await session.scalar(
                select(Event.id)
                .join(Series)
                .where(Series.code == "truck")
                .order_by(Event.start_time_utc.desc().nulls_last())
            )
            assert event_id is not None
            ahead = datetime.now(UTC) + timedelta(hours=3)
            await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=ahead))
            guilds = [(2**40 + n) << 22 for n in range(channels)]  # shard n % 2
            session.add_all(GuildSettings(guild_id=guild, mode="lineup") for guild in guilds)
            await session.flush()
            session.add_all(
                AnnounceChannel(guild_id=guild, series_code="truck", channel_id=FIRST_CHANNEL + n)
                for n, guild in enumerate(guilds)
            )
        lineup = await set_grid(store, event_id, {})
    finally:
        await store.close()
    return event_id, lineup


async def _poles_asked(url: str) -> list[dict[str, Any]]:
    """Every (track, season) with a race, shuffled: a pole question never asked before, each time."""
    store = await open_store(url)
    try:
        async with store.sessions() as session:
            rows = (await session.execute(select(Track.name, Event.season).join(Event).distinct())).all()
    finally:
        await store.close()
    asked = [{"track": track, "year": season} for track, season in sorted(rows)]
    random.Random(22).shuffle(asked)
    return asked


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state is [0], ppid [1], utime [11])."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_s(pid: int) -> float:
    """CPU seconds of a process and every live process under it (its picture workers draw elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue  # ended meanwhile
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = _stat(current)
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
        todo.extend(children.get(current, []))
    return total


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _start(
    fake: FakeDiscord, url: str, layouts: list[tuple[str, str]], running: list[RacebotProcess]
) -> list[RacebotProcess]:
    """Start processes (shard ids, count) together; print each one's spawn-to-ready time."""
    loop = asyncio.get_running_loop()
    spawned = loop.time()
    processes = await asyncio.gather(
        *(
            RacebotProcess.start(
                fake, url, "--shards", ids, "--shard-count", count, name=f"shards {ids} of {count}"
            )
            for ids, count in layouts
        )
    )
    running.extend(processes)
    readies = await asyncio.gather(*(process.wait_for(READY, timeout=180) for process in processes))
    for process, ready in zip(processes, readies, strict=True):
        print(f"  {process.name:16} start to ready {ready.at - spawned:6.2f} s")
    return processes


async def _answers(
    fake: FakeDiscord, processes: list[RacebotProcess], n: int, cold: list[dict[str, Any]]
) -> None:
    """`n` interactions, 10 in flight, over servers on both shards: answers a second and CPU used."""
    servers = fake.world.guilds[1:]
    kinds: list[Callable[[int], tuple[str, dict[str, Any]]]] = [
        lambda i: ("ping", {}),
        lambda i: ("pole", {"track": "homestead"}),
        lambda i: ("pole", cold[i % len(cold)]),
    ]
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(i: int) -> None:
        name, options = kinds[i % 3](i)
        server = servers[i % len(servers)]
        async with gate:
            payload = fake.command_payload(name, options, guild=server, channel=server.channels[0])
            since = len(fake.requests)
            await fake.dispatch_interaction(payload)
            await fake.reply_to(payload, since=since)

    for i in range(30):  # warm up: connections, first answers
        await one(i)
    cpu = [_cpu_s(process.process.pid) for process in processes]
    own = _own_cpu_s()
    started = time.perf_counter()
    await asyncio.gather(*(one(30 + i) for i in range(n)))
    wall = time.perf_counter() - started
    used = [_cpu_s(process.process.pid) - before for process, before in zip(processes, cpu, strict=True)]
    print(f"  answers           {n / wall:8.0f} /s ({n} in {wall:.1f} s, {IN_FLIGHT} in flight)")
    for process, seconds in zip(processes, used, strict=True):
        print(f"  {process.name:16} CPU {seconds:6.1f} s ({seconds / wall:4.0%} of a core)")
    print(f"  fake (this process) CPU {_own_cpu_s() - own:6.1f} s")


async def _fan_out(
    fake: FakeDiscord, url: str, event_id: int, lineup: dict[int, int | None], channels: int
) -> None:
    """Publish the lineup; wait for every channel's post; print the fan-out's figures."""
    store = await open_store(url)
    try:
        since = len(fake.requests)
        started = time.perf_counter()
        await set_grid(store, event_id, lineup)
    finally:
        await store.close()
    posted: set[str] = set()

    def every_channel_posted(request: Any) -> bool:  # offered each request once, in order
        if request.method == "POST" and request.path.endswith("/messages") and request.status == 200:
            posted.add(request.path)
        return len(posted) >= channels

    await fake.wait_for(every_channel_posted, timeout=600, since=since)
    wall = time.perf_counter() - started
    sends = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    first_post = min(r.at for r in sends if r.status == 200)
    last_post = max(r.at for r in sends if r.status == 200)
    accepted = Counter(r.json["nonce"] for r in sends if r.status == 200)
    per_channel = [len(fake.channel_messages(FIRST_CHANNEL + n)) for n in range(channels)]
    assert fake.rate_limits is not None
    print(
        f"  fan-out           {channels} channels in {wall:.1f} s from the commit ({channels / (last_post - first_post):.1f} posts/s first to last post)"
    )
    print(f"  global 429s       {fake.rate_limits.global_limited}")
    print(
        f"  duplicates        {sum(n - 1 for n in accepted.values() if n > 1) + sum(n - 1 for n in per_channel if n > 1)}"
    )
    print(f"  losses            {sum(1 for n in per_channel if n == 0)}")


async def _phase(
    title: str,
    fake: FakeDiscord,
    url: str,
    layouts: list[tuple[str, str]],
    n: int,
    cold: list[dict[str, Any]],
    running: list[RacebotProcess],
) -> list[RacebotProcess]:
    print(f"{title} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    processes = await _start(fake, url, layouts, running)
    await _answers(fake, processes, n, cold)
    return processes


async def _stop(processes: list[RacebotProcess]) -> None:
    for process in processes:
        print(f"  {process.name:16} peak RSS {_peak_rss_mb(process.process.pid):6.0f} MB")
    await asyncio.gather(*(process.stop() for process in processes))


async def bench(admin_url: str, history_url: str | None, n: int, channels: int) -> None:
    source = history_url or await _history(admin_url)
    source_name = source.rsplit("/", 1)[1]
    await _admin(
        admin_url,
        f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)',
        f'CREATE DATABASE "{SCRATCH_DB}" TEMPLATE "{source_name}"',
    )
    url = _with_database(admin_url, SCRATCH_DB)
    fake = FakeDiscord(validate=False, timeout=60)
    running: list[RacebotProcess] = []
    try:
        event_id, lineup = await _followed_race(url, channels)
        cold = await _poles_asked(url)
        servers_on_every_shard(fake.world, 2, 4)
        fake.session_limits = SessionLimits(recommended_shards=2, max_concurrency=1, window_s=0.5)
        fake.rate_limits = RateLimits(global_per_s=50, every_request=True)
        await fake.start()
        one = await _phase("one process, shards 0-1 of 2", fake, url, [("0-1", "2")], n, cold, running)
        await _stop(one)
        two = await _phase(
            "two processes, shard 0 and shard 1 of 2",
            fake,
            url,
            [("0", "2"), ("1", "2")],
            n,
            cold,
            running,
        )
        await _fan_out(fake, url, event_id, lineup, channels)
        await _stop(two)
        limits = fake.session_limits
        print(f"identifies: {len(limits.identifies)} for 4 shard starts; op 9: {limits.invalid_sessions}")
    finally:
        for process in running:  # none left behind, whatever failed
            if process.process.returncode is None:
                process.kill()
                await process.ended()
        await fake.close()
        await _admin(admin_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a PostgreSQL database holding the full history (copied, not changed)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("RACEBOT_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
        help="a database on the server to create the benchmark's databases from (as a superuser)",
    )
    parser.add_argument("-n", type=int, default=1500, help="interactions per phase")
    parser.add_argument("--channels", type=int, default=2000, help="servers following the race (fan-out)")
    args = parser.parse_args()
    asyncio.run(bench(args.postgres, args.db, args.n, args.channels))


if __name__ == "__main__":
    main()
