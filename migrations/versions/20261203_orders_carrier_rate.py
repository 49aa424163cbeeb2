"""orders: the courier's price a sub-order's freight subsidy was counted on (issue #13.6)

Revision ID: orders_0006
Revises: orders_0005
Create Date: 2026-12-03 19:30:00

With a courier aggregator configured, checkout shows the courier's price beside the rate
table's and counts the subsidy on the lower of the two; the sub-order keeps that price.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'orders_0006'
down_revision = 'orders_0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carrier_rate_paise', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.drop_column('carrier_rate_paise')
