"""buyers: saved items, a buyer's wishlist (issue #19, part 5)

Revision ID: buyers_0004
Revises: catalog_0002
Create Date: 2026-12-04 04:00:00
"""
from alembic import op
import sqlalchemy as sa

from marketplace.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'buyers_0004'
down_revision = 'catalog_0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'saved_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('listing_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('price_paise_when_saved', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_saved_items_listing_id_listings'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_items_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_items')),
        sa.UniqueConstraint('user_id', 'listing_id', name='uq_saved_items_user_listing'),
    )
    with op.batch_alter_table('saved_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_items_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_items_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_items_user_id'))
        batch_op.drop_index(batch_op.f('ix_saved_items_listing_id'))
    op.drop_table('saved_items')
