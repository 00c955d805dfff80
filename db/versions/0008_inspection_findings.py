"""inspection findings: which findings an inspection confirmed

A discrepancy found at an inspection names the rule ids of the findings it
confirmed, as a seizure already does; earlier inspections confirmed none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finding_rules', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('finding_rules')
