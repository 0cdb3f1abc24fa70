"""Settings: defaults, environment, and the token never leaking."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import DEFAULT_DATABASE_URL, Settings

TOKEN = "MTIzNDU2Nzg5.secret-token-value"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "DEV_GUILD_ID", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_use_a_sqlite_file() -> None:
    """With nothing set the store is a local SQLite file and no token is needed."""
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.discord_token is None
    assert settings.database_url.startswith("sqlite+aiosqlite:///")


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """Environment variables fill every setting."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("DEV_GUILD_ID", "1234")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings()
    assert (settings.database_url, settings.dev_guild_id, settings.log_level) == (
        "postgresql+asyncpg://u@h/db",
        1234,
        "DEBUG",
    )


def test_dotenv_file_is_read(tmp_path) -> None:
    """A .env file in the working directory is read."""
    (tmp_path / ".env").write_text("DEV_GUILD_ID=42\nDISCORD_TOKEN=abc\n")
    settings = Settings()
    assert settings.dev_guild_id == 42
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == "abc"


def test_blank_guild_id_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty DEV_GUILD_ID line, as in .env.example, means no dev guild."""
    monkeypatch.setenv("DEV_GUILD_ID", "")
    assert Settings().dev_guild_id is None


def test_token_is_masked_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token appears in no repr, str or JSON dump of the settings."""
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    settings = Settings()
    for shown in (repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())):
        assert TOKEN not in shown


def test_token_is_not_in_validation_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad setting elsewhere does not print the token in the error."""
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "chatty")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert TOKEN not in str(caught.value)
    assert "log level" in str(caught.value)
