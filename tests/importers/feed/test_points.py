"""NASCAR's points tables and live points into the store: the real 2020 snapshots and 2023 live points
served on loopback, stored, read back position by position, replaced whole, dropped when no race runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from db.importers.feed.client import FeedClient, FeedInvalid, FeedRefused
from db.importers.feed.points import (
    fetch_live,
    import_points,
    live_feed_urls,
    live_points_url,
    points_table_url,
    store_live,
)
from db.importers.feed.points_payloads import MAX_ROWS
from db.store import Store
from db.store.queries.standings import feed_standings
from db.store.state import data_version
from tests.importers.feed.server import FeedServer

SNAPSHOTS = {
    "drivers": "points-drivers_2020_cup_snapshot-2020-06-11.json",
    "owners": "points-owners_2020_cup_snapshot-2020-06-11.json",
    "manufacturers": "points-manufacturer_2020_cup_snapshot-2020-06-11.json",
}
LIVE_FEED = "live-feed_2023_1_5272_lap233.json"
LIVE_POINTS = "live-points_2023_cup_snapshot.json"
AT = datetime(2020, 6, 11, 12, 0, tzinfo=UTC)
NAME_KEYS = {"drivers": "driver_name", "owners": "owner_name", "manufacturers": "manufacturer"}


def path_of(server: FeedServer, url: str) -> str:
    """The loopback server's path for a feed URL (it serves the host's paths, `/cacher` stripped)."""
    return url.removeprefix(server.base_url.removesuffix("/cacher")).removeprefix("/cacher")


def serve_2020(server: FeedServer, payloads: Callable[[str], Any]) -> None:
    for kind, name in SNAPSHOTS.items():
        server.serve(path_of(server, points_table_url(server.base_url, 2020, 1, kind)), payloads(name))


def serve_live(server: FeedServer, payloads: Callable[[str], Any]) -> None:
    server.serve(path_of(server, live_feed_urls(server.base_url)[0]), payloads(LIVE_FEED))
    server.serve(path_of(server, live_points_url(server.base_url)), payloads(LIVE_POINTS))


@pytest.fixture
async def points_feed() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.close()


async def stored(store: Store) -> dict[tuple[str, int, str], Any]:
    return {(t.series_code, t.season, t.kind): t for t in await feed_standings(store.sessions)}


@pytest.mark.parametrize("kind", list(SNAPSHOTS))
async def test_2020_tables_are_stored_line_by_line(
    kind: str,
    points_feed: FeedServer,
    client: FeedClient,
    empty_store: Store,
    payloads: Callable[[str], Any],
) -> None:
    """Every line of the real 2020 Cup table, in its order: position, name and points as published."""
    serve_2020(points_feed, payloads)
    report = await import_points(
        empty_store, season=2020, series="cup", base_url=points_feed.base_url, client=client, at=AT
    )
    assert (len(report.stored), report.changed, report.not_published) == (3, 3, 0)
    table = (await stored(empty_store))[("cup", 2020, kind)]
    expected = payloads(SNAPSHOTS[kind])
    assert [(line.position, line.name, line.points) for line in table.lines] == [
        (int(row["position"]), " ".join(row[NAME_KEYS[kind]].split()), row["points"]) for row in expected
    ]
    assert table.lines[0].behind_leader == 0
    assert table.lines[-1].behind_leader == expected[-1]["points"] - expected[0]["points"]


async def test_driver_lines_carry_car_wins_stage_wins_and_top_finishes(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    """Kevin Harvick's 2020 line: #4, 2 wins, stage wins summed over stages 1-3, 6 top 5s, 9 top 10s."""
    serve_2020(points_feed, payloads)
    await import_points(
        sqlite_store, season=2020, series="cup", base_url=points_feed.base_url, client=client, at=AT
    )
    first = payloads(SNAPSHOTS["drivers"])[0]
    line = (await stored(sqlite_store))[("cup", 2020, "drivers")].lines[0]
    stage_wins = first["stage_1_wins"] + first["stage_2_wins"] + first["stage_3_wins"]
    assert (line.car_number, line.wins, line.stage_wins, line.top5, line.top10, line.clinched) == (
        first["car_no"], first["wins"], stage_wins, first["top_5"], first["top_10"], None)  # fmt: skip


