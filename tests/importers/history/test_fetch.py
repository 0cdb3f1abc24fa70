"""Downloading history files, against a loopback server standing in for nascar.kylegrealis.com."""

from __future__ import annotations

import gzip
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from db.importers.history import fetch as history_fetch
from db.importers.history.fetch import HistoryDownloadError, fetch_sources
from db.importers.history.importer import import_history
from db.store import open_store
from db.store.models import Event, Series
from tests.importers.history.files import row, write_csv, write_parquet

Files = dict[str, tuple[bytes, dict[str, str]]]


@pytest.fixture(scope="module")
def xfinity_parquet(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The shared Xfinity CSV as Parquet, written at test time as the live host would serve it."""
    target = tmp_path_factory.mktemp("parquet") / "nxs_series.parquet"
    return write_parquet(shared_data / "nascar" / "xfinity_series.csv.gz", target).read_bytes()


@pytest.fixture
def served(shared_data: Path, xfinity_parquet: bytes) -> Files:
    """What the loopback server answers: the shared Truck .csv.gz and the Xfinity Parquet."""
    return {
        "truck_series.csv.gz": ((shared_data / "nascar" / "truck_series.csv.gz").read_bytes(), {}),
        "nxs_series.parquet": (xfinity_parquet, {}),
    }


@pytest.fixture
def requested() -> list[str]:
    """The file names the loopback server was asked for, in order."""
    return []


@pytest.fixture
async def base_url(served: Files, requested: list[str]) -> AsyncIterator[str]:
    async def serve(request: web.Request) -> web.Response:
        requested.append(request.match_info["name"])
        found = served.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        body, headers = found
        return web.Response(body=body, headers=headers, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_get("/{name}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}"
    await runner.cleanup()


async def _events_by_series(url: str) -> dict[str, int]:
    store = await open_store(url)
    async with store.sessions() as session:
        rows = await session.execute(
            select(Series.code, func.count(Event.id)).join(Event).group_by(Series.code)
        )
        counts = dict(rows.all())
    await store.close()
    return counts


async def test_downloaded_gz_csv_and_parquet_import(base_url: str, sqlite_url: str, tmp_path: Path) -> None:
    """A .csv.gz and a Parquet fetched over HTTP import under the series their names give."""
    urls = [f"{base_url}/truck_series.csv.gz", f"{base_url}/nxs_series.parquet"]
    fetched = await fetch_sources(urls, tmp_path / "downloads")
    store = await open_store(sqlite_url)
    await import_history(store, fetched.paths)
    await store.close()
    assert await _events_by_series(sqlite_url) == {"truck": 737, "xfinity": 1404}


async def test_no_sources_means_the_public_files(
    base_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no path or URL every public file is downloaded."""
    public = (f"{base_url}/truck_series.csv.gz", f"{base_url}/nxs_series.parquet")
    monkeypatch.setattr(history_fetch, "PUBLIC_HISTORY_URLS", public)
    fetched = await fetch_sources([], tmp_path)
    assert [path.name for path in fetched.paths] == ["truck_series.csv.gz", "nxs_series.parquet"]


async def test_transfer_encoded_gzip_still_reads(
    base_url: str, served: Files, sqlite_url: str, tmp_path: Path
) -> None:
    """A server that sends the .csv.gz with Content-Encoding: gzip (so it arrives unzipped) still imports."""
    text = (write_csv(tmp_path / "cup.csv", [row("William Byron", 1, 18)])).read_bytes()
    served["cup_series.csv.gz"] = (gzip.compress(text), {"Content-Encoding": "gzip"})
    fetched = await fetch_sources([f"{base_url}/cup_series.csv.gz"], tmp_path / "downloads")
    store = await open_store(sqlite_url)
    report = await import_history(store, fetched.paths)
    await store.close()
    assert report.results_added == 1


async def test_missing_url_is_a_download_error(base_url: str, tmp_path: Path) -> None:
    """A 404 is reported with its URL, before anything is imported."""
    url = f"{base_url}/cup_series.csv"
    with pytest.raises(HistoryDownloadError, match="404") as caught:
        await fetch_sources([url], tmp_path)
    assert url in str(caught.value)


async def test_local_paths_are_used_as_given(tmp_path: Path) -> None:
    """Paths are not fetched, so no HTTP session is opened for them."""
    fetched = await fetch_sources(["data/cup_series.csv.gz"], tmp_path)
    assert (fetched.paths, fetched.urls) == ([Path("data/cup_series.csv.gz")], {})


async def test_no_parquet_reader_is_said_before_any_download(
    base_url: str, requested: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pyarrow nothing is fetched, not even the CSV listed first: the error names the extra."""
    public = (f"{base_url}/truck_series.csv.gz", f"{base_url}/nxs_series.parquet")
    monkeypatch.setattr(history_fetch, "PUBLIC_HISTORY_URLS", public)
    monkeypatch.setattr(history_fetch, "can_read_parquet", lambda: False)
    with pytest.raises(HistoryDownloadError, match=re.escape("pip install 'racebot[parquet]'")):
        await fetch_sources([], tmp_path)
    assert requested == []


async def test_csv_downloads_need_no_parquet_reader(
    base_url: str, requested: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV URL is fetched as before when pyarrow is missing."""
    monkeypatch.setattr(history_fetch, "can_read_parquet", lambda: False)
    fetched = await fetch_sources([f"{base_url}/truck_series.csv.gz"], tmp_path)
    assert (requested, [path.name for path in fetched.paths]) == (
        ["truck_series.csv.gz"],
        ["truck_series.csv.gz"],
    )
