"""selectivity: scoring settings in the database, four eyes on a lowered channel, random draws

``scoring_settings`` keeps every version of the gate's scoring settings (a
new gate starts from the shipped ``scoring.toml``); ``check_runs`` records
the version a check ran with and, on an override, the channel it replaced;
``override_decisions`` holds a supervisor's approval or refusal of a lowered
channel; ``selection_keys`` the gate's secret and ``selection_draws`` the
draws made with it; ``inspections.unpredicted`` a violation no finding
predicted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _stamped(name: str, *columns: sa.Column[object] | sa.Constraint) -> None:
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


def upgrade() -> None:
    _stamped(
        'scoring_settings',
        sa.Column('gate_id', sa.Uuid(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('changed_key', sa.String(length=100), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['gate_id'], ['gates.id'],
                                name=op.f('fk_scoring_settings_gate_id_gates')),
        sa.UniqueConstraint('gate_id', 'version', name='uq_scoring_settings_version'),
    )
    op.create_index(op.f('ix_scoring_settings_gate_id'), 'scoring_settings', ['gate_id'])
    _stamped(
        'override_decisions',
        sa.Column('override_id', sa.Uuid(), nullable=False),
        sa.Column('decision', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['override_id'], ['check_runs.id'],
                                name=op.f('fk_override_decisions_override_id_check_runs')),
        sa.UniqueConstraint('override_id', name=op.f('uq_override_decisions_override_id')),
    )
    _stamped(
        'selection_keys',
        sa.Column('gate_id', sa.Uuid(), nullable=False),
        sa.Column('secret', sa.LargeBinary(length=64), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['gate_id'], ['gates.id'],
                                name=op.f('fk_selection_keys_gate_id_gates')),
        sa.UniqueConstraint('gate_id', name=op.f('uq_selection_keys_gate_id')),
    )
    _stamped(
        'selection_draws',
        sa.Column('crossing_id', sa.Uuid(), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('check_run_id', sa.Uuid(), nullable=True),
        sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('ticket', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=64), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'],
                                name=op.f('fk_selection_draws_crossing_id_crossings')),
        sa.ForeignKeyConstraint(['check_run_id'], ['check_runs.id'],
                                name=op.f('fk_selection_draws_check_run_id_check_runs')),
        sa.UniqueConstraint('crossing_id', 'purpose', name='uq_selection_draws_purpose'),
    )
    op.create_index(op.f('ix_selection_draws_crossing_id'), 'selection_draws', ['crossing_id'])
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_from', sa.String(length=8), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('settings_version', sa.Integer(), nullable=True))
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unpredicted', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('unpredicted')
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.drop_column('settings_version')
        batch_op.drop_column('override_from')
    op.drop_index(op.f('ix_selection_draws_crossing_id'), table_name='selection_draws')
    op.drop_table('selection_draws')
    op.drop_table('selection_keys')
    op.drop_table('override_decisions')
    op.drop_index(op.f('ix_scoring_settings_gate_id'), table_name='scoring_settings')
    op.drop_table('scoring_settings')
