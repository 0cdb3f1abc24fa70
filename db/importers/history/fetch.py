"""Getting history files: paths as given, URLs (or, with none, the public files) downloaded first.

The nascaR.data package publishes its data as Parquet, refreshed Mondays in season, at
https://nascar.kylegrealis.com/{cup_series,nxs_series,truck_series}.parquet (the older .csv URLs
answer 404). A download keeps the URL's file name, so the series is still read from it, and an error
reading it names the URL, not the temporary file. Parquet needs pyarrow (the `parquet` extra), so its
absence is said before anything is downloaded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from db.importers.history.files import PARQUET_EXTRA, can_read_parquet
from db.importers.history.rows import HistoryFormatError, HistoryImportError

PUBLIC_HISTORY_BASE = "https://nascar.kylegrealis.com"
PUBLISHED_FILES = ("cup_series.parquet", "nxs_series.parquet", "truck_series.parquet")


def history_urls(base_url: str) -> tuple[str, ...]:
    """The published files under `base_url` (a mirror, or a loopback server in tests)."""
    return tuple(f"{base_url.rstrip('/')}/{name}" for name in PUBLISHED_FILES)


PUBLIC_HISTORY_URLS = history_urls(PUBLIC_HISTORY_BASE)
DOWNLOAD_TIMEOUT_S = 300


class HistoryDownloadError(HistoryImportError):
    """A history file could not be fetched; nothing was imported."""


@dataclass(frozen=True, slots=True)
class FetchedSources:
    """The local files to import, and the URL each downloaded one came from."""

    paths: list[Path]
    urls: dict[Path, str] = field(default_factory=dict)

    def named_by_url(self, error: HistoryFormatError) -> HistoryFormatError:
        """The same error, naming the URL instead of the temporary file it was downloaded to."""
        url = self.urls.get(Path(error.file))
        if url is None:
            return error
        return HistoryFormatError(url, error.problem, row=error.row, column=error.column)


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def _names_parquet(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".parquet")


async def _download(http: aiohttp.ClientSession, url: str, directory: Path) -> Path:
    target = directory / (Path(urlsplit(url).path).name or "history.csv")
    try:
        async with http.get(url) as response:
            response.raise_for_status()
            body = await response.read()  # a few MB per series, so no need to stream
    except (aiohttp.ClientError, TimeoutError) as error:
        raise HistoryDownloadError(f"could not download {url}: {error or type(error).__name__}") from error
    target.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(target.write_bytes, body)
    return target


async def fetch_sources(
    sources: Sequence[str], directory: Path, *, published: Sequence[str] | None = None
) -> FetchedSources:
    """Local paths for `sources`, downloading URLs into `directory`; no sources means the published
    files (`published`, by default the public ones)."""
    wanted = list(sources) or list(PUBLIC_HISTORY_URLS if published is None else published)
    urls = [source for source in wanted if is_url(source)]
    if not urls:
        return FetchedSources([Path(source) for source in wanted])
    if any(_names_parquet(url) for url in urls) and not can_read_parquet():
        raise HistoryDownloadError(
            f"the history files to download are Parquet, which needs pyarrow: {PARQUET_EXTRA} "
            "(nothing was downloaded)"
        )
    paths: list[Path] = []
    downloaded: dict[Path, str] = {}
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        for index, source in enumerate(wanted):
            if is_url(source):
                # One folder per download, so two URLs ending in the same file name cannot collide.
                path = await _download(http, source, directory / str(index))
                downloaded[path] = source
            else:
                path = Path(source)
            paths.append(path)
    return FetchedSources(paths, downloaded)
