"""foundation: store manifest, registers, reports, users, alerts, cases

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 16:27:10.487365
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moneytrail.store.models
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('typology', sa.String(length=64), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('group_key', sa.String(length=255), nullable=True),
    sa.Column('explanation', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_group_key'), ['group_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_subject'), ['subject'], unique=False)

    op.create_table('fx_rates',
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('usd_per_unit', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('currency', 'valid_from', name=op.f('pk_fx_rates'))
    )
    op.create_table('institutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('bic', sa.String(length=11), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('reporting_entity', sa.Boolean(), nullable=False),
    sa.Column('sector', sa.String(length=64), nullable=True),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institutions')),
    sa.UniqueConstraint('code', name=op.f('uq_institutions_code'))
    )
    op.create_table('parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ftm_id', sa.String(length=128), nullable=False),
    sa.Column('schema', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=512), nullable=False),
    sa.Column('birth_date', sa.String(length=10), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('properties', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties')),
    sa.UniqueConstraint('ftm_id', name=op.f('uq_parties_ftm_id'))
    )
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parties_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parties_name'), ['name'], unique=False)

    op.create_table('tx_batches',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source_name', sa.String(length=1024), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source_bytes', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('row_count', sa.BigInteger(), nullable=False),
    sa.Column('files', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('min_ts', moneytrail.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('max_ts', moneytrail.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('committed_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tx_batches')),
    sa.UniqueConstraint('batch_id', name=op.f('uq_tx_batches_batch_id'))
    )
    with op.batch_alter_table('tx_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tx_batches_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_tx_batches_source_bytes'), ['source_bytes'], unique=False)
        batch_op.create_index('uq_tx_batches_committed_hash', ['content_hash'], unique=True, sqlite_where=sa.text("status = 'committed'"), postgresql_where=sa.text("status = 'committed'"))

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=128), nullable=False),
    sa.Column('iban', sa.String(length=34), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('name', sa.String(length=512), nullable=True),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('ftm_id', sa.String(length=160), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('created_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['holder_id'], ['parties.id'], name=op.f('fk_accounts_holder_id_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('bank', 'number', name='uq_accounts_bank_number'),
    sa.UniqueConstraint('ftm_id', name=op.f('uq_accounts_ftm_id'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounts_holder_id'), ['holder_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=512), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('opened_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_cases_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('ref', name=op.f('uq_cases_ref'))
    )
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fiu_ref', sa.String(length=64), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('report_code', sa.String(length=16), nullable=False),
    sa.Column('entity_reference', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', moneytrail.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('report_date', moneytrail.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_reports_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('fiu_ref', name=op.f('uq_reports_fiu_ref'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_institution_id'), ['institution_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_institution_id'))

    op.drop_table('reports')
    op.drop_table('cases')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounts_holder_id'))

    op.drop_table('accounts')
    op.drop_table('users')
    with op.batch_alter_table('tx_batches', schema=None) as batch_op:
        batch_op.drop_index('uq_tx_batches_committed_hash', sqlite_where=sa.text("status = 'committed'"), postgresql_where=sa.text("status = 'committed'"))
        batch_op.drop_index(batch_op.f('ix_tx_batches_source_bytes'))
        batch_op.drop_index(batch_op.f('ix_tx_batches_content_hash'))

    op.drop_table('tx_batches')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parties_name'))
        batch_op.drop_index(batch_op.f('ix_parties_entity_id'))

    op.drop_table('parties')
    op.drop_table('institutions')
    op.drop_table('fx_rates')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_subject'))
        batch_op.drop_index(batch_op.f('ix_alerts_group_key'))

    op.drop_table('alerts')

