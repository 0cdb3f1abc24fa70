"""Drawing functions for the pool's tests: importable by name, as a spawned worker needs them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.pictures.drawing import draw
from bot.pictures.specs import PictureSpec

# Each call of `logged_draw` appends a line to the file this environment variable names.
DRAW_LOG = "RACEBOT_TEST_DRAW_LOG"


def logged_draw(spec: PictureSpec) -> bytes:
    """The real drawing, with a line in the draw log per call."""
    with Path(os.environ[DRAW_LOG]).open("a") as log:
        log.write(f"{os.getpid()}\n")
    return draw(spec)


def slow_draw(spec: PictureSpec) -> bytes:
    """Longer than any ask waits."""
    time.sleep(1.5)
    return b"late"


def failing_draw(spec: PictureSpec) -> bytes:
    raise ValueError("no ink")


def dying_draw(spec: PictureSpec) -> bytes:
    """A worker killed mid-draw (out of memory, say) by a spec whose description is "die"; others drawn."""
    if spec.description == "die":
        os._exit(1)
    return draw(spec)
