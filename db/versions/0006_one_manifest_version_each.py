"""one manifest version each: (crossing, version) is unique

Two officers accepting or correcting the same version at the same moment both
made version N+1; the index makes the second save fail, and the services turn
that into the "newer version" refusal.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 11:30:00
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('manifests', schema=None) as batch_op:
        batch_op.create_index(
            'uq_manifests_crossing_version', ['crossing_id', 'version'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('manifests', schema=None) as batch_op:
        batch_op.drop_index('uq_manifests_crossing_version')
