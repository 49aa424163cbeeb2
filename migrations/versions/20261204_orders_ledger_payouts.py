"""orders: the ledger (append-only journal), payout batches and lines, sellers' encrypted
account numbers and the audit of bank-detail changes (issue #14, parts 1-3)

Existing orders get their historic entries from ``flask --app marketplace ledger backfill``
(idempotent), not from this migration: the entries need the fee rule and the configuration.

Revision ID: orders_0009
Revises: orders_0007
Create Date: 2026-12-04 18:48:00
"""
from alembic import op
import sqlalchemy as sa

import marketplace.database

APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER ledger_entries_no_{op} BEFORE {OP} ON ledger_entries "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END"
)
APPEND_ONLY_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only';
END;
$$ LANGUAGE plpgsql
"""


# revision identifiers, used by Alembic.
revision = 'orders_0009'
down_revision = 'orders_0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payout_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_payout_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_batches'))
    )
    op.create_table('bank_detail_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_bank_detail_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_bank_detail_changes_seller_id_sellers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_detail_changes'))
    )
    with op.batch_alter_table('bank_detail_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_detail_changes_seller_id'), ['seller_id'], unique=False)

    op.create_table('payout_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('beneficiary_name', sa.String(length=120), nullable=False),
    sa.Column('ifsc', sa.String(length=11), nullable=False),
    sa.Column('account_last4', sa.String(length=4), nullable=False),
    sa.Column('account_encrypted', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('utr', sa.String(length=22), nullable=True),
    sa.Column('failure_reason', sa.String(length=300), nullable=True),
    sa.Column('decided_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_paise > 0', name=op.f('ck_payout_lines_amount_positive')),
    sa.ForeignKeyConstraint(['batch_id'], ['payout_batches.id'], name=op.f('fk_payout_lines_batch_id_payout_batches')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_payout_lines_decided_by_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_payout_lines_seller_id_sellers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_lines')),
    sa.UniqueConstraint('utr', name=op.f('uq_payout_lines_utr'))
    )
    with op.batch_alter_table('payout_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_lines_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_lines_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_lines_status'), ['status'], unique=False)

    op.create_table('ledger_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('txn_id', sa.String(length=36), nullable=False),
    sa.Column('account', sa.String(length=60), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.Column('suborder_id', sa.Integer(), nullable=True),
    sa.Column('payout_line_id', sa.Integer(), nullable=True),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount_paise <> 0', name=op.f('ck_ledger_entries_amount_not_zero')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_ledger_entries_actor_id_users')),
    sa.ForeignKeyConstraint(['payout_line_id'], ['payout_lines.id'], name=op.f('fk_ledger_entries_payout_line_id_payout_lines')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_ledger_entries_seller_id_sellers')),
    sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_ledger_entries_suborder_id_suborders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries'))
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entries_account', ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_payout_line_id'), ['payout_line_id'], unique=False)
        batch_op.create_index('ix_ledger_entries_seller_created', ['seller_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_suborder_id'), ['suborder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_txn_id'), ['txn_id'], unique=False)

    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_account_encrypted', sa.Text(), nullable=True))

    # append-only: a correction is a new entry, never an UPDATE or DELETE (TRUNCATE, which the
    # tests use between tests, fires no row trigger)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_PG_FUNCTION)
        op.execute("CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries "
                   "FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only()")
    else:
        for name in ("update", "delete"):
            op.execute(APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries")
        op.execute("DROP FUNCTION IF EXISTS ledger_entries_append_only()")
    else:
        for name in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS ledger_entries_no_{name}")
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.drop_column('bank_account_encrypted')

    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_entries_txn_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_suborder_id'))
        batch_op.drop_index('ix_ledger_entries_seller_created')
        batch_op.drop_index(batch_op.f('ix_ledger_entries_payout_line_id'))
        batch_op.drop_index('ix_ledger_entries_account')

    op.drop_table('ledger_entries')
    with op.batch_alter_table('payout_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_lines_status'))
        batch_op.drop_index(batch_op.f('ix_payout_lines_seller_id'))
        batch_op.drop_index(batch_op.f('ix_payout_lines_batch_id'))

    op.drop_table('payout_lines')
    with op.batch_alter_table('bank_detail_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_detail_changes_seller_id'))

    op.drop_table('bank_detail_changes')
    op.drop_table('payout_batches')
