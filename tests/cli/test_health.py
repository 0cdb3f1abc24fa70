"""`racebot health`: the exit status scripts and the image's health check read (0 ready, 1 not ready,
2 no answer), against a loopback server standing in for the bot's /readyz."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

READY = {"ready": True, "gateway": True, "store": True, "race_book": True, "history_refresh": None}
NOT_READY = {**READY, "ready": False, "gateway": False}


class Readyz:
    """What the stand-in answers: a status and a body."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = json.dumps(READY).encode()
        self.paths: list[str] = []


@pytest.fixture
def readyz() -> Iterator[tuple[Readyz, int]]:
    answer = Readyz()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer.paths.append(self.path)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answer, server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def test_ready_is_0_and_prints_the_body(
    racebot: Callable[..., int],
    readyz: tuple[Readyz, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """METRICS_HOST 0.0.0.0 (as in the image) is asked on loopback; the body is printed as JSON."""
    answer, port = readyz
    monkeypatch.setenv("METRICS_PORT", str(port))
    monkeypatch.setenv("METRICS_HOST", "0.0.0.0")
    assert racebot("health") == 0
    assert json.loads(capsys.readouterr().out) == READY
    assert answer.paths == ["/readyz"]


def test_not_ready_is_1(
    racebot: Callable[..., int],
    readyz: tuple[Readyz, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answer, port = readyz
    answer.status, answer.body = 503, json.dumps(NOT_READY).encode()
    monkeypatch.setenv("METRICS_PORT", str(port))
    assert racebot("health") == 1
    assert json.loads(capsys.readouterr().out)["gateway"] is False


@pytest.mark.parametrize("body", [b"<html>not json</html>", b"", b'{"status": "ok"}'])
def test_an_answer_that_is_not_readiness_is_2(
    racebot: Callable[..., int], readyz: tuple[Readyz, int], body: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """Something else on the port, even answering 200, is not taken for a ready bot."""
    answer, port = readyz
    answer.body = body
    assert racebot("health", "--url", f"http://127.0.0.1:{port}") == 2
    assert capsys.readouterr().out == ""


def test_nothing_listening_is_2(racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> None:
    assert racebot("health", "--url", "http://127.0.0.1:9") == 2
    assert "no answer from http://127.0.0.1:9/readyz" in capsys.readouterr().err


def test_no_port_configured_is_2_and_says_so(
    racebot: Callable[..., int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("METRICS_PORT", raising=False)
    assert racebot("health") == 2
    assert "set METRICS_PORT" in capsys.readouterr().err
