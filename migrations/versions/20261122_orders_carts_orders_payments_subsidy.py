"""orders: carts, addresses, orders split per seller, status history, payments and their
events, freight-subsidy policies, per-seller yearly ledgers and claims.

Revision ID: orders_0001
Revises: catalog_0001
Create Date: 2026-11-22 13:03:48.058763

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'orders_0001'
down_revision = 'catalog_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=10), nullable=False),
    sa.Column('line1', sa.String(length=200), nullable=False),
    sa.Column('line2', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('pin_code', sa.String(length=6), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_addresses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addresses'))
    )
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addresses_user_id'), ['user_id'], unique=False)

    op.create_table('carts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_carts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carts')),
    sa.UniqueConstraint('user_id', name=op.f('uq_carts_user_id'))
    )
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('checkout_token', sa.String(length=64), nullable=False),
    sa.Column('payment_method', sa.String(length=10), nullable=False),
    sa.Column('ship_name', sa.String(length=120), nullable=False),
    sa.Column('ship_phone', sa.String(length=10), nullable=False),
    sa.Column('ship_line1', sa.String(length=200), nullable=False),
    sa.Column('ship_line2', sa.String(length=200), nullable=False),
    sa.Column('ship_city', sa.String(length=100), nullable=False),
    sa.Column('ship_district', sa.String(length=100), nullable=False),
    sa.Column('ship_state_code', sa.String(length=2), nullable=False),
    sa.Column('ship_pin_code', sa.String(length=6), nullable=False),
    sa.Column('goods_paise', sa.Integer(), nullable=False),
    sa.Column('freight_paise', sa.Integer(), nullable=False),
    sa.Column('subsidy_paise', sa.Integer(), nullable=False),
    sa.Column('total_paise', sa.Integer(), nullable=False),
    sa.Column('expires_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_orders_buyer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('buyer_id', 'checkout_token', name=op.f('uq_orders_buyer_id_checkout_token'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_expires_at'), ['expires_at'], unique=False)

    op.create_table('subsidy_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('percent_bp', sa.Integer(), nullable=False),
    sa.Column('cap_same_district_paise', sa.Integer(), nullable=True),
    sa.Column('cap_within_up_paise', sa.Integer(), nullable=True),
    sa.Column('cap_rest_of_india_paise', sa.Integer(), nullable=True),
    sa.Column('cap_abroad_paise', sa.Integer(), nullable=True),
    sa.Column('annual_cap_paise', sa.Integer(), nullable=True),
    sa.Column('max_claims_per_year', sa.Integer(), nullable=True),
    sa.Column('require_odop_product', sa.Boolean(), nullable=False),
    sa.Column('require_verified_seller', sa.Boolean(), nullable=False),
    sa.Column('require_udyam', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('percent_bp >= 0 AND percent_bp <= 10000', name=op.f('ck_subsidy_policies_percent_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_subsidy_policies_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_policies')),
    sa.UniqueConstraint('version', name=op.f('uq_subsidy_policies_version'))
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('provider_intent_id', sa.String(length=80), nullable=True),
    sa.Column('client_secret', sa.String(length=200), nullable=True),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('paid_paise', sa.Integer(), nullable=False),
    sa.Column('refunded_paise', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('failure_message', sa.String(length=300), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('refunded_paise >= 0 AND refunded_paise <= paid_paise', name=op.f('ck_payments_refund_within_paid')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_payments_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_payments_idempotency_key')),
    sa.UniqueConstraint('provider_intent_id', name=op.f('uq_payments_provider_intent_id'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_order_id'), ['order_id'], unique=False)

    op.create_table('suborders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('goods_paise', sa.Integer(), nullable=False),
    sa.Column('freight_zone', sa.String(length=20), nullable=False),
    sa.Column('actual_weight_g', sa.Integer(), nullable=False),
    sa.Column('volumetric_weight_g', sa.Integer(), nullable=False),
    sa.Column('chargeable_weight_g', sa.Integer(), nullable=False),
    sa.Column('freight_paise', sa.Integer(), nullable=False),
    sa.Column('freight_rate_version', sa.String(length=20), nullable=False),
    sa.Column('subsidy_eligible', sa.Boolean(), nullable=False),
    sa.Column('subsidy_paise', sa.Integer(), nullable=False),
    sa.Column('subsidy_reason', sa.String(length=40), nullable=True),
    sa.Column('subsidy_policy_id', sa.Integer(), nullable=True),
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('total_paise', sa.Integer(), nullable=False),
    sa.Column('carrier', sa.String(length=80), nullable=True),
    sa.Column('tracking_number', sa.String(length=80), nullable=True),
    sa.Column('cancel_reason', sa.String(length=300), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('subsidy_paise >= 0 AND subsidy_paise <= freight_paise', name=op.f('ck_suborders_subsidy_within_freight')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_suborders_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_suborders_seller_id_sellers')),
    sa.ForeignKeyConstraint(['subsidy_policy_id'], ['subsidy_policies.id'], name=op.f('fk_suborders_subsidy_policy_id_subsidy_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suborders'))
    )
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suborders_order_id'), ['order_id'], unique=False)
        batch_op.create_index('ix_suborders_seller_status', ['seller_id', 'status'], unique=False)

    op.create_table('subsidy_ledgers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount_paise >= 0 AND claims >= 0', name=op.f('ck_subsidy_ledgers_not_negative')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_subsidy_ledgers_seller_id_sellers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_ledgers')),
    sa.UniqueConstraint('seller_id', 'financial_year', name=op.f('uq_subsidy_ledgers_seller_id_financial_year'))
    )
    op.create_table('cart_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cart_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('seen_unit_price_paise', sa.Integer(), nullable=False),
    sa.Column('added_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_cart_items_quantity_positive')),
    sa.ForeignKeyConstraint(['cart_id'], ['carts.id'], name=op.f('fk_cart_items_cart_id_carts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_cart_items_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_items')),
    sa.UniqueConstraint('cart_id', 'listing_id', name=op.f('uq_cart_items_cart_id_listing_id'))
    )
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_items_cart_id'), ['cart_id'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suborder_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_hi', sa.String(length=200), nullable=False),
    sa.Column('hsn_code', sa.String(length=8), nullable=True),
    sa.Column('gst_rate_bp', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_paise', sa.Integer(), nullable=False),
    sa.Column('line_total_paise', sa.Integer(), nullable=False),
    sa.Column('is_odop', sa.Boolean(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_order_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_order_lines_listing_id_listings')),
    sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_order_lines_suborder_id_suborders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_suborder_id'), ['suborder_id'], unique=False)

    op.create_table('order_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suborder_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_order_status_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_order_status_changes_suborder_id_suborders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_status_changes'))
    )
    with op.batch_alter_table('order_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_status_changes_suborder_id'), ['suborder_id'], unique=False)

    op.create_table('payment_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('provider_event_id', sa.String(length=80), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('provider_object_id', sa.String(length=80), nullable=True),
    sa.Column('suborder_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_events_payment_id_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_payment_events_suborder_id_suborders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_events')),
    sa.UniqueConstraint('provider_event_id', name=op.f('uq_payment_events_provider_event_id'))
    )
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_events_payment_id'), ['payment_id'], unique=False)

    op.create_table('subsidy_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suborder_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('amount_paise', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('claimed_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('decided_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('paid_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('dbt_reference', sa.String(length=40), nullable=True),
    sa.Column('rejection_reason', sa.String(length=300), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_subsidy_claims_decided_by_id_users')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_subsidy_claims_district_id_districts')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_subsidy_claims_seller_id_sellers')),
    sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_subsidy_claims_suborder_id_suborders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_claims')),
    sa.UniqueConstraint('suborder_id', name=op.f('uq_subsidy_claims_suborder_id'))
    )
    with op.batch_alter_table('subsidy_claims', schema=None) as batch_op:
        batch_op.create_index('ix_subsidy_claims_district_month', ['district_id', 'claimed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_subsidy_claims_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subsidy_claims_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('subsidy_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_claims_status'))
        batch_op.drop_index(batch_op.f('ix_subsidy_claims_seller_id'))
        batch_op.drop_index('ix_subsidy_claims_district_month')

    op.drop_table('subsidy_claims')
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_events_payment_id'))

    op.drop_table('payment_events')
    with op.batch_alter_table('order_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_status_changes_suborder_id'))

    op.drop_table('order_status_changes')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_suborder_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_listing_id'))

    op.drop_table('order_lines')
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_items_cart_id'))

    op.drop_table('cart_items')
    op.drop_table('subsidy_ledgers')
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.drop_index('ix_suborders_seller_status')
        batch_op.drop_index(batch_op.f('ix_suborders_order_id'))

    op.drop_table('suborders')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_order_id'))

    op.drop_table('payments')
    op.drop_table('subsidy_policies')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_expires_at'))
        batch_op.drop_index(batch_op.f('ix_orders_buyer_id'))

    op.drop_table('orders')
    op.drop_table('carts')
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addresses_user_id'))

    op.drop_table('addresses')
