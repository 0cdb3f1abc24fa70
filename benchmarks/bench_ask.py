"""`racebot ask -` benchmark: how fast scripts can ask the bot many questions through the console.

Runs the installed entry point as a script would (`python -m bot.cli.main ask - --json`, one process,
commands on stdin) against the full history, and prints wall time, commands per second and how many
lines came back. The questions are real ones drawn from the store: every /pole is at a track that
held a race, every /driver names a driver who started one, so most are cold (new to the answer cache).

    .venv/bin/python benchmarks/bench_ask.py [--db sqlite+aiosqlite:///history.db] [-n 1000]

Without --db the full history in ../shared/data/nascar is imported into a temp SQLite file first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HISTORY = ROOT.parent / "shared" / "data" / "nascar"

from tests.fulldata import import_full_history  # noqa: E402  (needs ROOT on sys.path)


def _questions(path: Path, n: int) -> list[str]:
    """Half /pole (track and year of a real race), half /driver (a real driver), in a fixed random order."""
    with sqlite3.connect(path) as db:
        races = db.execute(
            "SELECT t.name, e.season FROM events e JOIN tracks t ON t.id = e.track_id WHERE e.season >= 1990"
        ).fetchall()
        drivers = [name for (name,) in db.execute("SELECT name FROM drivers ORDER BY id")]
    pick = random.Random(7)
    lines = []
    for i in range(n):
        if i % 2:
            track, season = pick.choice(races)
            lines.append(f"/pole track:{track} year:{season}")
        else:
            lines.append(f"/driver name:{pick.choice(drivers)}")
    return lines


def _ask(url: str, lines: list[str]) -> tuple[float, list[dict[str, object]]]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "ask", "-", "--json"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    return elapsed, [json.loads(line) for line in done.stdout.splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="SQLite store URL with the history already imported")
    parser.add_argument("-n", type=int, default=1000, help="commands to ask")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite+aiosqlite:///{Path(tmp) / 'history.db'}"
        if args.db is None:
            started = time.perf_counter()
            asyncio.run(import_full_history(url, HISTORY))
            print(f"imported the full history in {time.perf_counter() - started:.1f} s")
        path = Path(url.removeprefix("sqlite+aiosqlite:///"))
        one, _ = _ask(url, ["/ping"])
        print(f"start-up and one command (/ping): {one:.2f} s")
        lines = _questions(path, args.n)
        elapsed, answers = _ask(url, lines)
        replied = sum(bool(a.get("messages")) for a in answers)
        errors = sum(
            bool(m.get("flags", 0) & 64)  # type: ignore[union-attr,operator]
            for a in answers
            for m in a.get("messages", [])  # type: ignore[union-attr]
        )
        print(
            f"{len(lines)} commands in {elapsed:.2f} s ({len(lines) / elapsed:.0f}/s, start-up included); "
            f"{len(answers)} JSON lines, {replied} with a reply, {errors} of them ephemeral (no data / ambiguous)"
        )


if __name__ == "__main__":
    main()
