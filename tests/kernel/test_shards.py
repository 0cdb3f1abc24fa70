"""Discord's shard arithmetic and the shard lists operators write."""

from __future__ import annotations

import pytest

from kernel.shards import ShardSet, identify_bucket, parse_shard_ids, shard_of, shown_shard_ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [("0", (0,)), ("0-3", (0, 1, 2, 3)), ("0-1,4", (0, 1, 4)), (" 5, 2-3 ,2", (2, 3, 5)), ("7-7", (7,))],
)
def test_shard_lists_are_read(text: str, ids: tuple[int, ...]) -> None:
    """Ranges and single ids, in any order and with repeats, come out sorted once each."""
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not a list"),
        ("a-b", "not a list"),
        ("3-1", "backwards"),
        ("-1", "not a list"),
        ("0-70000", "beyond"),
    ],
)
def test_bad_shard_lists_say_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_shard_ids(text)


def test_shown_lists_read_back() -> None:
    """(0, 1, 2, 3, 8, 10, 11) is written 0-3,8,10-11, which reads back the same."""
    ids = (0, 1, 2, 3, 8, 10, 11)
    assert shown_shard_ids(ids) == "0-3,8,10-11"
    assert parse_shard_ids(shown_shard_ids(ids)) == ids


def test_a_servers_shard_is_its_id_shifted_22_bits_modulo_the_count() -> None:
    """The shard comes from the id's timestamp bits; the low 22 bits never matter."""
    guild = (123_456 << 22) | 0x3FFFFF  # worker, process and increment bits all set
    assert shard_of(guild, 4) == 123_456 % 4 == 0
    assert shard_of(guild, 7) == 123_456 % 7
    assert identify_bucket(5, 2) == 1 and identify_bucket(5, 16) == 5


def test_a_shard_set_owns_the_servers_on_its_shards() -> None:
    shards = ShardSet(4, (2, 3))
    assert [shards.owns(n << 22) for n in range(4)] == [False, False, True, True]
    assert shards.share == 0.5 and str(shards) == "shards 2-3 of 4"


@pytest.mark.parametrize(
    ("count", "ids", "says"), [(4, (4,), "outside 0-3"), (0, (0,), "at least 1"), (2, (), "no shards")]
)
def test_impossible_shard_sets_are_refused(count: int, ids: tuple[int, ...], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        ShardSet(count, ids)
