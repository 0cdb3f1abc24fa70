"""Settings: defaults, environment, and the token never leaking."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import ConfigError, Settings

TOKEN = "MTIzNDU2Nzg5.secret-token-value"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A home of its own in a temp dir, without XDG folders set, and no racebot settings in the environment."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    for name in (
        "DISCORD_TOKEN", "DATABASE_URL", "DEV_GUILD_ID", "LOG_LEVEL",
        "XDG_DATA_HOME", "XDG_CONFIG_HOME", "RACEBOT_ENV_FILE",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def test_default_store_is_in_the_users_data_folder(tmp_path: Path) -> None:
    """With nothing set the store is ~/.local/share/racebot/racebot.db and no token is needed."""
    settings = Settings()
    store = tmp_path / "home" / ".local" / "share" / "racebot" / "racebot.db"
    assert settings.database_url == f"sqlite+aiosqlite:///{store}"
    assert settings.discord_token is None


def test_xdg_data_home_moves_the_default_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """XDG_DATA_HOME, when absolute, is where the store's folder goes; a relative one is ignored."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Settings().database_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'racebot' / 'racebot.db'}"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    assert Settings().database_url.startswith(f"sqlite+aiosqlite:///{tmp_path / 'home'}/")


def test_load_makes_the_default_stores_folder(tmp_path: Path) -> None:
    """A first run creates the data folder so the store can be made there; the store itself is not."""
    Settings.load()
    folder = tmp_path / "home" / ".local" / "share" / "racebot"
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_load_leaves_folders_alone_for_another_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With DATABASE_URL set, no data folder is made."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'elsewhere.db'}")
    Settings.load()
    assert not (tmp_path / "home").exists()


def test_unwritable_data_folder_is_a_configuration_error(tmp_path: Path) -> None:
    """A home where the data folder cannot be made is one clear error naming the folder."""
    (tmp_path / "home").write_text("a file where a folder should be")
    with pytest.raises(ConfigError, match=r"cannot create the store's folder .*racebot"):
        Settings.load()


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


def test_users_settings_file_is_read(tmp_path: Path) -> None:
    """~/.config/racebot/.env is read by `load`, and named in what the settings came from."""
    user_file = tmp_path / "home" / ".config" / "racebot" / ".env"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("DEV_GUILD_ID=42\nDISCORD_TOKEN=abc\n")
    settings = Settings.load()
    assert settings.dev_guild_id == 42
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == "abc"
    assert settings.files == (user_file,)
    assert str(user_file) in settings.sources()


def test_dotenv_in_the_working_directory_is_not_read(tmp_path: Path) -> None:
    """A .env where racebot happens to be started does not change its settings."""
    (tmp_path / ".env").write_text("DEV_GUILD_ID=42\n")
    settings = Settings.load()
    assert (settings.dev_guild_id, settings.files) == (None, ())


def test_racebot_env_file_wins_over_the_users_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The file RACEBOT_ENV_FILE names is read after the user's file, so its values win."""
    user_file = tmp_path / "home" / ".config" / "racebot" / ".env"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("DEV_GUILD_ID=1\nLOG_LEVEL=debug\n")
    named = tmp_path / "service.env"
    named.write_text("DEV_GUILD_ID=2\n")
    monkeypatch.setenv("RACEBOT_ENV_FILE", str(named))
    settings = Settings.load()
    assert (settings.dev_guild_id, settings.log_level) == (2, "DEBUG")
    assert settings.files == (user_file, named)


def test_environment_wins_over_settings_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An environment variable beats the same setting in a file."""
    named = tmp_path / "service.env"
    named.write_text("DEV_GUILD_ID=2\n")
    monkeypatch.setenv("RACEBOT_ENV_FILE", str(named))
    monkeypatch.setenv("DEV_GUILD_ID", "3")
    assert Settings.load().dev_guild_id == 3


def test_missing_racebot_env_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A RACEBOT_ENV_FILE that does not exist is refused rather than silently skipped."""
    monkeypatch.setenv("RACEBOT_ENV_FILE", str(tmp_path / "typo.env"))
    with pytest.raises(ConfigError, match=r"typo\.env, which is not a file"):
        Settings.load()


def test_sources_mask_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store named in the start line never shows the database password."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:hunter2@db.example/racebot")
    shown = Settings.load().sources()
    assert "hunter2" not in shown
    assert "postgresql+asyncpg://bot:***@db.example/racebot" in shown
    assert "settings files: none (environment only)" in shown


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
