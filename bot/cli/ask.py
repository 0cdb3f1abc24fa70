"""`racebot ask`: slash commands answered offline, one from the command line or many from stdin.

A public interface: scripts and independent checks drive the bot through it, so its output shapes
are stable. One command prints the reply as text (or, with --json, each message payload); `-` reads
one command a line and, with --json, prints one JSON object a line: {"command", "messages"}, with
"error" beside them when the reply was an error, or {"command", "error"} for a line that is not a
command. Exit status: 0 when every command was answered, 1 when a reply was an error (or missing),
2 when a single command line is not a command. When stderr is a terminal it first names the store and
settings files; redirected, it carries only the above.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from bot.cli.console import ConsoleError, ask
from bot.cli.text import render_text
from bot.client import RaceBot
from bot.config import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "ask",
        help='answer slash commands offline, e.g. racebot ask "/pole homestead"',
        description="Answer a slash command offline through the same command tree as Discord. With - as the "
        "command, read one command a line from standard input (blank lines and # comments are skipped).",
    )
    parser.add_argument(
        "line", help='the command as typed in Discord, e.g. "/driver name:kyle larson track:homestead", or -'
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the exact message payloads (with -: one JSON line a command)",
    )
    parser.set_defaults(handler=ask_command)


async def ask_command(settings: Settings, args: argparse.Namespace) -> int:
    if sys.stderr.isatty():
        print(f"racebot: {settings.sources()}", file=sys.stderr)
    async with RaceBot(settings) as bot:
        if args.line == "-":
            return await _ask_many(bot, _commands(sys.stdin), as_json=args.json)
        return await _ask_one(bot, args.line, as_json=args.json)


async def _ask_one(bot: RaceBot, line: str, *, as_json: bool) -> int:
    """An error reply goes to stderr (exit 1); any other reply, private ones included, to stdout."""
    try:
        reply = await ask(bot, line)
    except ConsoleError as error:
        print(f"racebot: {error}", file=sys.stderr)
        return 2
    if not reply.messages:
        print("racebot: the command sent no reply", file=sys.stderr)
        return 1
    out = sys.stderr if reply.error else sys.stdout
    for message in reply.messages:
        print(
            json.dumps(message, indent=2, ensure_ascii=False) if as_json else render_text(message), file=out
        )
    return 1 if reply.error else 0


async def _ask_many(bot: RaceBot, lines: Iterable[str], *, as_json: bool) -> int:
    """Every line is answered, a bad one with its error; exit 1 if any line's answer was an error."""
    failed = False
    for line in lines:
        outcome: dict[str, Any] = {"command": line}
        try:
            reply = await ask(bot, line)
        except ConsoleError as error:
            outcome["error"] = str(error)
        else:
            outcome["messages"] = reply.messages
            if not reply.messages:
                outcome["error"] = "the command sent no reply"
            elif reply.error:
                outcome["error"] = reply.messages[0].get("content") or "the reply was an error"
        failed = failed or "error" in outcome
        if as_json:
            print(json.dumps(outcome, ensure_ascii=False))
        else:
            print(_as_text(outcome))
    sys.stdout.flush()
    return 1 if failed else 0


def _as_text(outcome: dict[str, Any]) -> str:
    body = (
        "\n\n".join(render_text(m) for m in outcome["messages"])
        if outcome.get("messages")
        else f"racebot: {outcome['error']}"
    )
    return f"> {outcome['command']}\n{body}\n"


def _commands(stream: Iterable[str]) -> Iterable[str]:
    for raw in stream:
        line = raw.strip()
        if line and not line.startswith("#"):
            yield line
