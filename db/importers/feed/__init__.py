"""NASCAR's public JSON feed (cf.nascar.com): fetch, validate and import it into the store."""

from db.importers.feed.client import (
    FeedClient,
    FeedError,
    FeedInvalid,
    FeedNotPublished,
    FeedRefused,
    FeedUnavailable,
    RetryPolicy,
)
from db.importers.feed.importer import FeedImportReport, import_feed

__all__ = [
    "FeedClient",
    "FeedError",
    "FeedImportReport",
    "FeedInvalid",
    "FeedNotPublished",
    "FeedRefused",
    "FeedUnavailable",
    "RetryPolicy",
    "import_feed",
]
