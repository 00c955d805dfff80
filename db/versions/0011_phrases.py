"""phrases: findings and status notes kept as catalog messages with parameters

``findings.message_phrase`` and ``crossing_status_changes.note_phrase`` hold
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


def upgrade() -> None:
    # Added, nullable, with no default: SQLite adds such a column in place, rows untouched.
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_phrase', sa.JSON(none_as_null=True),
                                      nullable=True))
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_phrase', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.drop_column('note_phrase')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('message_phrase')
