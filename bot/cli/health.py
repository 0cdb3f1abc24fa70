"""`racebot health`: the running bot's readiness, asked of its /readyz, for scripts and the image's
health check. Exit status: 0 ready, 1 not ready, 2 no answer (or no endpoint configured)."""

from __future__ import annotations

import argparse
import json
import sys

import aiohttp

from bot.config import Settings

READY, NOT_READY, UNREACHABLE = 0, 1, 2
TIMEOUT_S = 5.0
# A bot listening on every address is asked on loopback.
ANY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    health = sub.add_parser(
        "health",
        help="ask the running bot whether it is ready (exit 0 ready, 1 not ready, 2 no answer)",
    )
    health.add_argument("--url", help="the bot's endpoint (default: http://METRICS_HOST:METRICS_PORT)")
    health.set_defaults(handler=health_command)


def endpoint(settings: Settings) -> str | None:
    """Where the running bot serves /readyz under these settings; None when it cannot be known."""
    if not settings.metrics_port:
        return None
    host = ANY_ADDRESS.get(settings.metrics_host, settings.metrics_host)
    return f"http://{f'[{host}]' if ':' in host else host}:{settings.metrics_port}"


async def health_command(settings: Settings, args: argparse.Namespace) -> int:
    """Prints /readyz's JSON body, as the bot gave it."""
    base = args.url or endpoint(settings)
    if base is None:
        print(
            "racebot: the bot serves no health endpoint: set METRICS_PORT (e.g. 8080; not 0) for the bot "
            "and this command, or give --url",
            file=sys.stderr,
        )
        return UNREACHABLE
    url = f"{base.rstrip('/')}/readyz"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as http,
            http.get(url) as response,
        ):
            body = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        print(
            f"racebot: no answer from {url} ({error or type(error).__name__}); is the bot running?",
            file=sys.stderr,
        )
        return UNREACHABLE
    if not isinstance(body, dict) or "ready" not in body:
        print(
            f"racebot: {url} did not answer as racebot does (something else on that port?)", file=sys.stderr
        )
        return UNREACHABLE
    print(json.dumps(body))
    return READY if response.status == 200 and body["ready"] is True else NOT_READY
