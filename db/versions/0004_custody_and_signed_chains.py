"""custody and signed chains: seizure evidence, item confirmations, trusted keys, signatures

Also makes ``audit_events`` append-only in the database itself: a trigger on
each backend refuses UPDATE and DELETE, whoever asks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

def _stamped(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('workstation_id', sa.Uuid(), nullable=False),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        *columns,
        sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'],
                                name=op.f(f'fk_{name}_workstation_id_workstations')),
        sa.ForeignKeyConstraint(['created_by'], ['officers.id'],
                                name=op.f(f'fk_{name}_created_by_officers')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
    )


_PG_GUARD = """
CREATE OR REPLACE FUNCTION borderdesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION borderdesk_audit_append_only();
"""

_SQLITE_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END",
)


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('signature', sa.String(length=128), nullable=False, server_default='')
        )
    with op.batch_alter_table('workstations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('public_key', sa.String(length=64), nullable=False, server_default='')
        )
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('finding_rules', sa.Text(), nullable=False, server_default='')
        )
    with op.batch_alter_table('seizure_lines', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('currency', sa.String(length=3), nullable=False, server_default='')
        )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inspection_id', sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column('imported_from', sa.String(length=64), nullable=False, server_default='')
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_handoffs_inspection_id_inspections'), 'inspections',
            ['inspection_id'], ['id'],
        )
    with op.batch_alter_table('handoff_items', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('hs_code', sa.String(length=10), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('seal_no', sa.String(length=64), nullable=False, server_default='')
        )
    _stamped(
        'seizure_evidence',
        sa.Column('seizure_id', sa.Uuid(), nullable=False),
        sa.Column('blob_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['seizure_id'], ['seizures.id'],
                                name=op.f('fk_seizure_evidence_seizure_id_seizures')),
        sa.ForeignKeyConstraint(['blob_sha256'], ['evidence_blobs.sha256'],
                                name=op.f('fk_seizure_evidence_blob_sha256_evidence_blobs')),
    )
    op.create_index(op.f('ix_seizure_evidence_seizure_id'), 'seizure_evidence', ['seizure_id'])
    _stamped(
        'handoff_item_confirmations',
        sa.Column('state_change_id', sa.Uuid(), nullable=False),
        sa.Column('item_id', sa.Uuid(), nullable=False),
        sa.Column('count_ok', sa.Boolean(), nullable=False),
        sa.Column('seal_intact', sa.Boolean(), nullable=False),
        sa.Column('remark', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['state_change_id'], ['handoff_state_changes.id'],
            name=op.f('fk_handoff_item_confirmations_state_change_id_handoff_state_changes')),
        sa.ForeignKeyConstraint(
            ['item_id'], ['handoff_items.id'],
            name=op.f('fk_handoff_item_confirmations_item_id_handoff_items')),
    )
    op.create_index(op.f('ix_handoff_item_confirmations_state_change_id'),
                    'handoff_item_confirmations', ['state_change_id'])
    op.create_index(op.f('ix_handoff_item_confirmations_item_id'),
                    'handoff_item_confirmations', ['item_id'])
    _stamped(
        'trusted_keys',
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint('public_key', name=op.f('uq_trusted_keys_public_key')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_PG_GUARD)
    else:
        for statement in _SQLITE_GUARD:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events')
        op.execute('DROP FUNCTION IF EXISTS borderdesk_audit_append_only()')
    else:
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_update')
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_delete')
    op.drop_table('trusted_keys')
    op.drop_index(op.f('ix_handoff_item_confirmations_item_id'),
                  table_name='handoff_item_confirmations')
    op.drop_index(op.f('ix_handoff_item_confirmations_state_change_id'),
                  table_name='handoff_item_confirmations')
    op.drop_table('handoff_item_confirmations')
    op.drop_index(op.f('ix_seizure_evidence_seizure_id'), table_name='seizure_evidence')
    op.drop_table('seizure_evidence')
    with op.batch_alter_table('handoff_items', schema=None) as batch_op:
        batch_op.drop_column('seal_no')
        batch_op.drop_column('hs_code')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_handoffs_inspection_id_inspections'),
                                 type_='foreignkey')
        batch_op.drop_column('imported_from')
        batch_op.drop_column('inspection_id')
    with op.batch_alter_table('seizure_lines', schema=None) as batch_op:
        batch_op.drop_column('currency')
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.drop_column('finding_rules')
    with op.batch_alter_table('workstations', schema=None) as batch_op:
        batch_op.drop_column('public_key')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('signature')
