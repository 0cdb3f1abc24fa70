"""The import progress bar: drawn for a person at a terminal, silent for logs and --quiet."""

from __future__ import annotations

import io

from db.importers.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(progress: Progress) -> None:
    progress.start("cup_series.csv.gz (cup)", 200)
    for _ in range(4):
        progress.advance(50)
    progress.finish()


def test_bar_is_drawn_on_a_terminal() -> None:
    """On a TTY the bar reaches 100% and ends its line."""
    stream = _Terminal()
    _run(Progress(stream))
    assert "100% (200/200)" in stream.getvalue()
    assert stream.getvalue().endswith("\n")


def test_nothing_is_written_when_not_a_terminal() -> None:
    """Piped or logged stderr gets no bar."""
    stream = io.StringIO()
    _run(Progress(stream))
    assert stream.getvalue() == ""


def test_nothing_is_written_when_quiet() -> None:
    """--quiet silences the bar even on a terminal."""
    stream = _Terminal()
    _run(Progress(stream, quiet=True))
    assert stream.getvalue() == ""


def test_bar_redraws_only_on_a_new_percent() -> None:
    """A 180,000-row import draws at most about a hundred frames."""
    stream = _Terminal()
    progress = Progress(stream)
    progress.start("big", 180_000)
    for _ in range(180_000 // 100):
        progress.advance(100)
    assert stream.getvalue().count("\r") <= 101
