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
from typing import Any

from pydantic import ValidationError

from bot.cli import ask, feed, history, resolve, running
from bot.cli.failures import explain
from bot.config import Settings
from db.store import open_store

Handler = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="racebot", description="A Discord bot for NASCAR questions.")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"racebot: bad configuration: {problems}", file=sys.stderr)
        return 2
    debug = args.debug or settings.log_level == "DEBUG"
    level = "DEBUG" if debug else settings.log_level if args.command in ("run", "sync-commands") else "ERROR"
    log_handler = logging.StreamHandler()
    log_handler.setFormatter((logging.Formatter if debug else OneLineErrors)(LOG_FORMAT))
    logging.basicConfig(level=level, handlers=[log_handler])
    handler: Handler = args.handler
    try:
        return asyncio.run(handler(settings, args))
    except BrokenPipeError:
        # The reader went away (`racebot ask ... | head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print(
            "racebot: interrupted; an import under way was rolled back, the store is as it was",
            file=sys.stderr,
        )
        return 130
    except Exception as error:
        if debug:
            raise
        print(f"racebot: {explain(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
