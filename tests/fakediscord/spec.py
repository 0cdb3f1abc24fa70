"""Validate request bodies against Discord's official OpenAPI 3.1 spec.

The spec ships beside this module (`discord-api-spec/`, MIT-licensed by Discord, its licence with it),
so the suite runs on any clone; a test checks the copy against `../shared` where that is present. Each
operation's `application/json` request schema is compiled once (module-level lazy cache) into a
JSON Schema 2020-12 validator; `$ref`s resolve against the whole document through `referencing`.

How the spec writes things, and how that maps onto JSON Schema:
- nullable fields are `"type": [..., "null"]` or `oneOf: [{"type": "null"}, {"$ref": ...}]`, both
  plain 2020-12, so they validate as written;
- unions of request shapes are `anyOf` tagged `x-discord-union: oneOf`. They are validated as the
  `anyOf` they are written as: the branches overlap (an integer autocomplete choice is also a
  number choice), so a strict `oneOf` would reject valid bodies. When a union fails, the branch
  whose `type` tag matches the body is the one reported, so the JSON path points at the field;
- `format` values (`snowflake`, `int64`, `uri`) are annotations only, as in 2020-12.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError, best_match  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent / "discord-api-spec" / "openapi.json"
_SPEC_URI = "urn:discord-openapi"
_METHODS = ("get", "put", "post", "patch", "delete")

# Where the spec is stricter than Discord and discord.py 2.7.1, as JSON pointers into the spec
# and the schema that replaces them. discord.py's default nonce is `secrets.randbits(64)`, an
# unsigned 64-bit integer every discord.py bot sends; the spec's signed int64 rejects half of them.
# discord.py sends `allowed_mentions` role and user ids as JSON integers, which Discord accepts, and
# a new upload's attachment `id` as the integer index of its `files[n]` part (Discord's documented form).
_SNOWFLAKE_OR_INTEGER: dict[str, Any] = {
    "oneOf": [{"$ref": "#/components/schemas/SnowflakeType"}, {"type": "integer", "minimum": 0}]
}
_KNOWN_LENIENCIES: dict[str, dict[str, Any]] = {
    "/components/schemas/MessageCreateRequest/properties/nonce/oneOf/0": {
        "type": "integer",
        "minimum": -(2**63),
        "maximum": 2**64 - 1,
    },
    "/components/schemas/MessageAllowedMentionsRequest/properties/roles/items/oneOf/1": _SNOWFLAKE_OR_INTEGER,
    "/components/schemas/MessageAllowedMentionsRequest/properties/users/items/oneOf/1": _SNOWFLAKE_OR_INTEGER,
    "/components/schemas/MessageAttachmentRequest/properties/id": _SNOWFLAKE_OR_INTEGER,
}


@dataclass(frozen=True)
class SpecViolation:
    """One way a request body breaks the spec; `json_path` is like `$.embeds[0].title`."""

    method: str
    path: str
    operation_id: str
    json_path: str
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.operation_id}): {self.json_path}: {self.message}"


@dataclass(frozen=True)
class _Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    operation_id: str
    schema_pointer: str | None


def validate_request(method: str, path: str, body: Any) -> list[SpecViolation]:
    """Check one request body; paths are relative to the API base, e.g. `/channels/1/messages`.

    Requests whose operation has no JSON body schema (or is not in the spec) pass unchecked.
    """
    operation = find_operation(method, path)
    if operation is None or operation.schema_pointer is None:
        return []
    validator = _validator(operation.schema_pointer)
    return [
        SpecViolation(method.upper(), path, operation.operation_id, error.json_path, _shorten(error.message))
        for error in _precise_errors(validator.iter_errors(body))
    ]


def find_operation(method: str, path: str) -> _Operation | None:
    """The spec operation for a concrete request, preferring literal segments over parameters."""
    for operation in _operations():
        if operation.method == method.lower() and operation.pattern.fullmatch(path):
            return operation
    return None


def _precise_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """Replace a failed union by the errors of the branch the body was meant to be."""
    for error in errors:
        if error.validator not in ("anyOf", "oneOf") or not error.context:
            yield error
            continue
        branch = _intended_branch(error.context)
        if branch is None:
            yield best_match(error.context) or error
        else:
            yield from _precise_errors(iter(branch))


def _intended_branch(context: list[ValidationError]) -> list[ValidationError] | None:
    """Errors of the one branch whose JSON type and `type` tag fit the instance, if only one does."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in by_branch.values() if not any(_is_shape_mismatch(sub) for sub in subs)]
    return fitting[0] if len(fitting) == 1 else None


def _is_shape_mismatch(error: ValidationError) -> bool:
    """A wrong JSON type for the whole instance, or a wrong discriminating `type` field."""
    path = list(error.relative_path)
    return (path == [] and error.validator == "type") or path == ["type"]


@cache
def _operations() -> list[_Operation]:
    spec = _spec()
    operations: list[_Operation] = []
    for template, item in spec["paths"].items():
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        for method in _METHODS:
            if method not in item:
                continue
            body = item[method].get("requestBody", {}).get("content", {})
            pointer = None
            if "application/json" in body:
                parts = ["#", "paths", _escape(template), method, "requestBody", "content"]
                pointer = "/".join([*parts, "application~1json", "schema"])
            operations.append(
                _Operation(method, template, re.compile(regex), item[method].get("operationId", "?"), pointer)
            )
    # `/messages/@original` must win over `/messages/{message_id}`.
    operations.sort(key=lambda op: -len(re.sub(r"\{[^}]+\}", "", op.template)))
    return operations


@cache
def _validator(schema_pointer: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, DRAFT202012.create_resource(_spec()))
    return Draft202012Validator({"$ref": _SPEC_URI + schema_pointer}, registry=registry)


@cache
def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    for pointer, replacement in _KNOWN_LENIENCIES.items():
        *parents, last = [_unescape(part) for part in pointer.strip("/").split("/")]
        node: Any = spec
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = replacement
    return spec


def _shorten(message: str, limit: int = 160) -> str:
    """Keep both ends of a message that quotes a huge instance ("'xxxx…' is too long")."""
    return message if len(message) <= limit else f"{message[: limit // 2]} … {message[-limit // 3 :]}"


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")
