"""registered media types: evidence media types up to 128 characters

An XLSX workbook's registered media type,
application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, is 65
characters; the column held 64, so spreadsheets were stored under a made-up
"application/x-xlsx". Workbooks stored that way are given their registered name.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def upgrade() -> None:
    with op.batch_alter_table('evidence_blobs', schema=None) as batch_op:
        batch_op.alter_column('media_type', existing_type=sa.String(length=64),
                              type_=sa.String(length=128), existing_nullable=False)
    op.execute(sa.text("UPDATE evidence_blobs SET media_type = :xlsx "
                       "WHERE media_type = 'application/x-xlsx'").bindparams(xlsx=XLSX))


def downgrade() -> None:
    op.execute(sa.text("UPDATE evidence_blobs SET media_type = 'application/x-xlsx' "
                       "WHERE media_type = :xlsx").bindparams(xlsx=XLSX))
    with op.batch_alter_table('evidence_blobs', schema=None) as batch_op:
        batch_op.alter_column('media_type', existing_type=sa.String(length=128),
                              type_=sa.String(length=64), existing_nullable=False)
