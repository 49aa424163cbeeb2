"""orders: shipments booked through carrier adapters, tracking events, proof of delivery (issue #13)

Revision ID: orders_0005
Revises: accounts_0003
Create Date: 2026-12-03 19:00:00

One ``shipments`` row per sub-order (manual or courier aggregator: AWB, label, pickup, the
courier's ids so an interrupted booking resumes), its ``tracking_events`` (unique event keys:
replays change nothing), and on ``suborders`` who confirmed the delivery for the freight
subsidy (the carrier, or an officer with a reason and a proof file). Sub-orders delivered before
this migration keep no proof: an officer confirms them by hand before their claims are approved.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.database

UTCDateTime = marketplace.database.UTCDateTime


# revision identifiers, used by Alembic.
revision = 'orders_0005'
down_revision = 'accounts_0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shipments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('suborder_id', sa.Integer(), nullable=False),
        sa.Column('adapter', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('courier_name', sa.String(length=80), nullable=True),
        sa.Column('awb', sa.String(length=40), nullable=True),
        sa.Column('weight_g', sa.Integer(), nullable=False),
        sa.Column('length_cm', sa.Integer(), nullable=False),
        sa.Column('width_cm', sa.Integer(), nullable=False),
        sa.Column('height_cm', sa.Integer(), nullable=False),
        sa.Column('cod_paise', sa.Integer(), nullable=False),
        sa.Column('rate_paise', sa.Integer(), nullable=True),
        sa.Column('courier_order_id', sa.String(length=40), nullable=True),
        sa.Column('courier_shipment_id', sa.String(length=40), nullable=True),
        sa.Column('label_url', sa.Text(), nullable=True),
        sa.Column('pickup_scheduled_for', sa.String(length=40), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.Column('booked_at', UTCDateTime(), nullable=True),
        sa.Column('booked_by_id', sa.Integer(), nullable=True),
        sa.Column('last_event_at', UTCDateTime(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name=op.f('fk_shipments_booked_by_id_users')),
        sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_shipments_suborder_id_suborders'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shipments')),
        sa.UniqueConstraint('suborder_id', name=op.f('uq_shipments_suborder_id')),
        sa.UniqueConstraint('adapter', 'awb', name='uq_shipments_adapter_awb'),
    )
    op.create_table(
        'tracking_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('shipment_id', sa.Integer(), nullable=False),
        sa.Column('event_key', sa.String(length=160), nullable=False),
        sa.Column('code', sa.String(length=24), nullable=False),
        sa.Column('happened_at', UTCDateTime(), nullable=False),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.Column('location', sa.String(length=120), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('applied', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_tracking_events_shipment_id_shipments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tracking_events')),
        sa.UniqueConstraint('event_key', name=op.f('uq_tracking_events_event_key')),
    )
    op.create_index('ix_tracking_events_shipment', 'tracking_events', ['shipment_id', 'happened_at'])
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_proof', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('delivery_proof_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('delivery_proof_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('delivery_proof_note', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('delivery_proof_file', sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_suborders_delivery_proof_by_id_users'), 'users',
                                    ['delivery_proof_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_suborders_delivery_proof_by_id_users'), type_='foreignkey')
        batch_op.drop_column('delivery_proof_file')
        batch_op.drop_column('delivery_proof_note')
        batch_op.drop_column('delivery_proof_by_id')
        batch_op.drop_column('delivery_proof_at')
        batch_op.drop_column('delivery_proof')
    op.drop_index('ix_tracking_events_shipment', table_name='tracking_events')
    op.drop_table('tracking_events')
    op.drop_table('shipments')
