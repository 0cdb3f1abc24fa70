"""A pass's summary: outcomes counted for the metrics, the posts still waiting, one log line per race."""

from __future__ import annotations

import logging

import pytest

from bot.announce.summary import PassSummary
from kernel.announcing import PostKey

SENT, HELD, FAILED, LATE = (PostKey(1, channel, 7, "grid") for channel in (10, 11, 12, 13))


def test_outcomes_are_counted_and_only_unsettled_posts_wait(caplog: pytest.LogCaptureFixture) -> None:
    """Sent and skipped posts are settled; held and failed ones still wait. Failures get no summary
    line of their own (the delivery logged each with its channel)."""
    summary = PassSummary()
    for key in (SENT, HELD, FAILED, LATE):
        summary.due(key)
    summary.note(SENT, "announced")
    summary.note(HELD, "held", "the lineup has a gap")
    summary.note(FAILED, "failed")
    summary.note(LATE, "skipped", "too late")
    caplog.set_level(logging.INFO, logger="bot.announce.summary")
    summary.log()
    assert summary.outcomes() == {"announced": 1, "held": 1, "failed": 1, "skipped": 1}
    assert summary.waiting == {HELD, FAILED}
    assert [r.getMessage() for r in caplog.records] == [
        "announced grid of event 7 in 1 channel(s)",
        "held grid of event 7 in 1 channel(s): the lineup has a gap",
        "skipped grid of event 7 in 1 channel(s): too late",
    ]
