"""Answers kept in memory until the store's data changes, so repeat questions skip the work."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Questions answered: a computed report and the finished answer built on it are an entry each. The
# few hundred questions fans repeat fit; more would hold megabytes of rarely asked reports.
DEFAULT_SIZE = 1024


class AnswerCache:
    """A bounded LRU of reports; `clear()` whenever the data version moves."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for `key`, computing (and keeping) it on a miss."""
        if key in self._items:
            self._items.move_to_end(key)
            self.hits += 1
            value: T = self._items[key]
            return value
        self.misses += 1
        value = compute()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