async def test_the_same_tables_again_change_nothing(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    """A re-import of unchanged tables leaves the data version alone; one changed table moves it."""
    serve_2020(points_feed, payloads)
    args = {"season": 2020, "series": "cup", "base_url": points_feed.base_url, "client": client, "at": AT}
    await import_points(sqlite_store, **args)
    version = await data_version(sqlite_store.sessions)
    assert (await import_points(sqlite_store, **args)).changed == 0
    assert await data_version(sqlite_store.sessions) == version
    changed = payloads(SNAPSHOTS["manufacturers"])
    changed[0]["points"] += 5
    points_feed.serve(
        path_of(points_feed, points_table_url(points_feed.base_url, 2020, 1, "manufacturers")), changed
    )
    assert (await import_points(sqlite_store, **args)).changed == 1
    assert await data_version(sqlite_store.sessions) == version + 1
    assert (await stored(sqlite_store))[("cup", 2020, "manufacturers")].lines[0].points == changed[0][
        "points"
    ]


async def test_tables_not_published_are_counted_not_failed(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store
) -> None:
    """The CDN's 403 for a table not there (yet) skips it: nine tables asked, none stored, no error."""
    report = await import_points(
        sqlite_store, season=2026, series=None, base_url=points_feed.base_url, client=client, at=AT
    )
    assert (report.stored, report.not_published) == ((), 9)


async def test_an_overlong_table_is_refused_whole(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    serve_2020(points_feed, payloads)
    url = points_table_url(points_feed.base_url, 2020, 1, "owners")
    points_feed.serve(path_of(points_feed, url), payloads(SNAPSHOTS["owners"])[:1] * (MAX_ROWS + 1))
    with pytest.raises(FeedRefused, match=rf"^{url}: .*{MAX_ROWS + 1} rows"):
        await import_points(
            sqlite_store, season=2020, series="cup", base_url=points_feed.base_url, client=client, at=AT
        )
    assert await stored(sqlite_store) == {}


async def test_a_renamed_field_is_named(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    serve_2020(points_feed, payloads)
    drivers = payloads(SNAPSHOTS["drivers"])
    for row in drivers:
        row["name"] = row.pop("driver_name")
    url = points_table_url(points_feed.base_url, 2020, 1, "drivers")
    points_feed.serve(path_of(points_feed, url), drivers)
    with pytest.raises(FeedInvalid, match=r"\[0\]: missing keys driver_name"):
        await import_points(
            sqlite_store, season=2020, series="cup", base_url=points_feed.base_url, client=client, at=AT
        )


async def test_live_points_are_stored_with_the_race_and_lap(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    """During the 2023 Atlanta race (lap 233 of 260) the live points are one Cup table, in points order."""
    serve_live(points_feed, payloads)
    race, rows = await fetch_live(client, points_feed.base_url)
    await store_live(sqlite_store, race, rows, at=AT.replace(year=2023))
    live = (await stored(sqlite_store))[("cup", 2023, "live")]
    expected = payloads(LIVE_POINTS)
    assert (live.lap, live.laps_in_race) == (233, 260)
    assert [(line.position, line.points) for line in live.lines] == [
        (row["points_position"], row["points"]) for row in expected
    ]
    assert live.lines[0].name == f"{expected[0]['first_name']} {expected[0]['last_name']}"


@pytest.mark.parametrize("body", [b"", b"  \n", b"null"])
async def test_no_race_on_track_drops_the_live_points(
    body: bytes,
    points_feed: FeedServer,
    client: FeedClient,
    sqlite_store: Store,
    payloads: Callable[[str], Any],
) -> None:
    """The live feed answering 200 with an empty body (or null) is "nothing on track", not an error."""
    serve_live(points_feed, payloads)
    await store_live(sqlite_store, *await fetch_live(client, points_feed.base_url), at=AT)
    points_feed.serve(path_of(points_feed, live_feed_urls(points_feed.base_url)[0]), body)
    race, rows = await fetch_live(client, points_feed.base_url)
    assert (race, rows) == (None, [])
    await store_live(sqlite_store, race, rows, at=AT)
    assert await stored(sqlite_store) == {}


async def test_practice_on_track_is_not_a_race(
    points_feed: FeedServer, client: FeedClient, payloads: Callable[[str], Any]
) -> None:
    serve_live(points_feed, payloads)
    practice = payloads(LIVE_FEED)
    practice["run_type"] = 1
    points_feed.serve(path_of(points_feed, live_feed_urls(points_feed.base_url)[0]), practice)
    assert await fetch_live(client, points_feed.base_url) == (None, [])


async def test_a_truck_race_is_found_in_its_series_own_live_feed(
    points_feed: FeedServer, client: FeedClient, sqlite_store: Store, payloads: Callable[[str], Any]
) -> None:
    """Xfinity and Truck races show in their series' live feeds, their points beside them (payloads BUILT
    from the 2023 Cup ones, with the series and race changed: no real Truck live payload exists)."""
    truck = payloads(LIVE_FEED)
    truck["series_id"], truck["race_id"] = 3, 5345
    main, _, truck_feed = live_feed_urls(points_feed.base_url)
    points_feed.serve(path_of(points_feed, main), b"")
    points_feed.serve(path_of(points_feed, truck_feed), truck)
    # Until that race's own points are out there is no live table to keep.
    assert await fetch_live(client, points_feed.base_url) == (None, [])
    points_feed.serve("/live/feeds/series_3/5345/live_points.json", payloads(LIVE_POINTS))
    race, rows = await fetch_live(client, points_feed.base_url)
    assert race is not None and (race.series_id, race.race_id, len(rows)) == (
        3,
        5345,
        len(payloads(LIVE_POINTS)),
    )
    await store_live(sqlite_store, race, rows, at=AT)
    assert list(await stored(sqlite_store)) == [("truck", 2020, "live")]


async def test_requests_carry_a_browser_user_agent() -> None:
    """The CDN refuses requests without a browser-like User-Agent: every feed request sends one."""
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.headers.get("User-Agent", ""))
        return web.json_response([])

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            await FeedClient(http).get_json(f"http://127.0.0.1:{port}/cacher/2026/race_list_basic.json")
    finally:
        await runner.cleanup()
    assert len(seen) == 1 and seen[0].startswith("Mozilla/5.0")
