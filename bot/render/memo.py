"""Built embeds reused for a repeated answer: the answer service hands back the very same report object
while the data and its freshness stand, so a question asked again skips building its embeds.

Only for embeds that go straight to Discord: what `reuse` returns is shared, and must not be changed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")

# Reports remembered per builder (each holds its report, so an id is never reused while kept): the
# answers asked over and over at one time are few, and a long table's built pages are tens of KB.
SIZE = 16

_built: dict[Callable[..., Any], OrderedDict[int, tuple[Any, Any]]] = {}


def reuse(build: Callable[[R], T], report: R) -> T:
    """`build(report)`, or what it built for this very report object lately."""
    memo = _built.setdefault(build, OrderedDict())
    kept = memo.get(id(report))
    if kept is not None and kept[0] is report:
        memo.move_to_end(id(report))
        built: T = kept[1]
        return built
    built = build(report)
    memo[id(report)] = (report, built)
    if len(memo) > SIZE:
        memo.popitem(last=False)
    return built
