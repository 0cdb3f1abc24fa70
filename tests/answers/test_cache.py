"""The answer cache: repeat questions skip the query until the data changes."""

from __future__ import annotations

from bot.answers.cache import AnswerCache


def test_second_ask_is_a_hit() -> None:
    """The same key computes once."""
    cache = AnswerCache()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return 42

    assert [cache.get("k", compute), cache.get("k", compute)] == [42, 42]
    assert (len(calls), cache.hits, cache.misses) == (1, 1, 1)


def test_oldest_entry_is_evicted() -> None:
    """Past its size the least recently used answer goes first."""
    cache = AnswerCache(size=2)

    def value(n: int) -> int:
        return n

    for key in (1, 2, 1, 3):
        cache.get(key, lambda key=key: value(key))
    assert len(cache) == 2
    cache.get(2, lambda: value(-1))
    assert cache.misses == 4  # 2 was evicted, 1 was kept because it was used


def test_clear_forgets_everything() -> None:
    """After clear() every key computes again."""
    cache = AnswerCache()

    def one() -> int:
        return 1

    cache.get("k", one)
    cache.clear()
    cache.get("k", one)
    assert cache.misses == 2
