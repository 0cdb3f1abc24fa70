"""`racebot import history` with downloads, against a loopback web server: errors name what the operator typed."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from db.importers.history import fetch as history_fetch
from tests.importers.history.files import row, write_csv, write_parquet


@dataclass
class Site:
    """A folder served at `base`; `requests` lists the paths asked for."""

    folder: Path
    base: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A plain HTTP server on its own thread, so `racebot`'s own event loop can fetch from it."""
    folder = tmp_path / "served"
    folder.mkdir()
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self) -> None:
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(folder, f"http://127.0.0.1:{server.server_port}", requests)
    server.shutdown()
    server.server_close()
    thread.join()


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("racebot: ")
    return line


def test_no_parquet_reader_stops_before_downloading(
    racebot: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`racebot import history` without pyarrow names the extra to install and fetches nothing."""
    monkeypatch.setenv("HISTORY_BASE_URL", site.base)
    monkeypatch.setattr(history_fetch, "can_read_parquet", lambda: False)
    assert racebot("import", "history", "--quiet") == 1
    assert "pip install 'racebot[parquet]'" in _one_line(capsys)
    assert site.requests == []


@pytest.mark.parametrize(
    ("name", "body"),
    [
        pytest.param("cup_series.parquet", b"PAR1" + b"\0" * 64 + b"PAR1", id="parquet"),
        pytest.param("cup_series.csv.gz", gzip.compress(b"Season,Race\n" * 400, mtime=0)[:60], id="csv.gz"),
    ],
)
def test_an_unreadable_download_is_named_by_its_url(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], site: Site, name: str, body: bytes
) -> None:
    """A corrupt downloaded file is reported under the URL it came from, not a temporary path."""
    (site.folder / name).write_bytes(body)
    url = f"{site.base}/{name}"
    assert racebot("import", "history", "--quiet", url) == 1
    line = _one_line(capsys)
    assert line.startswith(f"racebot: {url}")
    assert "racebot-history-" not in line


def test_history_base_url_names_where_the_published_files_are(
    racebot: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no PATH_OR_URL the three published files are fetched from HISTORY_BASE_URL (a mirror) and
    imported under the series their names give."""
    for name in history_fetch.PUBLISHED_FILES:
        source = write_csv(site.folder / f"{name}.csv", [row("William Byron", 1, 18)])
        write_parquet(source, site.folder / name)
    monkeypatch.setenv("HISTORY_BASE_URL", site.base)
    assert racebot("import", "history", "--quiet") == 0
    assert sorted(site.requests) == sorted(f"/{name}" for name in history_fetch.PUBLISHED_FILES)
    assert capsys.readouterr().out.startswith("Read 3 rows from 3 files")
