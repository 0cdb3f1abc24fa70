"""Time the full-history import (all three series) into a fresh store; prints wall time and peak RSS.

    .venv/bin/python benchmarks/bench_import.py [--data DIR] [--postgres URL | --no-postgres]

Each backend runs in its own child process, so each peak RSS is that import's alone. The target on the
2-core reference machine is under 15 s and under 300 MB for SQLite. PostgreSQL is measured too when it
answers at the admin URL (a throwaway database is created and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "nascar"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
FILES = ("cup_series.csv.gz", "xfinity_series.csv.gz", "truck_series.csv.gz")


async def _import_once(url: str, data: Path) -> dict[str, float | int]:
    from db.importers.history.importer import import_history
    from db.store import open_store

    store = await open_store(url)
    started = time.perf_counter()
    report = await import_history(store, [data / name for name in FILES])
    seconds = time.perf_counter() - started
    await store.close()
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rows": report.rows_read,
        "results": report.results_added,
    }


async def _admin(url: str, sql: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


def _child(url: str, data: Path) -> dict[str, float | int]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", url, "--data", str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float | int] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _show(backend: str, result: dict[str, float | int]) -> None:
    print(
        f"{backend:<10} {result['seconds']:>6} s  peak RSS {result['peak_rss_mb']:>6} MB  "
        f"({result['rows']:,} rows read, {result['results']:,} results stored)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="directory with the nascaR.data files"
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="admin URL of a PostgreSQL server")
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_import_once(args.child, args.data))))
        return 0
    with tempfile.TemporaryDirectory(prefix="racebot-bench-") as directory:
        _show("sqlite", _child(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}", args.data))
    if args.no_postgres:
        return 0
    name = f"racebot_bench_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_admin(args.postgres, f'CREATE DATABASE "{name}"'))
    except Exception as error:  # any failure to connect means "no server here", not a failed benchmark
        print(f"postgres   skipped: {args.postgres} does not answer ({type(error).__name__})")
        return 0
    try:
        _show("postgres", _child(args.postgres.rsplit("/", 1)[0] + "/" + name, args.data))
    finally:
        asyncio.run(_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
