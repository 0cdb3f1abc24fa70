"""Running `racebot` as an operator does: its own process, its own environment, its exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def racebot_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment with the repo importable, a store URL, and no token unless given."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISCORD_TOKEN", "LOG_LEVEL")}
    env.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "LIVE_SYNC": "false", **extra})
    return env


def racebot_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli.main", *args]


def run_racebot(
    *args: str, env: dict[str, str], cwd: Path, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        racebot_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
