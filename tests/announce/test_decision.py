"""The grid rule and the burst plan, as pure functions: when a post goes, waits or is skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kernel.announcing import RACE_STARTED, Decision, burst_starts, grid_decision

GREEN = datetime(2025, 3, 23, 0, 0, tzinfo=UTC)
DUE = GREEN - timedelta(minutes=1440)  # "minutes before", 1440
GRACE = timedelta(minutes=30)
MISSED = Decision("skip", reason="missed while the bot was down, by more than 0:30:00")


def _before(
    now: datetime,
    *,
    up_since: datetime,
    lineup_known: bool = True,
    lineup_seen_missing: datetime | None = None,
    lead: timedelta = timedelta(0),
) -> Decision:
    return grid_decision(
        mode="before",
        minutes_before=1440,
        green_flag=GREEN,
        lineup_known=lineup_known,
        now=now,
        up_since=up_since,
        grace=GRACE,
        lineup_seen_missing=lineup_seen_missing,
        lead=lead,
    )


H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("case", "now", "up_since", "lineup_seen_missing", "expected"),
    [
        # Restarted after the due time with no lineup yet; it came hours later, with the bot up.
        ("lineup came after the restart", DUE + 3 * H, DUE + H, DUE + H + timedelta(minutes=5), Decision("post")),
        # Restarted with the lineup already out, long after the due time: missed while down.
        ("lineup out before the restart", DUE + 3 * H, DUE + 2 * H, None, MISSED),
        ("restart within the grace", DUE + timedelta(minutes=20), DUE + timedelta(minutes=10), None, Decision("post")),
        # Up since before the due time: never "missed while down".
        ("up before the due time", DUE + 3 * H, DUE - H, None, Decision("post")),
        # The lineup was seen missing before the bot went down again: postable from then, long ago.
        ("seen missing, then down", DUE + 5 * H, DUE + 4 * H, DUE + H, MISSED),
        ("seen missing, down briefly", DUE + H + timedelta(minutes=20), DUE + H + timedelta(minutes=10), DUE + H, Decision("post")),
    ],
)  # fmt: skip
def test_a_post_missed_while_down_counts_from_when_it_became_postable(
    case: str, now: datetime, up_since: datetime, lineup_seen_missing: datetime | None, expected: Decision
) -> None:
    assert _before(now, up_since=up_since, lineup_seen_missing=lineup_seen_missing) == expected, case


def test_no_lineup_waits_for_it() -> None:
    """Due, no lineup: wait for the data (no moment to wake at)."""
    assert _before(DUE + H, up_since=DUE - H, lineup_known=False) == Decision("wait")


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (timedelta(0), Decision("wait", at=DUE)),
        (timedelta(seconds=5), Decision("wait", at=DUE - timedelta(seconds=5))),
        (timedelta(seconds=30), Decision("post")),
    ],
)
def test_a_burst_may_start_its_lead_before_the_due_time(lead: timedelta, expected: Decision) -> None:
    """Twenty seconds before the due time: a burst needing thirty seconds starts now."""
    assert _before(DUE - timedelta(seconds=20), up_since=DUE - H, lead=lead) == expected


def test_a_lead_never_starts_a_post_before_its_lineup() -> None:
    assert _before(DUE - timedelta(seconds=20), up_since=DUE - H, lineup_known=False, lead=H) == Decision(
        "wait"
    )


@pytest.mark.parametrize("mode", ["lineup", "before"])
def test_never_after_the_green_flag(mode: str) -> None:
    decision = grid_decision(
        mode=mode,  # type: ignore[arg-type]
        minutes_before=60,
        green_flag=GREEN,
        lineup_known=True,
        now=GREEN,
        up_since=GREEN - H,
        grace=GRACE,
    )
    assert decision == Decision("skip", reason=RACE_STARTED)


SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("requests", "expected"),
    [
        # 90 requests at 45 a second: two seconds.
        ({DUE: 90}, {DUE: DUE - 2 * SECOND}),
        # Far apart, each burst on its own.
        ({DUE: 45, DUE + H: 90}, {DUE: DUE - SECOND, DUE + H: DUE + H - 2 * SECOND}),
        # Ten seconds apart, the later burst needs twenty: the earlier one ends before it starts.
        ({DUE: 45, DUE + 10 * SECOND: 900}, {DUE + 10 * SECOND: DUE - 10 * SECOND, DUE: DUE - 11 * SECOND}),
    ],
)
def test_bursts_start_early_enough_to_end_by_their_moment(
    requests: dict[datetime, int], expected: dict[datetime, datetime]
) -> None:
    assert burst_starts(requests, per_second=45) == expected
