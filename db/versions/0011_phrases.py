"""phrases: findings and notes kept as catalog messages with parameters

``findings.message_phrase``, ``crossing_status_changes.note_phrase`` and
``crossings.note_phrase`` (the note of a crossing imported from a bundle) hold
the message as a phrase (its catalog entry and parameters, as JSON) beside
the text already stored, so each reader sees it in their own language. Older
rows keep only their text, which is shown as written: nothing the audit
chain signed is rewritten.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_COLUMNS = (('findings', 'message_phrase'), ('crossing_status_changes', 'note_phrase'),
            ('crossings', 'note_phrase'))


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (SQLite adds and, since 3.35, drops a column in
    # place): copying ``crossings`` into a new table would trip the keys that point at it.
    for table, column in _COLUMNS:
        op.add_column(table, sa.Column(column, sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.drop_column(table, column)
