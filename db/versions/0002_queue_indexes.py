"""queue indexes: status counts from the index alone, and a cheap queue marker

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (gate, arrived_at, status) answers everything (gate, arrived_at) did, and the
    # queue's counts per status for a date range without reading the table.
    with op.batch_alter_table('crossings', schema=None) as batch_op:
        batch_op.drop_index('ix_crossings_gate_arrived')
        batch_op.create_index(
            'ix_crossings_gate_arrived_status', ['gate_id', 'arrived_at', 'status'], unique=False
        )
    # The queue marker counts recent status changes through this index.
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.create_index(
            'ix_crossing_status_changes_created_at', ['created_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_crossing_status_changes_created_at')
    with op.batch_alter_table('crossings', schema=None) as batch_op:
        batch_op.drop_index('ix_crossings_gate_arrived_status')
        batch_op.create_index(
            'ix_crossings_gate_arrived', ['gate_id', 'arrived_at'], unique=False
        )
