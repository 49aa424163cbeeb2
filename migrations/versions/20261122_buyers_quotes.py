"""buyers: sellers' quotes on leads, and the order a lead became

Revision ID: buyers_0002
Revises: orders_0002
Create Date: 2026-11-22 16:00:00

A quote offers one listing, a quantity and an agreed unit price until a date; accepted by the
lead's buyer it prices that cart line, and the order placed with it is linked from the quote
and from its lead (``leads.order_id``).
"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'buyers_0002'
down_revision = 'orders_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('buyer_user_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_paise', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('accepted_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('used_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_quotes_quantity_positive')),
    sa.CheckConstraint('unit_price_paise > 0', name=op.f('ck_quotes_price_positive')),
    sa.ForeignKeyConstraint(['buyer_user_id'], ['users.id'], name=op.f('fk_quotes_buyer_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_quotes_lead_id_leads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_quotes_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_quotes_order_id_orders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_quotes_seller_id_sellers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_buyer_user_id'), ['buyer_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_status'), ['status'], unique=False)

    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_leads_order_id_orders'), 'orders', ['order_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_leads_order_id_orders'), type_='foreignkey')
        batch_op.drop_column('order_id')

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_status'))
        batch_op.drop_index(batch_op.f('ix_quotes_seller_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_listing_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_lead_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_buyer_user_id'))

    op.drop_table('quotes')
