"""The announcer: grid (and results) posts in followed channels, on time and exactly once.

scheduler (`Announcer`: passes, sleeping until the next due post, woken early) · posts (what is
posted, from the race book) · delivery (one post: claim, send with its nonce, mark; or edit).
"""

from bot.announce.scheduler import Announcer

__all__ = ["Announcer"]
