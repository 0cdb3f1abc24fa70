"""INSERT … ON CONFLICT for the store's dialect: SQLite and PostgreSQL share the syntax, each through
its own dialect's `insert`.

The dialect module is looked up by name: the engine has already imported its own, and a process on
SQLite never imports PostgreSQL's (megabytes of a process's memory for nothing).
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


def upsert(session: AsyncSession, model: type[Any]) -> Any:
    """An INSERT into `model`'s table that takes `.on_conflict_do_update` / `…_do_nothing`."""
    dialect = session.get_bind().dialect.name
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert(model)
