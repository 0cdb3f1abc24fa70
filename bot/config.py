"""Settings read from the environment and the settings files; built in `main()`, never at import.

Nothing here depends on the working directory: the default store lives in the user's data folder and
the settings file in the user's config folder (XDG base directories), so `racebot` started from a
service, cron or another folder opens the same store with the same settings. A `.env` in the working
directory is not read unless RACEBOT_ENV_FILE names it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from db.importers.history.fetch import PUBLIC_HISTORY_BASE
from db.store import shown_url
from kernel.shards import ShardSet, parse_shard_ids, shown_shard_ids

APP_FOLDER = "racebot"
NEEDS_COUNT = "needs SHARD_COUNT (--shard-count) too, the same in every process"
ENV_FILE_VARIABLE = "RACEBOT_ENV_FILE"


class ConfigError(Exception):
    """A setting, a settings file or the store's folder cannot be used; the text says which and why."""


def _base_folder(variable: str, fallback: str) -> Path:
    """An XDG base directory: the variable when it holds an absolute path (the spec ignores others)."""
    value = Path(os.environ.get(variable, ""))
    return value if value.is_absolute() else Path.home() / fallback


def data_folder() -> Path:
    """Where the default store lives: $XDG_DATA_HOME/racebot, by default ~/.local/share/racebot."""
    return _base_folder("XDG_DATA_HOME", ".local/share") / APP_FOLDER


def cache_folder() -> Path:
    """Where start-up snapshots live: $XDG_CACHE_HOME/racebot, by default ~/.cache/racebot."""
    return _base_folder("XDG_CACHE_HOME", ".cache") / APP_FOLDER


def user_settings_file() -> Path:
    """The per-user settings file: $XDG_CONFIG_HOME/racebot/.env, by default ~/.config/racebot/.env."""
    return _base_folder("XDG_CONFIG_HOME", ".config") / APP_FOLDER / ".env"


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{data_folder() / 'racebot.db'}"


def settings_files() -> tuple[Path, ...]:
    """The settings files to read, a later one winning: the user's file if present, then the file
    RACEBOT_ENV_FILE names, which must exist (a mistyped path is not silently skipped)."""
    user_file = user_settings_file()
    files = [user_file] if user_file.is_file() else []
    named = os.environ.get(ENV_FILE_VARIABLE, "").strip()
    if named:
        named_file = Path(named).expanduser().resolve()
        if not named_file.is_file():
            raise ConfigError(f"{ENV_FILE_VARIABLE} names {named_file}, which is not a file")
        files.append(named_file)
    return tuple(files)


