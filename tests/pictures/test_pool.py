"""The picture pool with real worker processes: a slow or failing picture is None (the answer goes in
text), a grid asked for by 2,000 posts at once is drawn once, and a dead worker is replaced."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.pictures import pool
from bot.pictures.pool import Pictures
from bot.pictures.specs import CardSlot, GridCard, Picture
from tests.pictures import workers
from tests.pictures.pixels import decoded

SPEC = GridCard(
    "truck",
    "TRUCK 2025",
    "Baptist Health 200",
    "Homestead-Miami Speedway · race 4",
    "Starting lineup",
    (CardSlot(1, "#11", "Corey Heim", "Toyota · Tricon Garage", "POLE"),),
    "Starting grid: 1 #11 Corey Heim.",
)


async def test_a_picture_later_than_its_timeout_is_none_and_kept_for_the_next_ask() -> None:
    """Asked with 0.3 s for a 1.5 s picture: None at once; the draw goes on and the next ask gets it."""
    pictures = Pictures(workers=1, draw=workers.slow_draw)
    try:
        started = time.perf_counter()
        assert await pictures.draw(SPEC, timeout=0.3) is None
        assert time.perf_counter() - started < 1.0
        assert pictures.late == 1
        later = await pictures.draw(SPEC, timeout=10)
        assert later is not None and later.data == b"late"
    finally:
        await pictures.close()


async def test_later_hands_the_picture_on_once_drawn_and_kept_shows_it_without_a_wait() -> None:
    """`kept` is None until the picture is drawn; `later` draws it in the background and hands it on."""
    pictures = Pictures(workers=1, draw=workers.slow_draw)
    handed: asyncio.Queue[Picture] = asyncio.Queue()
    try:
        assert pictures.kept(SPEC) is None
        pictures.later(SPEC, handed.put)
        picture = await asyncio.wait_for(handed.get(), timeout=30)
        assert (picture.data, picture.filename) == (b"late", SPEC.filename)
        kept = pictures.kept(SPEC)
        assert kept is not None and kept.data == b"late"
    finally:
        await pictures.close()


async def test_past_the_waiting_limit_an_answer_stays_in_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A burst of asks for pictures not drawn yet: the first LATER_WAITING get theirs, the rest none."""
    monkeypatch.setattr(pool, "LATER_WAITING", 2)
    pictures = Pictures(workers=1, draw=workers.slow_draw)
    handed: asyncio.Queue[str] = asyncio.Queue()
    try:
        for asker in ("first", "second", "third"):

            async def keep(picture: Picture, asker: str = asker) -> None:
                await handed.put(asker)

            pictures.later(SPEC, keep)
        got = {await asyncio.wait_for(handed.get(), timeout=30) for _ in range(2)}
        assert got == {"first", "second"} and pictures.late == 1
        await asyncio.sleep(0.1)
        assert handed.empty()
    finally:
        await pictures.close()


async def test_close_drops_the_pictures_not_yet_handed_on() -> None:
    """A bot closing while a picture is still drawn for `later`: the picture is never handed on."""
    pictures = Pictures(workers=1, draw=workers.slow_draw)
    handed: list[Picture] = []

    async def keep(picture: Picture) -> None:
        handed.append(picture)

    pictures.later(SPEC, keep)
    await asyncio.sleep(0.1)
    await pictures.close()  # waits for the worker, which finishes the draw under way
    await asyncio.sleep(0.1)
    assert handed == []


async def test_a_failing_picture_is_none() -> None:
    """A drawing error is logged once and the ask gets None (text instead)."""
    pictures = Pictures(workers=1, draw=workers.failing_draw)
    try:
        assert await pictures.draw(SPEC, timeout=10) is None
        assert pictures.failed == 1
    finally:
        await pictures.close()


async def test_a_grid_posted_to_2000_channels_is_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,000 asks at once for one grid: one call of the drawing function, 2,000 equal pictures."""
    log = tmp_path / "draws.log"
    monkeypatch.setenv(workers.DRAW_LOG, str(log))
    pictures = Pictures(workers=1, draw=workers.logged_draw)
    try:
        drawn = await asyncio.gather(*(pictures.draw(SPEC, timeout=30) for _ in range(2000)))
        assert all(picture is not None for picture in drawn)
        assert len({picture.data for picture in drawn if picture is not None}) == 1
        assert log.read_text().count("\n") == 1
        again = await pictures.draw(SPEC, timeout=30)
        assert again is not None and log.read_text().count("\n") == 1
        assert decoded(again.data).size[0] == 800
    finally:
        await pictures.close()


async def test_a_dead_worker_is_replaced() -> None:
    """A worker that dies leaves that ask None; the next draw gets a new pool and its picture."""
    pictures = Pictures(workers=1, draw=workers.dying_draw)
    try:
        assert await pictures.draw(replace(SPEC, description="die"), timeout=30) is None
        assert await pictures.draw(SPEC, timeout=30) is not None
    finally:
        await pictures.close()
