"""The picture cache alone: bounded by bytes, one draw per digest at a time, failures never kept."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.pictures.cache import PictureCache


async def test_asks_during_a_draw_share_it() -> None:
    """Ten asks while one draw runs: one draw, ten equal answers."""
    cache = PictureCache()
    calls = 0
    release = asyncio.Event()

    async def draw() -> bytes:
        nonlocal calls
        calls += 1
        await release.wait()
        return b"png"

    asks = [asyncio.create_task(cache.get_or_draw("k", draw)) for _ in range(10)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*asks) == [b"png"] * 10
    assert (calls, cache.draws, cache.joined) == (1, 1, 9)


async def test_the_least_recently_used_go_first_past_the_byte_limit() -> None:
    """With room for two 4-byte pictures, asking a, b, a, c drops b."""
    cache = PictureCache(max_bytes=8)

    def drawing(data: bytes) -> Callable[[], Awaitable[bytes]]:
        async def draw() -> bytes:
            return data

        return draw

    for key in ("a", "b", "a", "c"):
        await cache.get_or_draw(key, drawing(key.encode() * 4))
    assert len(cache) == 2
    await cache.get_or_draw("b", drawing(b"BBBB"))
    assert cache.draws == 4  # a, b, c, and b again


async def test_a_failed_draw_is_not_kept() -> None:
    """Its askers get the error; the next ask draws again."""
    cache = PictureCache()

    async def broken() -> bytes:
        raise ValueError("no ink")

    async def fine() -> bytes:
        return b"png"

    with pytest.raises(ValueError, match="no ink"):
        await cache.get_or_draw("k", broken)
    assert await cache.get_or_draw("k", fine) == b"png"
