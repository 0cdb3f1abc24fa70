"""The announcer: grid (results and standings) posts in followed channels, on time and exactly once.

scheduler (`Announcer`: passes, sleeping until the next due post, woken early) · claims (this
process's servers, and when another's claim was cut off) · sending (the jobs a pass runs: claim and
send, take over and re-send a cut-off claim, edit) · delivery (one post to Discord: its turn in the
pace, the green flag, its nonce, the mark) · pacing (requests spaced under Discord's global limit, one
budget for every process on a PostgreSQL store) · posts (what is posted, from the race book) ·
standings_posts (the standings tables a pass reads, and when one is posted) · summary (a pass's
outcomes, one log line per race).
"""

from bot.announce.scheduler import Announcer

__all__ = ["Announcer"]
