"""Discord's shard arithmetic: which shard a server is on, and which shards one process holds.

A server's shard is `(guild_id >> 22) % shard_count`; several processes split the shards of one count
between them (`0-1` and `2-3` of 4), and during a reshard two counts run side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHARDS = 65_536  # far beyond any bot; a typo like 0-1000000 is refused instead of started


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a server's events and interactions."""
    return (guild_id >> 22) % shard_count


def identify_bucket(shard_id: int, max_concurrency: int) -> int:
    """The IDENTIFY rate-limit bucket of a shard: Discord lets one shard per bucket identify per 5 s."""
    return shard_id % max_concurrency


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """`"0-3,8"` -> (0, 1, 2, 3, 8): ranges and single ids, comma-separated, sorted, no repeats.

    ValueError says what is wrong (for `SHARD_IDS` and `--shards`)."""
    ids: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(f"{text!r} is not a list of shard ids like 0-3 or 0,2,5")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ValueError(f"shard range {part} runs backwards")
        if high >= MAX_SHARDS:
            raise ValueError(f"shard id {high} is beyond {MAX_SHARDS - 1}")
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


def shown_shard_ids(ids: Iterable[int]) -> str:
    """(0, 1, 2, 3, 8) -> "0-3,8", the form `parse_shard_ids` reads."""
    runs: list[list[int]] = []
    for shard in sorted(set(ids)):
        if runs and shard == runs[-1][1] + 1:
            runs[-1][1] = shard
        else:
            runs.append([shard, shard])
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in runs)


@dataclass(frozen=True, slots=True)
class ShardSet:
    """The shards one process holds, out of `count`."""

    count: int
    ids: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"the shard count must be at least 1, not {self.count}")
        outside = [shard for shard in self.ids if not 0 <= shard < self.count]
        if outside:
            raise ValueError(
                f"shard ids {shown_shard_ids(outside)} are outside 0-{self.count - 1} (the shard count is "
                f"{self.count})"
            )
        if not self.ids:
            raise ValueError("no shards to run")

    @classmethod
    def every(cls, count: int) -> ShardSet:
        return cls(count, tuple(range(count)))

    def owns(self, guild_id: int) -> bool:
        """Whether this process receives the server's events (and so answers and announces for it)."""
        return shard_of(guild_id, self.count) in self.ids

    @property
    def share(self) -> float:
        """This process's part of the bot: its shards over all of them."""
        return len(self.ids) / self.count

    def __str__(self) -> str:
        return f"shards {shown_shard_ids(self.ids)} of {self.count}"
