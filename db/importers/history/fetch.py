"""Getting history files: paths as given, URLs (or, with none, the public files) downloaded first.

The nascaR.data package publishes its data as Parquet, refreshed Mondays in season, at
https://nascar.kylegrealis.com/{cup_series,nxs_series,truck_series}.parquet (the older .csv URLs
answer 404). A download keeps the URL's file name, so the series is still read from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from db.importers.history.rows import HistoryImportError

PUBLIC_HISTORY_URLS = tuple(
    f"https://nascar.kylegrealis.com/{name}.parquet" for name in ("cup_series", "nxs_series", "truck_series")
)
DOWNLOAD_TIMEOUT_S = 300


class HistoryDownloadError(HistoryImportError):
    """A history file could not be fetched; nothing was imported."""


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


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


async def fetch_sources(sources: Sequence[str], directory: Path) -> list[Path]:
    """Local paths for `sources`, downloading URLs into `directory`; no sources means the public files."""
    wanted = list(sources) or list(PUBLIC_HISTORY_URLS)
    if not any(is_url(source) for source in wanted):
        return [Path(source) for source in wanted]
    paths: list[Path] = []
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        for index, source in enumerate(wanted):
            if is_url(source):
                # One folder per download, so two URLs ending in the same file name cannot collide.
                paths.append(await _download(http, source, directory / str(index)))
            else:
                paths.append(Path(source))
    return paths
