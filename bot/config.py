"""Settings read from the environment and `.env`; built in `main()`, never at import."""

from __future__ import annotations

import logging

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///racebot.db"


class Settings(BaseSettings):
    """Everything the bot can be told; the token is a SecretStr so it never prints."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token; only `racebot run` and `racebot sync-commands` need it"
    )
    database_url: str = Field(default=DEFAULT_DATABASE_URL, description="SQLAlchemy async URL")
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

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value
