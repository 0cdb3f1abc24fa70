"""File uploads: multipart bodies with `payload_json` and `files[n]` parts, checked as Discord checks them.

Discord's spec gives the multipart body as the JSON body plus `files[0]`…`files[9]` binary parts; its
docs add what the spec cannot say: each upload has an `attachments` entry whose `id` is its part's
index (and whose filename, when given, is the part's), at most 10 MiB a file by default and 25 MiB a
request, and an embed shows an upload by pointing at `attachment://<filename>`. The route sees full
attachment objects in place of the entries, so the messages the fake stores carry their attachments.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import orjson
from aiohttp import BodyPartReader, web

from .models import snowflake
from .spec import SpecViolation, find_operation

FILE_LIMIT = 10 * 1024 * 1024
REQUEST_LIMIT = 25 * 1024 * 1024
MAX_FILES = 10
FILE_PART = re.compile(r"files\[(\d+)\]")


@dataclass(frozen=True)
class UploadedFile:
    """One `files[n]` part of a multipart request."""

    index: int
    filename: str
    content_type: str
    data: bytes


async def read_multipart(request: web.Request) -> tuple[Any, tuple[UploadedFile, ...], list[str]]:
    """The `payload_json` body, the files, and the names of parts that are neither."""
    payload: Any = None
    files: list[UploadedFile] = []
    strays: list[str] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            strays.append("(nested multipart)")
            continue
        data = await part.read(decode=False)
        match = FILE_PART.fullmatch(part.name or "")
        if part.name == "payload_json":
            payload = orjson.loads(data)
        elif match is not None:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(UploadedFile(int(match[1]), part.filename or "", content_type, bytes(data)))
        else:
            strays.append(part.name or "(unnamed)")
    return payload, tuple(files), strays


def _message_part(body: Any, path: str) -> dict[str, Any]:
    """Where the message is in the body: an interaction callback's `data`, else the body itself."""
    if not isinstance(body, dict):
        return {}
    if path.endswith("/callback"):
        data = body.get("data")
        return data if isinstance(data, dict) else {}
    return body


def upload_violations(
    method: str, path: str, body: Any, files: tuple[UploadedFile, ...], strays: list[str]
) -> list[SpecViolation]:
    """How a multipart request breaks Discord's rules for uploads (none for a good one)."""
    operation = find_operation(method, path)
    operation_id = operation.operation_id if operation is not None else "?"

    def problem(json_path: str, message: str) -> SpecViolation:
        return SpecViolation(method.upper(), path, operation_id, json_path, message)

    found = [problem("$", f"multipart part {name!r} is neither payload_json nor files[n]") for name in strays]
    if len(files) > MAX_FILES:
        found.append(problem("$", f"{len(files)} files, over the {MAX_FILES} a message may carry"))
    for upload in files:
        if len(upload.data) > FILE_LIMIT:
            found.append(problem(f"files[{upload.index}]", f"{len(upload.data)} bytes, over {FILE_LIMIT}"))
        if not upload.filename:
            found.append(problem(f"files[{upload.index}]", "a file part without a filename"))
    if sum(len(upload.data) for upload in files) > REQUEST_LIMIT:
        found.append(problem("$", f"uploads over the {REQUEST_LIMIT}-byte request limit"))
    message = _message_part(body, path)
    entries = {
        str(entry.get("id")): entry for entry in message.get("attachments") or [] if isinstance(entry, dict)
    }
    for upload in files:
        entry = entries.get(str(upload.index))
        if entry is None:
            found.append(
                problem(
                    "$.attachments", f"no attachment entry with id {upload.index} for files[{upload.index}]"
                )
            )
        elif entry.get("filename") not in (None, upload.filename):
            found.append(
                problem(
                    "$.attachments",
                    f"entry {upload.index} names {entry.get('filename')!r}, the part {upload.filename!r}",
                )
            )
    names = {upload.filename for upload in files}
    for number, embed in enumerate(message.get("embeds") or []):
        for field in ("image", "thumbnail"):
            url = ((embed or {}).get(field) or {}).get("url") or ""
            if url.startswith("attachment://") and url.removeprefix("attachment://") not in names:
                found.append(
                    problem(f"$.embeds[{number}].{field}.url", f"{url} names no file uploaded with it")
                )
    return found


def with_attachment_objects(body: Any, path: str, files: tuple[UploadedFile, ...]) -> Any:
    """The body as the route should see it: each upload's entry replaced by the attachment Discord makes."""
    routed = copy.deepcopy(body)
    message = _message_part(routed, path)
    by_index = {str(upload.index): upload for upload in files}
    attachments = []
    for entry in message.get("attachments") or []:
        upload = by_index.get(str(entry.get("id")))
        if upload is None:
            attachments.append(entry)  # an attachment the message keeps
            continue
        attachment_id = str(snowflake())
        url = f"https://cdn.fake.invalid/attachments/{attachment_id}/{upload.filename}"
        attachments.append(
            {
                "id": attachment_id,
                "filename": upload.filename,
                "description": entry.get("description"),
                "content_type": upload.content_type,
                "size": len(upload.data),
                "url": url,
                "proxy_url": url,
            }
        )
    if message or attachments:
        message["attachments"] = attachments
    return routed
