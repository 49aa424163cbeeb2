"""catalog: each listing's return policy (issue #19, part 1)

Revision ID: catalog_0003
Revises: catalog_0002
Create Date: 2026-12-04 04:00:00

The Consumer Protection (E-Commerce) Rules, 2020 oblige the marketplace to show every listing's
return policy before purchase. Three nullable columns: NULL means "the category's default"
(marketplace/catalog/return_policy.py), so existing listings need no back-fill.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'catalog_0003'
down_revision = 'catalog_0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returnable', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('return_window_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('return_condition', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_column('return_condition')
        batch_op.drop_column('return_window_days')
        batch_op.drop_column('returnable')
