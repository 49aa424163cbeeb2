"""orders: the seller's name, address, GSTIN and Udyam number frozen on each sub-order for its invoice

Revision ID: orders_0002
Revises: buyers_0001
Create Date: 2026-11-22 14:30:00

Existing sub-orders are filled from the sellers' current profiles (the best record there is).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'orders_0002'
down_revision = 'buyers_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seller_name_en', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('seller_name_hi', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('seller_address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('seller_gstin', sa.String(length=15), nullable=True))
        batch_op.add_column(sa.Column('seller_udyam', sa.String(length=19), nullable=True))
    op.execute(
        "UPDATE suborders SET "
        "seller_name_en = (SELECT enterprise_name_en FROM sellers WHERE sellers.id = suborders.seller_id), "
        "seller_name_hi = (SELECT enterprise_name_hi FROM sellers WHERE sellers.id = suborders.seller_id), "
        "seller_address = (SELECT address || ', ' || city || ', ' || pin_code FROM sellers "
        "WHERE sellers.id = suborders.seller_id), "
        "seller_gstin = (SELECT gstin FROM sellers WHERE sellers.id = suborders.seller_id), "
        "seller_udyam = (SELECT udyam_number FROM sellers WHERE sellers.id = suborders.seller_id)")


def downgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.drop_column('seller_udyam')
        batch_op.drop_column('seller_gstin')
        batch_op.drop_column('seller_address')
        batch_op.drop_column('seller_name_hi')
        batch_op.drop_column('seller_name_en')
