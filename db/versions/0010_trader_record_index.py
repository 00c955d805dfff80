"""trader record index: a trader's earlier declarations found by tax code at every check

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_declarations_trader_tax_code', 'declarations',
                    ['trader_tax_code', 'crossing_id'])


def downgrade() -> None:
    op.drop_index('ix_declarations_trader_tax_code', table_name='declarations')
