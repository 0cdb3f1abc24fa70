"""A progress bar for long imports, drawn only for a person watching a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

BAR_WIDTH = 30


class Progress:
    """Counts work done; draws on the stream only when it is a TTY and not quiet, so logs stay clean."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = not quiet and self._stream.isatty()
        self._label = ""
        self._total = 0
        self._done = 0
        self._drawn = -1

    def start(self, label: str, total: int) -> None:
        self._label, self._total, self._done, self._drawn = label, max(total, 1), 0, -1
        self._draw()

    def advance(self, count: int) -> None:
        self._done = min(self._done + count, self._total)
        self._draw()

    def finish(self) -> None:
        if self._enabled and self._drawn >= 0:
            self._stream.write("\n")
            self._stream.flush()
        self._drawn = -1

    def _draw(self) -> None:
        percent = self._done * 100 // self._total
        if not self._enabled or percent == self._drawn:
            return  # redrawing only on a new percent keeps a 180,000-row import from flooding the terminal
        self._drawn = percent
        filled = BAR_WIDTH * self._done // self._total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self._stream.write(f"\r{self._label} [{bar}] {percent:3d}% ({self._done:,}/{self._total:,})")
        self._stream.flush()
