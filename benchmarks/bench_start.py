"""Start-up benchmark: how long a new racebot process takes to answer, and how big it is, on the full history.

Each row runs `racebot ask` in a new process, as a script or a restarted bot would, and prints its wall
time and peak RSS (p50 and max over the runs):

- `/ping` and `/pole homestead` with no start-up snapshot (every start rebuilds the names and race book
  from the store: the first start after new data);
- the same with the snapshot the first of them saved (every other start);
- the imports alone (`racebot --version` loads no data).

Targets (issue 22): `racebot ask "/pole homestead"` under 1.5 s wall with a snapshot; a process ready to
answer within 1.5 s of start.

    .venv/bin/python benchmarks/bench_start.py [--db URL] [-n 5]

Without --db the full history in ../shared/data/nascar is imported into a temp SQLite file first. With
a PostgreSQL --db the store is used as it is (import it first with `racebot import history`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HISTORY = ROOT.parent / "shared" / "data" / "nascar"

from tests.fulldata import import_full_history  # noqa: E402  (needs ROOT on sys.path)

RACEBOT = [sys.executable, "-m", "bot.cli.main"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one racebot process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*RACEBOT, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"racebot {' '.join(args)} failed: {process.stderr.read() if process.stderr else ''}"
        )
    return wall, usage.ru_maxrss / 1024


def _row(label: str, runs: list[tuple[float, float]]) -> None:
    walls, peaks = [w for w, _ in runs], [p for _, p in runs]
    print(
        f"{label:<44} {statistics.median(walls):7.2f} {max(walls):7.2f} "
        f"{statistics.median(peaks):8.1f} {max(peaks):8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store URL (default: import the full history into a temp SQLite file)")
    parser.add_argument("-n", type=int, default=5, help="runs per row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        url = args.db
        if url is None:
            url = f"sqlite+aiosqlite:///{Path(work) / 'history.db'}"
            print("importing the full history into a temp SQLite file ...", flush=True)
            asyncio.run(import_full_history(url, HISTORY))
        snapshots = Path(work) / "snapshots"
        base = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT), "LIVE_SYNC": "false"}
        cold = {**base, "SNAPSHOT_FOLDER": ""}
        warm = {**base, "SNAPSHOT_FOLDER": str(snapshots)}
        _run(["ask", "/ping"], warm)  # saves the snapshot the warm rows load
        print(f"{'process':<44} {'p50 s':>7} {'max s':>7} {'p50 MB':>8} {'max MB':>8}")
        _row("imports only (racebot --version)", [_run(["--version"], base) for _ in range(args.n)])
        for command in ("/ping", "/pole homestead"):
            _row(
                f'ask "{command}", rebuilt from the store',
                [_run(["ask", command], cold) for _ in range(args.n)],
            )
            _row(f'ask "{command}", from the snapshot', [_run(["ask", command], warm) for _ in range(args.n)])
        size = sum(path.stat().st_size for path in snapshots.glob("*.pickle")) / 2**20
        print(f"snapshot: {size:.1f} MB on disk")


if __name__ == "__main__":
    main()