class Settings(BaseSettings):
    """Everything the bot can be told; the token is a SecretStr so it never prints.

    `Settings()` reads the environment only; `Settings.load()` adds the settings files, as `racebot` does.
    Environment variables win over the files.
    """

    model_config = SettingsConfigDict(env_file=None, env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token; only `racebot run` and `racebot sync-commands` need it"
    )
    database_url: str = Field(default_factory=default_database_url, description="SQLAlchemy async URL")
    dev_guild_id: int | None = Field(default=None, description="Guild that gets commands synced at start-up")
    log_level: str = Field(default="INFO", description="Python logging level name")
    live_sync: bool = Field(default=True, description="Keep the current season fresh from NASCAR's feed")
    sync_interval_minutes: float = Field(default=5.0, gt=0, description="Live-sync period on race weekends")
    sync_idle_interval_minutes: float = Field(default=180.0, gt=0, description="Live-sync period otherwise")
    store_poll_seconds: float = Field(default=15.0, gt=0, description="How often to look for new imports")
    feed_base_url: str = Field(default="https://cf.nascar.com/cacher", description="NASCAR feed base URL")
    announce_grace_minutes: float = Field(
        default=30.0, ge=0, description="A grid post missed while the bot was down still goes out this late"
    )
    announce_posts_per_second: float = Field(
        default=45.0,
        gt=0,
        description="Discord requests a second announcements go out at: under the bot's global limit of 50",
    )
    discord_app_id: int | None = Field(
        default=None, description="Application id for `racebot invite` (else asked of Discord with the token)"
    )
    log_format: Literal["text", "json"] = Field(default="text", description="json: one JSON object a line")
    metrics_port: int | None = Field(
        default=None, ge=0, le=65535, description="Port of /healthz, /readyz and /metrics; unset: off"
    )
    metrics_host: str = Field(default="127.0.0.1", description="Address the health and metrics port binds")
    history_refresh_hours: float = Field(
        default=168.0, ge=0, description="Hours between history downloads inside the bot; 0: never"
    )
    history_base_url: str = Field(
        default=PUBLIC_HISTORY_BASE, description="Where the published history files are downloaded from"
    )
    shard_count: int | None = Field(
        default=None,
        ge=1,
        description="Shards of the whole bot; unset: Discord's recommendation, asked at start",
    )
    shard_ids: str | None = Field(
        default=None,
        description="The shards this process runs, e.g. 0-3 or 0,2; unset: all (needs SHARD_COUNT)",
    )
    identify_spacing_seconds: float = Field(
        default=5.0, gt=0, description="Discord's window for one IDENTIFY per max_concurrency bucket"
    )
    coordination_check_seconds: float = Field(
        default=10.0,
        gt=0,
        description="On PostgreSQL: how often a process checks its own connection and tries to take over "
        "the live sync (a dead leader is replaced within this)",
    )
    snapshot_folder: Path | None = Field(
        default_factory=cache_folder,
        description="Folder of start-up snapshots of the race book and names (a cache); empty: none",
    )
    _files: tuple[Path, ...] = PrivateAttr(default=())

    @classmethod
    def load(cls) -> Settings:
        """The settings of this process: environment, then settings files. The default store's folder
        is made here, so a first run anywhere creates the one store instead of failing."""
        files = settings_files()
        settings = cls(_env_file=files)
        settings._files = files
        if settings.database_url == default_database_url():
            try:
                data_folder().mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ConfigError(
                    f"cannot create the store's folder {data_folder()} ({error.strerror}); "
                    "set DATABASE_URL or XDG_DATA_HOME"
                ) from error
        return settings

    @property
    def files(self) -> tuple[Path, ...]:
        """The settings files that were read (by `load`), in the order read."""
        return self._files

    def sources(self) -> str:
        """Which store and which settings files, for the operator; the URL's password is masked."""
        files = ", ".join(map(str, self._files)) or "none (environment only)"
        return f"store {shown_url(self.database_url)}; settings files: {files}"

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        name = value.upper()
        if not isinstance(logging.getLevelName(name), int):
            raise ValueError(f"unknown log level {value!r}")
        return name

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        """A token of only spaces (an unfilled .env line) is no token; stray spaces around one are dropped."""
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("dev_guild_id", "discord_app_id", "metrics_port", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("shard_count", "shard_ids", "snapshot_folder", mode="before")
    @classmethod
    def _no_value_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids")
    @classmethod
    def _shard_list(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Written back as read (`0-3,8`); ValueError says what is wrong with the list or the count."""
        if value is None:
            return None
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError(NEEDS_COUNT)
        return shown_shard_ids(ShardSet(count, parse_shard_ids(value)).ids)

    def shards(self, recommended: int) -> ShardSet:
        """The shards this process runs: SHARD_IDS of SHARD_COUNT, or of `recommended` (Discord's)
        when SHARD_COUNT is unset, all of them when SHARD_IDS is."""
        count = self.shard_count or recommended
        ids = parse_shard_ids(self.shard_ids) if self.shard_ids is not None else tuple(range(count))
        return ShardSet(count, ids)

    def with_shards(self, *, ids: str | None, count: int | None) -> Settings:
        """These settings with the shards given on the command line, which win over SHARD_IDS and
        SHARD_COUNT; validated as the settings are (ValidationError)."""
        given = {
            name: value for name, value in (("shard_ids", ids), ("shard_count", count)) if value is not None
        }
        changed = type(self).model_validate({**self.model_dump(), **given})
        changed._files = self._files
        return changed
