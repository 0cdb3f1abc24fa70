"""User-facing errors: their text is shown to the user as is, ephemerally, by the tree's handler."""

from __future__ import annotations

from collections.abc import Sequence


class UserFacingError(Exception):
    """An error whose message is written for the person who typed the command."""


class BadInput(UserFacingError):
    """The option value cannot be a name at all (empty, far too long)."""


class NoMatch(UserFacingError):
    def __init__(self, kind: str, query: str, closest: Sequence[str] = ()) -> None:
        self.kind, self.query, self.closest = kind, query, tuple(closest)
        shown = query if len(query) <= 60 else query[:57] + "..."
        text = f"No {kind} matches '{shown}'."
        if self.closest:
            text += " Closest: " + ", ".join(self.closest) + "."
        super().__init__(text)


class Ambiguous(UserFacingError):
    """Several names fit about equally well; the user must pick."""

    def __init__(self, kind: str, query: str, options: Sequence[str]) -> None:
        self.kind, self.query, self.options = kind, query, tuple(options)
        super().__init__(
            f"'{query}' could be more than one {kind}: " + ", ".join(self.options) + ". Which one?"
        )


class NoData(UserFacingError):
    """The name is valid but the store holds nothing for the question."""
