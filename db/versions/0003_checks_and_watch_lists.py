"""checks and watch lists: channel overrides, kind-specific watch-list fields

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('points', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overrides_id', sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column('override_reason', sa.Text(), nullable=False, server_default='')
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_check_runs_overrides_id_check_runs'), 'check_runs',
            ['overrides_id'], ['id'],
        )
    with op.batch_alter_table('watch_list_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_key', sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column('legal_source', sa.Text(), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reported_on', sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column('details', sa.JSON(), nullable=False, server_default='{}')
        )
        batch_op.add_column(
            sa.Column('change_reason', sa.Text(), nullable=False, server_default='')
        )
        batch_op.create_index(
            batch_op.f('ix_watch_list_entries_entry_key'), ['entry_key'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('points')
    with op.batch_alter_table('watch_list_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_watch_list_entries_entry_key'))
        for column in ('change_reason', 'details', 'reported_on', 'source', 'legal_source',
                       'entry_key'):
            batch_op.drop_column(column)
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_check_runs_overrides_id_check_runs'), type_='foreignkey'
        )
        batch_op.drop_column('override_reason')
        batch_op.drop_column('overrides_id')
