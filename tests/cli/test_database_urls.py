"""DATABASE_URLs an operator writes by habit: one line naming the URL to write instead, or what to create."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy.engine import make_url

# Nothing listens on port 9 (discard): a URL refused before connecting says so; one tried says "cannot reach".
NOWHERE = "127.0.0.1:9"


def _refusal(racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], url: str) -> str:
    """Run `racebot db upgrade` against `url`; it must fail with exactly one calm line."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        assert racebot("db", "upgrade") == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("racebot: ")
    return line


@pytest.mark.parametrize(
    ("url", "instead"),
    [
        (f"postgresql://racebot@{NOWHERE}/racebot", f"postgresql+asyncpg://racebot@{NOWHERE}/racebot"),
        (f"postgres://racebot@{NOWHERE}/racebot", f"postgresql+asyncpg://racebot@{NOWHERE}/racebot"),
        (
            f"postgresql+psycopg2://racebot@{NOWHERE}/racebot",
            f"postgresql+asyncpg://racebot@{NOWHERE}/racebot",
        ),
        ("sqlite:///racebot.db", "sqlite+aiosqlite:///racebot.db"),
        (
            f"postgresql+asyncpg://racebot@{NOWHERE}/racebot?sslmode=require",
            f"postgresql+asyncpg://racebot@{NOWHERE}/racebot?ssl=require",
        ),
        (
            f"postgres://racebot@{NOWHERE}/racebot?sslmode=require",
            f"postgresql+asyncpg://racebot@{NOWHERE}/racebot?ssl=require",
        ),
    ],
)
def test_a_habitual_url_names_the_url_to_write(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], url: str, instead: str
) -> None:
    """The usual URL forms (libpq's, SQLAlchemy's defaults) get the URL to write, not a driver error."""
    assert _refusal(racebot, capsys, url).endswith(f"write {instead}")


def test_the_url_to_write_hides_the_password(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The corrected URL keeps the user and host but never prints the password."""
    line = _refusal(racebot, capsys, f"postgresql://racebot:s3cret@{NOWHERE}/racebot")
    assert line.endswith(f"write postgresql+asyncpg://racebot:***@{NOWHERE}/racebot")


@pytest.mark.parametrize(
    "url", [f"postgresql+asyncpg://postgres@{NOWHERE}", f"postgresql+asyncpg://postgres@{NOWHERE}/"]
)
def test_a_postgres_url_without_a_database_is_refused(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], url: str
) -> None:
    """No database name would fill the server's own `postgres` database: refused before connecting."""
    line = _refusal(racebot, capsys, url)
    assert "names no database" in line
    assert line.endswith(f"name one: postgresql+asyncpg://postgres@{NOWHERE}/racebot")


@pytest.mark.postgres
def test_a_missing_database_says_how_to_create_it(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], postgres_database: str
) -> None:
    """A database the server does not have is named, with the createdb line that makes it."""
    missing = f"racebot_missing_{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_database).set(database=missing)
    line = _refusal(racebot, capsys, url.render_as_string(hide_password=False))
    assert f"database {missing!r} does not exist" in line
    assert f"createdb -h {url.host} -p {url.port} -U postgres -O {url.username} {missing}" in line


@pytest.mark.postgres
def test_a_missing_role_says_how_to_create_it(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str], postgres_database: str
) -> None:
    """A user the server does not know is named, with the createuser line that makes it."""
    role = f"racebot_nobody_{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_database).set(username=role)
    line = _refusal(racebot, capsys, url.render_as_string(hide_password=False))
    assert f'role "{role}" does not exist' in line
    assert f"createuser -h {url.host} -p {url.port} -U postgres {role}" in line
