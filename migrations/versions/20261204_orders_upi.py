"""orders: UPI payments — the buyer's UTR on a payment, the credits of the collecting account — and the couriers' COD remittances (issue #14, parts 4 and 5)

Revision ID: orders_0010
Revises: buyers_0004
Create Date: 2026-12-04 19:00:00
"""
from alembic import op
import sqlalchemy as sa

from marketplace.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'orders_0010'
down_revision = 'buyers_0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upi_utr', sa.String(length=22), nullable=True))
        batch_op.add_column(sa.Column('upi_utr_at', UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_payments_upi_utr'), ['upi_utr'])
    op.create_table(
        'bank_credits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('utr', sa.String(length=22), nullable=False),
        sa.Column('credited_on', sa.Date(), nullable=False),
        sa.Column('amount_paise', sa.Integer(), nullable=False),
        sa.Column('remark', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('payment_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_bank_credits_payment_id_payments')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_bank_credits_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_credits')),
        sa.UniqueConstraint('utr', name=op.f('uq_bank_credits_utr')),
        sa.UniqueConstraint('payment_id', name=op.f('uq_bank_credits_payment_id')),
    )
    with op.batch_alter_table('bank_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_credits_status'), ['status'], unique=False)


    op.create_table(
        'cod_remittances',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('suborder_id', sa.Integer(), nullable=False),
        sa.Column('amount_paise', sa.Integer(), nullable=False),
        sa.Column('remitted_on', sa.Date(), nullable=False),
        sa.Column('reference', sa.String(length=40), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_cod_remittances_suborder_id_suborders')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_cod_remittances_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cod_remittances')),
        sa.UniqueConstraint('suborder_id', name=op.f('uq_cod_remittances_suborder_id')),
    )
    with op.batch_alter_table('cod_remittances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cod_remittances_reference'), ['reference'], unique=False)


def downgrade():
    with op.batch_alter_table('cod_remittances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cod_remittances_reference'))
    op.drop_table('cod_remittances')
    with op.batch_alter_table('bank_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_credits_status'))
    op.drop_table('bank_credits')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_payments_upi_utr'), type_='unique')
        batch_op.drop_column('upi_utr_at')
        batch_op.drop_column('upi_utr')
