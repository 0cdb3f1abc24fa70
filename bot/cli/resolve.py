"""`racebot resolve`: the ranked candidates for a name, as the commands would see them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.answers.names import build_name_index
from bot.config import Settings
from bot.resolve import Resolution
from db.importers.sample import seed_if_empty
from db.store import open_store
from kernel.series import SERIES_CODES

KINDS = ("driver", "track", "series", "race")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("resolve", help="show how a name resolves, with scores")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("query", help="what a fan would type, e.g. 'dega', '#5' or '2024 daytona 500'")
    parser.add_argument("--series", choices=SERIES_CODES, help="context: the command's series")
    parser.add_argument("--season", type=int, help="context: the command's season")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=_resolve)


async def _resolve(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_store(settings.database_url)
    try:
        await seed_if_empty(store)
        names = await build_name_index(store)
    finally:
        await store.close()
    if args.kind == "driver":
        resolution = names.resolve_driver(args.query, series=args.series, season=args.season)
    elif args.kind == "track":
        resolution = names.resolve_track(args.query, series=args.series)
    elif args.kind == "race":
        resolution = names.resolve_race(args.query, series=args.series, season=args.season)
    else:
        resolution = names.resolve_series(args.query)
    print(json.dumps(as_json(resolution), indent=2) if args.json else as_text(resolution))
    return 0 if resolution.status == "match" else 1


def as_json(resolution: Resolution) -> dict[str, Any]:
    return {
        "kind": resolution.kind,
        "query": resolution.query,
        "status": resolution.status,
        "candidates": [
            {"id": c.id, "name": c.name, "score": round(c.score, 2), "via": c.via}
            for c in resolution.candidates
        ],
    }


def as_text(resolution: Resolution) -> str:
    lines = [f"{resolution.kind} '{resolution.query}': {resolution.status}"]
    for rank, candidate in enumerate(resolution.candidates, start=1):
        lines.append(f"{rank:>2}. {candidate.name}  (score {candidate.score:.1f}, via {candidate.via})")
    return "\n".join(lines)
