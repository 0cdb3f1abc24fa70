"""Bad feeds built from real payloads: a race list of any length, streamed or whole, and renamed keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

RACES_PER_CHUNK = 32


def race_list_chunks(race: dict[str, Any], count: int) -> Iterator[bytes]:
    """A one-series race list of `count` copies of `race`, made chunk by chunk so it never sits in memory."""
    one = json.dumps(race).encode()
    batch = b",".join([one] * RACES_PER_CHUNK)
    yield b"["
    for start in range(0, count - count % RACES_PER_CHUNK, RACES_PER_CHUNK):
        yield (b"," if start else b"") + batch
    rest = count % RACES_PER_CHUNK
    if rest:
        yield (b"," if count > rest else b"") + b",".join([one] * rest)
    yield b"]"


def renamed(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """`data` with its top-level keys renamed as the feed might one day (`series_1` -> `cup`)."""
    return {names.get(key, key): value for key, value in data.items()}
