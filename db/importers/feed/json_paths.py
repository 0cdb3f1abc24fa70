"""Walking a parsed JSON payload with its JSON path in hand, so every bad value says where it is.

The feed is undocumented and drifts between seasons; these checked getters accept the drift seen so
far (counts as "0" or 400.0, blank strings, offset-less times) and reject anything looser with a
FeedFormatError naming the path, such as `weekend_race[0].results[3].driver_id`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

# Years NASCAR uses for "no date" (0001-01-01, 1900-01-01).
_PLACEHOLDER_BEFORE_YEAR = 1901
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]*\.?[0-9]+")


class FeedFormatError(ValueError):
    """A payload that is not the shape we expect; the message names the JSON path (and URL, if known)."""


class JsonNode:
    """A JSON object plus the path that reached it, so every complaint can say where it is."""

    __slots__ = ("data", "path")

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise FeedFormatError(f"{path or '(top level)'}: expected object, got {_describe(data)}")
        self.data: dict[str, Any] = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def require(self, *keys: str) -> None:
        """Check the object's shape: one error naming every missing key, so a renamed field reads as such."""
        missing = [key for key in keys if key not in self.data]
        if missing:
            raise FeedFormatError(f"{self.path or '(top level)'}: missing keys {', '.join(missing)}")

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise FeedFormatError(f"{self._where(key)}: missing")
            return None
        return self.data[key]

    def req_int(self, key: str) -> int:
        value = self.opt_int(key, required=True)
        if value is None:
            raise FeedFormatError(f"{self._where(key)}: expected int, got null")
        return value

    def opt_int(self, key: str, *, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        # Feeds drift: counts arrive as strings ("0") or as 400.0; accept those, nothing looser.
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            return int(value)
        raise FeedFormatError(f"{self._where(key)}: expected int, got {_describe(value)}")

    def opt_float(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            return float(value)
        raise FeedFormatError(f"{self._where(key)}: expected number, got {_describe(value)}")

    def req_str(self, key: str) -> str:
        value = self._get(key, True)
        if not isinstance(value, str):
            raise FeedFormatError(f"{self._where(key)}: expected string, got {_describe(value)}")
        return value

    def opt_str(self, key: str) -> str | None:
        """A string, with blank treated as absent."""
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, str):
            raise FeedFormatError(f"{self._where(key)}: expected string, got {_describe(value)}")
        return value.strip() or None

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise FeedFormatError(f"{self._where(key)}: expected true/false, got {_describe(value)}")
        return value

    def time(self, key: str, *, utc: bool) -> datetime | None:
        value = self.opt_str(key)
        return None if value is None else _parse_time(value, self._where(key), utc=utc)

    def items(self, key: str, *, required: bool = False) -> list[JsonNode]:
        """The objects of a list field; null or absent reads as empty unless required."""
        value = self._get(key, required)
        if value is None:
            if required:
                raise FeedFormatError(f"{self._where(key)}: expected list, got null")
            return []
        return json_nodes(value, self._where(key))


def json_nodes(value: Any, path: str) -> list[JsonNode]:
    if not isinstance(value, list):
        raise FeedFormatError(f"{path}: expected list, got {_describe(value)}")
    return [JsonNode(item, f"{path}[{index}]") for index, item in enumerate(value)]


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@cache
def _eastern() -> ZoneInfo:
    return ZoneInfo("America/New_York")


def _parse_time(value: str, where: str, *, utc: bool) -> datetime | None:
    """An aware UTC datetime; None for NASCAR's 0001-/1900- placeholders.

    Offset-less values are UTC when the field says so (`start_time_utc`, which often lacks its Z);
    otherwise they are US Eastern, the zone NASCAR publishes race times in.
    """
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise FeedFormatError(f"{where}: expected date-time, got {value!r}") from None
    if parsed.year < _PLACEHOLDER_BEFORE_YEAR:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC if utc else _eastern())
    return parsed.astimezone(UTC)
