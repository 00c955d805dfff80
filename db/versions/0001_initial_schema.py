"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:52:05.108131
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('evidence_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('exif_taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_evidence_blobs'))
    )
    op.create_table('gates',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('lanes', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gates')),
    sa.UniqueConstraint('code', name=op.f('uq_gates_code'))
    )
    op.create_table('workstations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gate_id', sa.Uuid(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_workstations_gate_id_gates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workstations'))
    )
    op.create_table('officers',
    sa.Column('gate_id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('badge_no', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_officers_created_by_officers')),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_officers_gate_id_gates')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_officers_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officers')),
    sa.UniqueConstraint('username', name=op.f('uq_officers_username'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('officer_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_audit_events_officer_id_officers')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_audit_events_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('workstation_id', 'seq', name='uq_audit_events_ws_seq')
    )
    op.create_table('crossings',
    sa.Column('gate_id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('lane', sa.String(length=16), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=True),
    sa.Column('tractor_plate', sa.String(length=32), nullable=False),
    sa.Column('tractor_plate_norm', sa.String(length=32), nullable=False),
    sa.Column('tractor_country', sa.String(length=2), nullable=False),
    sa.Column('trailer_plate', sa.String(length=32), nullable=False),
    sa.Column('trailer_plate_norm', sa.String(length=32), nullable=False),
    sa.Column('trailer_country', sa.String(length=2), nullable=False),
    sa.Column('driver_name', sa.String(length=200), nullable=False),
    sa.Column('driver_document_no', sa.String(length=32), nullable=False),
    sa.Column('driver_nationality', sa.String(length=2), nullable=False),
    sa.Column('carrier_name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_crossings_created_by_officers')),
    sa.ForeignKeyConstraint(['gate_id'], ['gates.id'], name=op.f('fk_crossings_gate_id_gates')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_crossings_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossings'))
    )
    with op.batch_alter_table('crossings', schema=None) as batch_op:
        batch_op.create_index('ix_crossings_gate_arrived', ['gate_id', 'arrived_at'], unique=False)
        batch_op.create_index('ix_crossings_gate_channel_arrived', ['gate_id', 'channel', 'arrived_at'], unique=False)
        batch_op.create_index('ix_crossings_gate_status_arrived', ['gate_id', 'status', 'arrived_at'], unique=False)
        batch_op.create_index('ix_crossings_reference', ['reference'], unique=False)
        batch_op.create_index('ix_crossings_tractor_plate_norm', ['tractor_plate_norm', 'arrived_at'], unique=False)
        batch_op.create_index('ix_crossings_trailer_plate_norm', ['trailer_plate_norm', 'arrived_at'], unique=False)

    op.create_table('login_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('officer_id', sa.Uuid(), nullable=True),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_login_events_officer_id_officers')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_login_events_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_events'))
    )
    with op.batch_alter_table('login_events', schema=None) as batch_op:
        batch_op.create_index('ix_login_events_username_at', ['username', 'at'], unique=False)

    op.create_table('watch_list_entries',
    sa.Column('list_kind', sa.String(length=16), nullable=False),
    sa.Column('pattern', sa.String(length=300), nullable=False),
    sa.Column('hs_prefix', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_watch_list_entries_created_by_officers')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['watch_list_entries.id'], name=op.f('fk_watch_list_entries_supersedes_id_watch_list_entries')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_watch_list_entries_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_list_entries'))
    )
    op.create_table('crossing_containers',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('container_no', sa.String(length=11), nullable=False),
    sa.Column('seal_nos', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_crossing_containers_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_crossing_containers_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_crossing_containers_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossing_containers'))
    )
    with op.batch_alter_table('crossing_containers', schema=None) as batch_op:
        batch_op.create_index('ix_crossing_containers_container_no', ['container_no'], unique=False)
        batch_op.create_index('ix_crossing_containers_crossing', ['crossing_id'], unique=False)

    op.create_table('crossing_status_changes',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_crossing_status_changes_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_crossing_status_changes_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_crossing_status_changes_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossing_status_changes'))
    )
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossing_status_changes_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('declarations',
    sa.Column('crossing_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.Column('declaration_no', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('trader_name', sa.String(length=300), nullable=False),
    sa.Column('trader_tax_code', sa.String(length=32), nullable=False),
    sa.Column('vehicle_plate', sa.String(length=32), nullable=False),
    sa.Column('container_no', sa.String(length=11), nullable=False),
    sa.Column('seal_no', sa.String(length=64), nullable=False),
    sa.Column('co_form', sa.String(length=16), nullable=True),
    sa.Column('co_number', sa.String(length=64), nullable=True),
    sa.Column('co_issued_at', sa.Date(), nullable=True),
    sa.Column('co_origin_country', sa.String(length=2), nullable=True),
    sa.Column('source_format', sa.String(length=8), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_declarations_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_declarations_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['declarations.id'], name=op.f('fk_declarations_supersedes_id_declarations')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_declarations_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declarations'))
    )
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declarations_crossing_id'), ['crossing_id'], unique=False)
        batch_op.create_index('ix_declarations_no_version', ['declaration_no', 'version'], unique=False)

    op.create_table('evidence',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['blob_sha256'], ['evidence_blobs.sha256'], name=op.f('fk_evidence_blob_sha256_evidence_blobs')),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_evidence_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_evidence_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_evidence_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('manifests',
    sa.Column('crossing_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.Column('document_no', sa.String(length=64), nullable=False),
    sa.Column('document_date', sa.Date(), nullable=True),
    sa.Column('consignor', sa.Text(), nullable=False),
    sa.Column('consignee', sa.Text(), nullable=False),
    sa.Column('vehicle_plate', sa.String(length=32), nullable=False),
    sa.Column('container_no', sa.String(length=11), nullable=False),
    sa.Column('seal_no', sa.String(length=64), nullable=False),
    sa.Column('source_image_sha256', sa.String(length=64), nullable=True),
    sa.Column('engine', sa.String(length=64), nullable=False),
    sa.Column('languages', sa.String(length=32), nullable=False),
    sa.Column('confidence', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_manifests_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_manifests_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['source_image_sha256'], ['evidence_blobs.sha256'], name=op.f('fk_manifests_source_image_sha256_evidence_blobs')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['manifests.id'], name=op.f('fk_manifests_supersedes_id_manifests')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_manifests_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifests'))
    )
    with op.batch_alter_table('manifests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifests_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('check_runs',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('declaration_id', sa.Uuid(), nullable=True),
    sa.Column('manifest_id', sa.Uuid(), nullable=True),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('rules_version', sa.String(length=32), nullable=False),
    sa.Column('watch_list_version', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_check_runs_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_check_runs_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'], name=op.f('fk_check_runs_declaration_id_declarations')),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifests.id'], name=op.f('fk_check_runs_manifest_id_manifests')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_check_runs_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_runs'))
    )
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_runs_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('declaration_lines',
    sa.Column('declaration_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('hs_code', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('gross_weight_kg', sa.Numeric(precision=18, scale=3), nullable=True),
    sa.Column('value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('origin_country', sa.String(length=2), nullable=True),
    sa.Column('preference', sa.String(length=16), nullable=True),
    sa.Column('cost', sa.JSON(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_declaration_lines_created_by_officers')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'], name=op.f('fk_declaration_lines_declaration_id_declarations')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_declaration_lines_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_lines'))
    )
    with op.batch_alter_table('declaration_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_lines_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('evidence_annotations',
    sa.Column('evidence_id', sa.Uuid(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('shape', sa.JSON(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_evidence_annotations_created_by_officers')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_annotations_evidence_id_evidence')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_evidence_annotations_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_annotations'))
    )
    with op.batch_alter_table('evidence_annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_annotations_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('manifest_lines',
    sa.Column('manifest_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('hs_code', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=True),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('gross_weight_kg', sa.Numeric(precision=18, scale=3), nullable=True),
    sa.Column('value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('origin_country', sa.String(length=2), nullable=True),
    sa.Column('confidence', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_manifest_lines_created_by_officers')),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifests.id'], name=op.f('fk_manifest_lines_manifest_id_manifests')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_manifest_lines_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifest_lines'))
    )
    with op.batch_alter_table('manifest_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifest_lines_manifest_id'), ['manifest_id'], unique=False)

    op.create_table('findings',
    sa.Column('check_run_id', sa.Uuid(), nullable=False),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['check_run_id'], ['check_runs.id'], name=op.f('fk_findings_check_run_id_check_runs')),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_findings_created_by_officers')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_findings_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_check_run_id'), ['check_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_rule'), ['rule'], unique=False)

    op.create_table('inspections',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('check_run_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['check_run_id'], ['check_runs.id'], name=op.f('fk_inspections_check_run_id_check_runs')),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_inspections_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_inspections_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_inspections_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspections_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('seizures',
    sa.Column('crossing_id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('storage_location', sa.String(length=200), nullable=False),
    sa.Column('seal_nos', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_seizures_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_seizures_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_seizures_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_seizures_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seizures'))
    )
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seizures_crossing_id'), ['crossing_id'], unique=False)

    op.create_table('handoffs',
    sa.Column('crossing_id', sa.Uuid(), nullable=True),
    sa.Column('seizure_id', sa.Uuid(), nullable=True),
    sa.Column('from_agency', sa.String(length=24), nullable=False),
    sa.Column('to_agency', sa.String(length=24), nullable=False),
    sa.Column('to_officer_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_handoffs_created_by_officers')),
    sa.ForeignKeyConstraint(['crossing_id'], ['crossings.id'], name=op.f('fk_handoffs_crossing_id_crossings')),
    sa.ForeignKeyConstraint(['seizure_id'], ['seizures.id'], name=op.f('fk_handoffs_seizure_id_seizures')),
    sa.ForeignKeyConstraint(['to_officer_id'], ['officers.id'], name=op.f('fk_handoffs_to_officer_id_officers')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_handoffs_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs'))
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoffs_crossing_id'), ['crossing_id'], unique=False)
        batch_op.create_index('ix_handoffs_to_agency_state', ['to_agency', 'state', 'created_at'], unique=False)

    op.create_table('seizure_lines',
    sa.Column('seizure_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('hs_code', sa.String(length=10), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('declared_value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('bag_seal_no', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_seizure_lines_created_by_officers')),
    sa.ForeignKeyConstraint(['seizure_id'], ['seizures.id'], name=op.f('fk_seizure_lines_seizure_id_seizures')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_seizure_lines_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seizure_lines'))
    )
    with op.batch_alter_table('seizure_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seizure_lines_seizure_id'), ['seizure_id'], unique=False)

    op.create_table('handoff_items',
    sa.Column('handoff_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=True),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_handoff_items_created_by_officers')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_handoff_items_handoff_id_handoffs')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_handoff_items_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_items'))
    )
    with op.batch_alter_table('handoff_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_items_handoff_id'), ['handoff_id'], unique=False)

    op.create_table('handoff_state_changes',
    sa.Column('handoff_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('workstation_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['officers.id'], name=op.f('fk_handoff_state_changes_created_by_officers')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_handoff_state_changes_handoff_id_handoffs')),
    sa.ForeignKeyConstraint(['item_id'], ['handoff_items.id'], name=op.f('fk_handoff_state_changes_item_id_handoff_items')),
    sa.ForeignKeyConstraint(['workstation_id'], ['workstations.id'], name=op.f('fk_handoff_state_changes_workstation_id_workstations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_state_changes'))
    )
    with op.batch_alter_table('handoff_state_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_state_changes_handoff_id'), ['handoff_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('handoff_state_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_state_changes_handoff_id'))

    op.drop_table('handoff_state_changes')
    with op.batch_alter_table('handoff_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_items_handoff_id'))

    op.drop_table('handoff_items')
    with op.batch_alter_table('seizure_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seizure_lines_seizure_id'))

    op.drop_table('seizure_lines')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index('ix_handoffs_to_agency_state')
        batch_op.drop_index(batch_op.f('ix_handoffs_crossing_id'))

    op.drop_table('handoffs')
    with op.batch_alter_table('seizures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seizures_crossing_id'))

    op.drop_table('seizures')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspections_crossing_id'))

    op.drop_table('inspections')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_rule'))
        batch_op.drop_index(batch_op.f('ix_findings_check_run_id'))

    op.drop_table('findings')
    with op.batch_alter_table('manifest_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifest_lines_manifest_id'))

    op.drop_table('manifest_lines')
    with op.batch_alter_table('evidence_annotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_annotations_evidence_id'))

    op.drop_table('evidence_annotations')
    with op.batch_alter_table('declaration_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_lines_declaration_id'))

    op.drop_table('declaration_lines')
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_runs_crossing_id'))

    op.drop_table('check_runs')
    with op.batch_alter_table('manifests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifests_crossing_id'))

    op.drop_table('manifests')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_crossing_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_index('ix_declarations_no_version')
        batch_op.drop_index(batch_op.f('ix_declarations_crossing_id'))

    op.drop_table('declarations')
    with op.batch_alter_table('crossing_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crossing_status_changes_crossing_id'))

    op.drop_table('crossing_status_changes')
    with op.batch_alter_table('crossing_containers', schema=None) as batch_op:
        batch_op.drop_index('ix_crossing_containers_crossing')
        batch_op.drop_index('ix_crossing_containers_container_no')

    op.drop_table('crossing_containers')
    op.drop_table('watch_list_entries')
    with op.batch_alter_table('login_events', schema=None) as batch_op:
        batch_op.drop_index('ix_login_events_username_at')

    op.drop_table('login_events')
    with op.batch_alter_table('crossings', schema=None) as batch_op:
        batch_op.drop_index('ix_crossings_trailer_plate_norm')
        batch_op.drop_index('ix_crossings_tractor_plate_norm')
        batch_op.drop_index('ix_crossings_reference')
        batch_op.drop_index('ix_crossings_gate_status_arrived')
        batch_op.drop_index('ix_crossings_gate_channel_arrived')
        batch_op.drop_index('ix_crossings_gate_arrived')

    op.drop_table('crossings')
    op.drop_table('audit_events')
    op.drop_table('officers')
    op.drop_table('workstations')
    op.drop_table('gates')
    op.drop_table('evidence_blobs')

