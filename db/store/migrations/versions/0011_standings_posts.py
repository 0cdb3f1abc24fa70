"""standings announcements: a server's switch for posting the standings after each race, the drivers'
starts in NASCAR's tables (how many races a table counts), and "standings" posts in the claim log
(issue 21, item 6)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = "ck_announcement_log_known_kind"


def upgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("standings", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("standings_rows") as batch:
        batch.add_column(sa.Column("starts", sa.Integer(), nullable=True))
    with op.batch_alter_table("announcement_log") as batch:
        batch.drop_constraint(op.f(KIND), type_="check")
        batch.create_check_constraint(op.f(KIND), "kind IN ('grid', 'results', 'standings')")


def downgrade() -> None:
    # The standings posts' log rows go first: the narrower constraint would refuse them.
    op.execute("DELETE FROM announcement_log WHERE kind = 'standings'")
    with op.batch_alter_table("announcement_log") as batch:
        batch.drop_constraint(op.f(KIND), type_="check")
        batch.create_check_constraint(op.f(KIND), "kind IN ('grid', 'results')")
    with op.batch_alter_table("standings_rows") as batch:
        batch.drop_column("starts")
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("standings")
