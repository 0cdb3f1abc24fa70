"""compose.yaml: read as YAML and checked for what a first `docker compose up` relies on; and, where a
compose tool is installed, checked by it too (`docker compose config`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_the_bot_starts_only_once_postgresql_is_healthy(compose: dict[str, Any]) -> None:
    """The database has a health check, and the bot waits for it (not merely for its container)."""
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"].split(":")[0] == "postgres" and db["image"].split(":")[1].split("-")[0] in ("15", "16")
    assert db["healthcheck"]["test"][0] == "CMD-SHELL" and "pg_isready" in db["healthcheck"]["test"][1]
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_settings_come_from_the_env_file_and_the_store_is_the_compose_database(
    compose: dict[str, Any],
) -> None:
    """The token and every other setting from .env; DATABASE_URL names the db service with asyncpg, as
    racebot requires, with the role and database the db service creates."""
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert bot["env_file"] in (".env", [".env"])
    url = make_url(bot["environment"]["DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "secret"))
    assert (url.drivername, url.host, url.port) == ("postgresql+asyncpg", "db", 5432)
    assert (url.username, url.database) == (
        db["environment"]["POSTGRES_USER"],
        db["environment"]["POSTGRES_DB"],
    )
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_the_health_port_is_on_whatever_env_says(compose: dict[str, Any]) -> None:
    """The image's health check asks METRICS_PORT: compose sets it (and the address the port mapping
    reaches) over .env, where a copy of .env.example leaves it empty."""
    environment = compose["services"]["bot"]["environment"]
    assert (environment["METRICS_HOST"], environment["METRICS_PORT"]) == ("0.0.0.0", "8080")
    assert compose["services"]["bot"]["ports"] == ["127.0.0.1:8080:8080"]


def test_both_stores_live_in_named_volumes(compose: dict[str, Any]) -> None:
    """Each volume mounted is a named one declared at the top, so `down` and a rebuild keep the data."""
    declared = set(compose["volumes"])
    mounts = {
        service: [volume.split(":")[0] for volume in spec.get("volumes", [])]
        for service, spec in compose["services"].items()
    }
    assert mounts == {"db": ["pgdata"], "bot": ["racebot-data"]}
    assert set(mounts["db"] + mounts["bot"]) <= declared
    assert "/var/lib/postgresql/data" in compose["services"]["db"]["volumes"][0]
    assert compose["services"]["bot"]["volumes"][0].endswith(":/data")


def test_the_bot_is_built_here_and_restarts(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["build"] == "." and (ROOT / "Dockerfile").is_file()
    assert {compose["services"][name]["restart"] for name in ("db", "bot")} == {"unless-stopped"}


def _compose_tool() -> list[str] | None:
    """`docker compose` (the plugin) or the older `docker-compose`, whichever is installed."""
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_the_compose_tool_accepts_it(tmp_path: Path) -> None:
    """`docker compose config` parses, validates and interpolates the file without an engine.

    Skipped, in CI too, where no compose tool is installed: it is not a Python package the test extras
    could install, and the checks above read the same file on every machine.
    """
    tool = _compose_tool()
    if tool is None:
        pytest.skip(
            "neither `docker compose` nor `docker-compose` is installed (the YAML checks above still ran)"
        )
    for name in ("compose.yaml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    # .env as an operator makes it: a copy of .env.example, token and password filled in.
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    filled = example.replace("DISCORD_TOKEN=\n", "DISCORD_TOKEN=not-a-token\n")
    (tmp_path / ".env").write_text(filled.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=abc123\n"))
    checked = subprocess.run([*tool, "config"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    config = yaml.safe_load(checked.stdout)
    bot = config["services"]["bot"]
    assert bot["environment"]["DATABASE_URL"] == "postgresql+asyncpg://racebot:abc123@db:5432/racebot"
    assert bot["environment"]["DISCORD_TOKEN"] == "not-a-token"
    assert bot["environment"]["METRICS_PORT"] == "8080"  # not .env.example's empty value
    (tmp_path / ".env").write_text("DISCORD_TOKEN=not-a-token\n", encoding="utf-8")
    unset = subprocess.run([*tool, "config"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert unset.returncode != 0 and "POSTGRES_PASSWORD" in unset.stderr
