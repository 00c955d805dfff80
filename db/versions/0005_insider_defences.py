"""insider defences: the workstation's clock beside the server's, and the database's own id

``audit_events.workstation_at`` keeps the workstation's clock when the event's
``at`` came from the server's (PostgreSQL); ``database_identity`` holds one row,
the id under which computers pin the keys they saw in this database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('workstation_at', sa.DateTime(timezone=True), nullable=True))
    identity = op.create_table(
        'database_identity',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_database_identity')),
    )
    now = datetime.now(UTC)
    if op.get_bind().dialect.name == 'sqlite':
        now = now.replace(tzinfo=None)  # the models keep naive UTC in SQLite
    op.bulk_insert(identity, [{'id': uuid.uuid4(), 'created_at': now}])


def downgrade() -> None:
    op.drop_table('database_identity')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('workstation_at')
