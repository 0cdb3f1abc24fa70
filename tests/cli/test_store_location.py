"""One store wherever racebot runs: the default store and the settings file are the user's, not the
working directory's; the console names its store on a terminal; `--version`; Ctrl-C's message."""

from __future__ import annotations

import logging
import os
import pty
import subprocess
import tomllib
from pathlib import Path

import pytest

from bot.cli.main import interrupted
from tests.cli.process import ROOT, racebot_command, racebot_env, run_racebot
from tests.importers.history.files import row, write_csv


def _user_env(home: Path, **extra: str) -> dict[str, str]:
    """racebot's environment with only a home: no DATABASE_URL, no XDG folders, no settings file named."""
    env = racebot_env("", HOME=str(home))
    for name in ("DATABASE_URL", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "RACEBOT_ENV_FILE"):
        env.pop(name, None)
    return {**env, **extra}


def _folders(tmp_path: Path, *names: str) -> list[Path]:
    made = [tmp_path / name for name in names]
    for folder in made:
        folder.mkdir()
    return made


def _ask_on_a_terminal(line: str, env: dict[str, str], cwd: Path) -> tuple[str, str]:
    """`racebot ask line` with stderr on a terminal (a pty), as a person runs it: (stdout, stderr)."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            racebot_command("ask", line),
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 4096):
            shown += chunk
    except OSError:  # EIO: the terminal's other end is closed and everything was read
        pass
    finally:
        os.close(leader)
    assert done.returncode == 0, shown
    return done.stdout, shown.decode().replace("\r\n", "\n")


def test_two_working_folders_share_the_users_store(tmp_path: Path) -> None:
    """History imported from one folder is answered from another: both use ~/.local/share/racebot."""
    home, first, second = _folders(tmp_path, "home", "first", "second")
    env = _user_env(home)
    history = write_csv(first / "cup_series.csv", [row("William Byron", 1, 18), row("Alex Bowman", 2, 1)])
    imported = run_racebot("import", "history", str(history), "--quiet", env=env, cwd=first)
    assert imported.returncode == 0, imported.stderr
    asked = run_racebot("ask", "/pole track:daytona year:2024", env=env, cwd=second)
    assert (asked.returncode, asked.stderr) == (0, "")
    assert asked.stdout.startswith("Alex Bowman on pole")
    assert (home / ".local" / "share" / "racebot" / "racebot.db").is_file()
    assert not list(first.glob("*.db")) and not list(second.glob("*.db"))


def test_the_console_names_its_store_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, stderr names the same store from any folder; stdout is still only the answer."""
    home, first, second = _folders(tmp_path, "home", "first", "second")
    env = _user_env(home)
    store = home / ".local" / "share" / "racebot" / "racebot.db"
    expected = f"racebot: store sqlite+aiosqlite:///{store}; settings files: none (environment only)\n"
    for folder in (first, second):
        out, err = _ask_on_a_terminal("/ping", env, folder)
        assert (out, err) == ("Pong.\n", expected)


def test_racebot_env_file_is_honoured(tmp_path: Path) -> None:
    """The file RACEBOT_ENV_FILE names chooses the store; the default store is not made."""
    home, work = _folders(tmp_path, "home", "work")
    chosen = tmp_path / "chosen.db"
    settings = tmp_path / "racebot.env"
    settings.write_text(f"DATABASE_URL=sqlite+aiosqlite:///{chosen}\n")
    env = _user_env(home, RACEBOT_ENV_FILE=str(settings))
    out, err = _ask_on_a_terminal("/ping", env, work)
    assert out == "Pong.\n"
    assert err == f"racebot: store sqlite+aiosqlite:///{chosen}; settings files: {settings}\n"
    assert chosen.is_file()
    assert not (home / ".local" / "share" / "racebot" / "racebot.db").exists()


def test_a_missing_racebot_env_file_is_one_line(tmp_path: Path) -> None:
    """A mistyped RACEBOT_ENV_FILE is a configuration error, exit 2, before anything is opened."""
    home, work = _folders(tmp_path, "home", "work")
    env = _user_env(home, RACEBOT_ENV_FILE=str(tmp_path / "typo.env"))
    done = run_racebot("ask", "/ping", env=env, cwd=work)
    assert done.returncode == 2
    assert (
        done.stderr
        == f"racebot: bad configuration: RACEBOT_ENV_FILE names {tmp_path / 'typo.env'}, which is not a file\n"
    )


def test_a_dotenv_left_in_the_working_folder_is_pointed_out(
    racebot, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """A `.env` where racebot starts is not read, and the log says where settings go instead."""
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n")
    caplog.set_level(logging.WARNING, logger="bot.cli.main")
    assert racebot("ask", "/ping") == 0
    assert f"{tmp_path / '.env'} is not read: settings come from " in caplog.text
    assert "set RACEBOT_ENV_FILE=" in caplog.text


def test_a_relative_sqlite_path_is_pointed_out(
    racebot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DATABASE_URL with a relative SQLite path (as old .env files had) is warned about, naming the file."""
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///racebot.db")
    caplog.set_level(logging.WARNING, logger="bot.cli.main")
    assert racebot("ask", "/ping") == 0
    assert f"relative to the working folder ({tmp_path / 'racebot.db'} here)" in caplog.text


def test_version_is_the_packages(tmp_path: Path) -> None:
    """`racebot --version` prints the version pyproject.toml declares."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    done = run_racebot("--version", env=_user_env(tmp_path), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, f"racebot {declared}\n")


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("run", "racebot: stopped"),
        ("ask", "racebot: interrupted"),
        ("sync-commands", "racebot: interrupted"),
        ("db", "racebot: interrupted"),
        ("import", "racebot: interrupted; an import under way was rolled back, the store is as it was"),
        ("sync", "racebot: interrupted; an import under way was rolled back, the store is as it was"),
    ],
)
def test_ctrl_c_says_what_fits_the_command(command: str, said: str) -> None:
    """Only the commands that import mention a rollback; `run` just stopped."""
    assert interrupted(command) == said
