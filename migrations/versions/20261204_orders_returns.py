"""orders: returns (RMA) with photos and transitions; the part of a paid claim to recover (issue #19, part 2)

Revision ID: orders_0007
Revises: catalog_0004
Create Date: 2026-12-04 19:00:00
"""
from alembic import op
import sqlalchemy as sa

from marketplace.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'orders_0007'
down_revision = 'catalog_0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'return_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('suborder_id', sa.Integer(), nullable=False),
        sa.Column('order_line_id', sa.Integer(), nullable=False),
        sa.Column('buyer_id', sa.Integer(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('amount_paise', sa.Integer(), nullable=False),
        sa.Column('refunded_paise', sa.Integer(), nullable=False),
        sa.Column('requested_at', UTCDateTime(), nullable=False),
        sa.Column('answer_due_at', UTCDateTime(), nullable=False),
        sa.Column('answer_note', sa.String(length=300), nullable=True),
        sa.Column('return_carrier', sa.String(length=80), nullable=True),
        sa.Column('return_tracking', sa.String(length=80), nullable=True),
        sa.Column('received_condition', sa.String(length=10), nullable=True),
        sa.Column('refund_upi', sa.String(length=100), nullable=True),
        sa.Column('refund_account', sa.String(length=18), nullable=True),
        sa.Column('refund_ifsc', sa.String(length=11), nullable=True),
        sa.Column('refund_reference', sa.String(length=60), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint('quantity > 0', name=op.f('ck_return_requests_quantity_positive')),
        sa.CheckConstraint('amount_paise >= 0 AND refunded_paise >= 0 AND refunded_paise <= amount_paise',
                           name=op.f('ck_return_requests_refund_within_amount')),
        sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_return_requests_buyer_id_users')),
        sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_return_requests_order_line_id_order_lines'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_return_requests_suborder_id_suborders'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_return_requests')),
    )
    with op.batch_alter_table('return_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_requests_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_requests_order_line_id'), ['order_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_requests_suborder_id'), ['suborder_id'], unique=False)
        batch_op.create_index('ix_return_requests_state_requested', ['state', 'requested_at'], unique=False)
    op.create_table(
        'return_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['return_id'], ['return_requests.id'], name=op.f('fk_return_photos_return_id_return_requests'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_return_photos')),
    )
    with op.batch_alter_table('return_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_photos_return_id'), ['return_id'], unique=False)
    op.create_table(
        'return_transitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('from_state', sa.String(length=20), nullable=True),
        sa.Column('to_state', sa.String(length=20), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_role', sa.String(length=10), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_return_transitions_actor_id_users')),
        sa.ForeignKeyConstraint(['return_id'], ['return_requests.id'], name=op.f('fk_return_transitions_return_id_return_requests'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_return_transitions')),
    )
    with op.batch_alter_table('return_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_transitions_return_id'), ['return_id'], unique=False)
    with op.batch_alter_table('subsidy_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recovery_paise', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('subsidy_claims', schema=None) as batch_op:
        batch_op.drop_column('recovery_paise')
    with op.batch_alter_table('return_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_transitions_return_id'))
    op.drop_table('return_transitions')
    with op.batch_alter_table('return_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_photos_return_id'))
    op.drop_table('return_photos')
    with op.batch_alter_table('return_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_return_requests_state_requested')
        batch_op.drop_index(batch_op.f('ix_return_requests_suborder_id'))
        batch_op.drop_index(batch_op.f('ix_return_requests_order_line_id'))
        batch_op.drop_index(batch_op.f('ix_return_requests_buyer_id'))
    op.drop_table('return_requests')
