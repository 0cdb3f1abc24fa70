"""`racebot render`: the pictures the bot attaches, drawn offline into PNG files.

`render grid RACE`, `render career NAME` (from the store, names resolved as the slash commands
resolve them) and `render race LAP_TIMES` (a lap-times payload from NASCAR's feed, .json or .json.gz:
the store keeps no lap times). Drawn in this process: one picture needs no pool.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.answers.errors import UserFacingError
from bot.answers.service import Answers
from bot.config import Settings
from bot.live_sync import utc_now
from bot.pictures.drawing import draw
from bot.pictures.lap_times import LapTimesError, race_chart, read_lap_times
from bot.pictures.specs import PictureSpec, career_chart, grid_card
from db.importers.sample import seed_if_empty
from db.store import open_store
from kernel.series import SERIES_CODES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "render", help="draw a picture the bot attaches (grid card, career or race chart)"
    )
    kinds = parser.add_subparsers(dest="picture", required=True)
    grid = kinds.add_parser("grid", help="a race's starting-grid card, as /grid attaches it")
    grid.add_argument(
        "race", help="a track (its latest race) or a race's name, e.g. homestead, 2024 daytona 500"
    )
    grid.add_argument("--series", choices=SERIES_CODES)
    grid.add_argument("--year", type=int)
    career = kinds.add_parser("career", help="a driver's season-by-season chart, as /driver attaches it")
    career.add_argument("name", help="a driver's name, nickname or car number, e.g. 'kyle larson'")
    career.add_argument("--series", choices=SERIES_CODES)
    career.add_argument("--track", help="only races at this track")
    career.add_argument("--from-year", type=int)
    career.add_argument("--to-year", type=int)
    race = kinds.add_parser("race", help="positions by lap for the top ten, from a lap-times payload")
    race.add_argument("lap_times", type=Path, help="NASCAR's lap-times.json (or .json.gz)")
    race.add_argument("--title", default="Positions by lap", help="the chart's title, e.g. the race's name")
    race.add_argument(
        "--leaders", type=int, default=10, choices=range(1, 13), metavar="N", help="lines drawn (1-12)"
    )
    for each in (grid, career, race):
        each.add_argument(
            "--out", type=Path, help="the PNG to write (default: grid.png, career.png, race.png)"
        )
    parser.set_defaults(handler=_render)


async def _render(settings: Settings, args: argparse.Namespace) -> int:
    try:
        spec = read_race(args) if args.picture == "race" else await _from_store(settings, args)
    except (UserFacingError, LapTimesError) as error:
        print(f"racebot: {error}", file=sys.stderr)
        return 1
    if spec is None:
        print("racebot: nothing to chart: no series has two seasons in that scope", file=sys.stderr)
        return 1
    out: Path = args.out or Path(spec.filename)
    size = await asyncio.to_thread(_draw_into, spec, out)
    print(f"{out}: {size / 1024:.0f} KB. {spec.description}")
    return 0


def _draw_into(spec: PictureSpec, out: Path) -> int:
    """Draw the picture into `out`; its size in bytes."""
    return out.write_bytes(draw(spec))


def read_race(args: argparse.Namespace) -> PictureSpec:
    """The race chart of a lap-times file; a refusal names the file and the JSON path at fault."""
    payload = read_lap_times(args.lap_times)
    try:
        return race_chart(payload, title=args.title, leaders=args.leaders)
    except LapTimesError as error:
        raise LapTimesError(f"{args.lap_times}: {error}") from None


async def _from_store(settings: Settings, args: argparse.Namespace) -> PictureSpec | None:
    """The grid card or career chart of what the store holds, the names resolved as in Discord."""
    store = await open_store(settings.database_url)
    try:
        await seed_if_empty(store)
        answers = Answers(store, clock=utc_now)
        await answers.refresh()
        if args.picture == "grid":
            return grid_card(await answers.grid(args.race, series=args.series, year=args.year))
        report = await answers.driver(
            args.name, series=args.series, track=args.track, from_year=args.from_year, to_year=args.to_year
        )
        return career_chart(report)
    finally:
        await store.close()
