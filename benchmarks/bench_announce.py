"""Announcement fan-out: one race's grid to 2,000 channels against the fake Discord with its rate limits.

The fake answers as Discord does: 5 message requests per 5 s per channel, 50 bot requests a second in
all (a 429 with `Via` past either, which discord.py sleeps off and retries); the bot paces its posts
at 45 a second (ANNOUNCE_POSTS_PER_SECOND). The bot (same process as the fake) starts on a SQLite store
where 2,000 servers each follow the Truck Series in their own channel, with the bundled sample's race
five hours ahead and its lineup known, so the first pass posts everything. Needs no history: the
bundled sample is enough. Prints wall time (from the bot's ready to the pass's end), posts a second,
429s, peak RSS of the process (bot and fake together), and duplicates and losses, which must both be 0.

    .venv/bin/python benchmarks/bench_announce.py [-n 2000] [--db postgresql+asyncpg://...]
        [--global-per-s 0] [--posts-per-second 45]

`--global-per-s 0 --posts-per-second 10000` lifts both caps, to see what the bot itself sustains.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.client import RaceBot  # noqa: E402  (needs ROOT on sys.path)
from bot.config import Settings  # noqa: E402
from db.importers.sample import seed_if_empty  # noqa: E402
from db.store import open_store  # noqa: E402
from db.store.models import AnnounceChannel, GuildSettings  # noqa: E402
from tests.announce.world import SAMPLE_GREEN_FLAG  # noqa: E402
from tests.fakediscord.clock import FakeClock  # noqa: E402
from tests.fakediscord.harness import TEST_BOT_OPTIONS, InstantIdentify, start_bot  # noqa: E402
from tests.fakediscord.ratelimits import RateLimits  # noqa: E402
from tests.fakediscord.server import FakeDiscord  # noqa: E402

FIRST_GUILD = 700_000_000_000_000_000
FIRST_CHANNEL = 800_000_000_000_000_000


class BenchBot(InstantIdentify, RaceBot):
    pass


async def _follow_all(url: str, count: int) -> None:
    store = await open_store(url)
    try:
        await seed_if_empty(store)
        async with store.sessions.begin() as session:
            session.add_all(GuildSettings(guild_id=FIRST_GUILD + n, mode="lineup") for n in range(count))
            await session.flush()
            session.add_all(
                AnnounceChannel(guild_id=FIRST_GUILD + n, series_code="truck", channel_id=FIRST_CHANNEL + n)
                for n in range(count)
            )
    finally:
        await store.close()


async def bench(count: int, url: str, global_per_s: int | None, posts_per_second: float) -> None:
    await _follow_all(url, count)
    fake = FakeDiscord()
    fake.rate_limits = RateLimits(per_channel=5, window_s=5.0, global_per_s=global_per_s)
    await fake.start()
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    settings = Settings(
        _env_file=None, database_url=url, live_sync=False, announce_posts_per_second=posts_per_second
    )
    try:
        bot = BenchBot(settings, clock=clock.now, **TEST_BOT_OPTIONS)
        async with start_bot(fake, bot):
            assert bot.announcer is not None
            started = time.perf_counter()
            await bot.announcer.pass_done()
            wall = time.perf_counter() - started
            await bot.announcer.pass_done()  # a second pass must post nothing more
    finally:
        await fake.close()
    posted = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    accepted = Counter(r.json["nonce"] for r in posted if r.status == 200)
    per_channel = [len(fake.channel_messages(FIRST_CHANNEL + n)) for n in range(count)]
    duplicates = sum(n - 1 for n in accepted.values() if n > 1) + sum(n - 1 for n in per_channel if n > 1)
    losses = sum(1 for n in per_channel if n == 0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    limits = f"global limit: {global_per_s or 'none'}/s, paced at {posts_per_second:g}/s"
    print(f"channels            {count} ({limits})")
    print(f"wall time           {wall:.2f} s (ready to the end of the first pass)")
    print(f"posts/s             {sum(per_channel) / wall:.1f}")
    print(f"429s answered       {fake.rate_limits.limited}")
    print(f"peak RSS            {rss_mb:.0f} MB (bot and fake in one process)")
    print(f"duplicates          {duplicates}")
    print(f"losses              {losses}")
    if fake.problems():
        print("fake Discord problems:", *fake.problems()[:5], sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="channels (one server each)")
    parser.add_argument("--db", help="an empty store URL (default: a temp SQLite file)")
    parser.add_argument(
        "--global-per-s", type=int, default=50, help="the fake's global request limit; 0 for none"
    )
    parser.add_argument(
        "--posts-per-second",
        type=float,
        default=Settings.model_fields["announce_posts_per_second"].default,
        help="the bot's pace (ANNOUNCE_POSTS_PER_SECOND)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)  # each 429 is a warning; they are counted instead
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite+aiosqlite:///{folder}/announce.db"
        asyncio.run(bench(args.n, url, args.global_per_s or None, args.posts_per_second))


if __name__ == "__main__":
    main()
