"""The Dockerfile: what it builds (read from the file), and what the image runs, run here without a
container engine: its entrypoint with the image's environment against the fake Discord, first on an
empty store (PostgreSQL as compose.yaml gives it, or SQLite in the /data volume), then its health check."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.cli.process import ROOT, racebot_command, racebot_env
from tests.conftest import POSTGRES_ADMIN_URL, require
from tests.fakediscord.server import FakeDiscord

TOKEN = "image-test-token"
# The entrypoint with discord.py pointed at the fake (as tests/e2e/test_run_process.py does); the
# image's arguments follow.
ENTRYPOINT = """
import signal, sys, yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
signal.signal(signal.SIGINT, signal.default_int_handler)
Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = sys.argv[1], yarl.URL(sys.argv[2])
from bot.cli.main import main
raise SystemExit(main(sys.argv[3:]))
"""


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def last(keyword: str) -> str:
    return [value for kind, value in instructions() if kind == keyword][-1]


def exec_form(value: str) -> list[str]:
    """An instruction's JSON array (exec form, no shell), e.g. CMD ["run"]."""
    parsed = json.loads(value)
    assert isinstance(parsed, list)
    return [str(part) for part in parsed]


def image_environment() -> dict[str, str]:
    """The final stage's ENV settings."""
    final = instructions()
    final = final[max(i for i, (kind, _) in enumerate(final) if kind == "FROM") :]
    env: dict[str, str] = {}
    for kind, value in final:
        if kind == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(value))  # type: ignore[arg-type]
    return env


def test_a_slim_python_base_with_the_extras_and_no_root() -> None:
    """Both stages on python:3.11-slim; the package with its postgres and parquet extras; the final
    stage runs as a named user, not root."""
    bases = [value.split()[0] for kind, value in instructions() if kind == "FROM"]
    assert bases == ["python:3.11-slim", "python:3.11-slim"]
    runs = " ".join(value for kind, value in instructions() if kind == "RUN")
    assert '".[postgres,parquet]"' in runs and '"racebot[postgres,parquet]"' in runs
    assert last("USER") not in ("root", "0") and "useradd --system --uid 10001 --user-group" in runs


def test_the_store_is_in_a_volume_and_settings_in_the_environment() -> None:
    """The default SQLite store lands under the /data volume; the health port is on for the check."""
    env = image_environment()
    assert exec_form(last("VOLUME")) == ["/data"]
    assert env["XDG_DATA_HOME"] == "/data" and env["XDG_CONFIG_HOME"].startswith("/data/")
    assert env["METRICS_PORT"].isdigit() and env["METRICS_HOST"] == "0.0.0.0"
    assert last("EXPOSE") == env["METRICS_PORT"]


def test_it_runs_the_bot_checks_itself_and_stops_cleanly() -> None:
    assert exec_form(last("ENTRYPOINT")) == ["racebot"]
    assert exec_form(last("CMD")) == ["run"]
    check = last("HEALTHCHECK")
    assert re.search(r"--start-period=\d+s", check)
    assert exec_form(check.split(" CMD ", 1)[1]) == ["racebot", "health"]
    assert last("STOPSIGNAL") == "SIGINT"


def test_the_build_context_holds_what_the_dockerfile_copies() -> None:
    """Each COPY source is let through .dockerignore (which keeps .venv, .git and stores out)."""
    allowed = {
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    sources = {
        source
        for kind, value in instructions()
        if kind == "COPY" and not value.startswith("--from")
        for source in value.split()[:-1]
    }
    assert sources == allowed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def _admin(sql: str) -> None:
    engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


async def _postgres_answers() -> bool:
    try:
        await _admin("SELECT 1")
    except Exception:
        return False
    return True


@pytest.fixture(params=["volume", "postgres"])
async def first_start(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    """The settings of a first start on an empty store: the SQLite file in the /data volume (a plain
    `docker run`), or a new PostgreSQL database (compose.yaml's). The image's paths are made under tmp."""
    if request.param == "volume":
        yield {}
        return
    require(await _postgres_answers(), "PostgreSQL does not answer at 127.0.0.1:5432")
    name = f"racebot_image_{tmp_path.name[-8:].replace('-', '_').lower()}_{free_port()}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name}
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def racebot(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *racebot_command(*args),
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_the_image_starts_on_an_empty_store_and_is_healthy(
    fake_discord: FakeDiscord, first_start: dict[str, str], tmp_path: Path
) -> None:
    """Entrypoint and command as the image runs them: the store is created and migrated, the bot gets
    ready; the health check then exits 0, `racebot ask` answers from the same store, SIGINT stops it
    (130), and the health check says 2 once nothing answers. METRICS_PORT is a free port here, not the
    image's, which may be taken on a shared machine."""
    image_env = {
        key: value.replace("/data", str(tmp_path / "data")) for key, value in image_environment().items()
    }
    env = racebot_env(
        "", **{**image_env, "METRICS_PORT": str(free_port())}, DISCORD_TOKEN=TOKEN, **first_start
    )
    if "DATABASE_URL" not in first_start:
        del env["DATABASE_URL"]  # the image's default: the SQLite file under XDG_DATA_HOME, the volume
    entry = [*exec_form(last("ENTRYPOINT")), *exec_form(last("CMD"))]
    assert entry[0] == "racebot"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ENTRYPOINT, fake_discord.base_url, fake_discord.gateway_url, *entry[1:],
        env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    log: list[str] = []
    try:
        async with asyncio.timeout(90):
            while not log or "ready as" not in log[-1]:
                line = await process.stderr.readline()
                assert line, "racebot run ended early:\n" + "".join(log)
                log.append(line.decode())
        check = exec_form(last("HEALTHCHECK").split(" CMD ", 1)[1])
        healthy = await racebot(*check[1:], env=env)
        asked = await racebot("ask", "/pole homestead", env=env)
    finally:
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            log.append((await process.stderr.read()).decode())
            await process.wait()
    stopped = await racebot(*check[1:], env=env)
    assert healthy[0] == 0, healthy
    assert json.loads(healthy[1])["ready"] is True
    assert asked[0] == 0 and "Corey Heim" in asked[1]
    assert process.returncode == 130
    assert stopped[0] == 2 and "no answer from" in stopped[2]
    text_log = "".join(log)
    assert TOKEN not in text_log
    if "DATABASE_URL" in first_start:
        engine = create_async_engine(first_start["DATABASE_URL"])
        try:
            async with engine.connect() as connection:
                migrated = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        finally:
            await engine.dispose()
        assert migrated  # the first start created and migrated the empty database
    else:
        assert (tmp_path / "data" / "racebot" / "racebot.db").is_file()
        assert f"store sqlite+aiosqlite:///{tmp_path / 'data' / 'racebot' / 'racebot.db'}" in text_log
