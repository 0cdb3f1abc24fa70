"""The `racebot` command line: ask offline, run the bot, sync commands, manage and fill the store.

Each command lives in its own module with a `register` that adds it to the parser and a handler of
the shape `async (settings, args) -> int` (the exit status).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.cli import ask, feed, health, history, invite, render, resolve, running
from bot.cli.failures import explain
from bot.config import ENV_FILE_VARIABLE, ConfigError, Settings, user_settings_file
from bot.log_format import HidingSecrets, JsonLines
from db.store import open_store

Handler = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The commands that write race data: Ctrl-C rolls their transaction back.
IMPORTING = ("import", "sync")

log = logging.getLogger(__name__)


class OneLineErrors(logging.Formatter):
    """Logged failures as one line (type and message); `--debug` logs the whole traceback."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        kind, error = ei[0], ei[1]
        return f"  {kind.__name__ if kind else 'Error'}: {error} (racebot --debug shows the traceback)"

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return ""


async def _db_upgrade(settings: Settings, _: argparse.Namespace) -> int:
    store = await open_store(settings.database_url)  # migrates
    await store.close()
    print("Store is at the newest schema.")
    return 0


def installed_version() -> str:
    try:
        return version("racebot")
    except PackageNotFoundError:
        return "unknown (not installed; pip install -e .)"


def interrupted(command: str) -> str:
    """What Ctrl-C means for `command`: only an import has something to roll back."""
    if command == "run":
        return "racebot: stopped"
    if command in IMPORTING:
        return "racebot: interrupted; an import under way was rolled back, the store is as it was"
    return "racebot: interrupted"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="racebot", description="A Discord bot for NASCAR questions.")
    parser.add_argument("--version", action="version", version=f"racebot {installed_version()}")
    parser.add_argument("--debug", action="store_true", help="log everything and show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    ask.register(sub)
    running.register(sub)
    db = sub.add_parser("db", help="manage the store").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply database migrations").set_defaults(handler=_db_upgrade)
    imports = sub.add_parser("import", help="load race data into the store").add_subparsers(
        dest="import_command", required=True
    )
    history.register(imports)
    feed.register(sub, imports)
    resolve.register(sub)
    render.register(sub)
    health.register(sub)
    invite.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"racebot: bad configuration: {problems}", file=sys.stderr)
        return 2
    except ConfigError as error:
        print(f"racebot: bad configuration: {error}", file=sys.stderr)
        return 2
    debug = args.debug or settings.log_level == "DEBUG"
    level = "DEBUG" if debug else settings.log_level if args.command in ("run", "sync-commands") else "ERROR"
    log_handler = logging.StreamHandler()
    log_handler.setFormatter(_formatter(settings, debug=debug))
    logging.basicConfig(level=level, handlers=[log_handler])
    _warn_of_working_folder(settings)
    handler: Handler = args.handler
    try:
        return asyncio.run(handler(settings, args))
    except BrokenPipeError:
        # The reader went away (`racebot ask ... | head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        _last_word(settings, logging.INFO, interrupted(args.command))
        return 130
    except Exception as error:
        if debug:
            raise
        _last_word(settings, logging.ERROR, f"racebot: {explain(error)}")
        return 1


def _last_word(settings: Settings, level: int, text: str) -> None:
    """How a command ended, on stderr: as written, or with LOG_FORMAT=json a log line like the others
    (a collector reading `racebot run` gets JSON to the last line)."""
    if settings.log_format == "json":
        # Handled whatever the log level: it is said in text mode too.
        name, level_name = "bot.cli", logging.getLevelName(level)
        record = logging.makeLogRecord({"name": name, "levelno": level, "levelname": level_name, "msg": text})
        logging.getLogger(name).handle(record)
    else:
        print(text, file=sys.stderr)


def _formatter(settings: Settings, *, debug: bool) -> logging.Formatter:
    """Text (tracebacks only with --debug) or one JSON object a line (LOG_FORMAT); never the token."""
    if settings.log_format == "json":
        inner: logging.Formatter = JsonLines()
    else:
        inner = (logging.Formatter if debug else OneLineErrors)(LOG_FORMAT)
    token = settings.discord_token
    return HidingSecrets(inner, [token.get_secret_value()] if token is not None else [])


def _warn_of_working_folder(settings: Settings) -> None:
    """What would make racebot depend on the folder it was started from: a `.env` here (read by
    earlier versions, not now), or a relative SQLite path (a different store in every folder)."""
    here = Path(".env").resolve()
    if here.is_file() and here not in settings.files:
        log.warning(
            "%s is not read: settings come from %s and %s; move it there or set %s=%s",
            here,
            user_settings_file(),
            ENV_FILE_VARIABLE,
            ENV_FILE_VARIABLE,
            here,
        )
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        return  # opening the store says what is wrong with it
    database = url.database or ""
    in_a_file = database and not database.startswith((":memory:", "file:"))
    if url.get_backend_name() == "sqlite" and in_a_file and not Path(database).is_absolute():
        log.warning(
            "DATABASE_URL names the SQLite file %s relative to the working folder (%s here): each "
            "folder gets its own store; give an absolute path, sqlite+aiosqlite:////path/to/racebot.db",
            database,
            Path(database).resolve(),
        )


if __name__ == "__main__":
    raise SystemExit(main())
