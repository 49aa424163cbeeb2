"""orders: a cart remembers the order that consumed it (one cart, one order; issue #12)

Revision ID: orders_0004
Revises: orders_0003
Create Date: 2026-12-03 08:00:00

Checkout locks the cart row, re-reads its lines and sets ``ordered_order_id``; a second
checkout page submitting the same (now empty) cart is told it was already ordered.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'orders_0004'
down_revision = 'orders_0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ordered_order_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_carts_ordered_order_id_orders'), 'orders',
                                    ['ordered_order_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_carts_ordered_order_id_orders'), type_='foreignkey')
        batch_op.drop_column('ordered_order_id')
