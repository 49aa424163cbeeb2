"""orders: buyers' complaints (grievance tickets, their threads and moves; issue #19, part 3)

Revision ID: orders_0008
Revises: orders_0010
Create Date: 2026-12-04 19:00:00
"""
from alembic import op
import sqlalchemy as sa

from marketplace.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'orders_0008'
down_revision = 'orders_0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'grievance_tickets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('buyer_id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('suborder_id', sa.Integer(), nullable=True),
        sa.Column('seller_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('ack_due_at', UTCDateTime(), nullable=False),
        sa.Column('seller_due_at', UTCDateTime(), nullable=False),
        sa.Column('resolve_due_at', UTCDateTime(), nullable=False),
        sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
        sa.Column('resolved_at', UTCDateTime(), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=12), nullable=True),
        sa.Column('outcome_note', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_grievance_tickets_buyer_id_users')),
        sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_grievance_tickets_district_id_districts')),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_grievance_tickets_order_id_orders'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_grievance_tickets_resolved_by_id_users')),
        sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_grievance_tickets_seller_id_sellers')),
        sa.ForeignKeyConstraint(['suborder_id'], ['suborders.id'], name=op.f('fk_grievance_tickets_suborder_id_suborders'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance_tickets')),
    )
    with op.batch_alter_table('grievance_tickets', schema=None) as batch_op:
        batch_op.create_index('ix_grievance_tickets_district_status', ['district_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_suborder_id'), ['suborder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_resolve_due_at'), ['resolve_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_tickets_resolved_at'), ['resolved_at'], unique=False)

    op.create_table(
        'grievance_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_grievance_messages_author_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ticket_id'], ['grievance_tickets.id'], name=op.f('fk_grievance_messages_ticket_id_grievance_tickets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance_messages')),
    )
    with op.batch_alter_table('grievance_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grievance_messages_ticket_id'), ['ticket_id'], unique=False)

    op.create_table(
        'grievance_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('from_stage', sa.String(length=10), nullable=True),
        sa.Column('to_stage', sa.String(length=10), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_role', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_grievance_events_actor_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ticket_id'], ['grievance_tickets.id'], name=op.f('fk_grievance_events_ticket_id_grievance_tickets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance_events')),
    )
    with op.batch_alter_table('grievance_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grievance_events_ticket_id'), ['ticket_id'], unique=False)


def downgrade():
    with op.batch_alter_table('grievance_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_events_ticket_id'))
    op.drop_table('grievance_events')
    with op.batch_alter_table('grievance_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_messages_ticket_id'))
    op.drop_table('grievance_messages')
    with op.batch_alter_table('grievance_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_resolve_due_at'))
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_seller_id'))
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_suborder_id'))
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_order_id'))
        batch_op.drop_index(batch_op.f('ix_grievance_tickets_buyer_id'))
        batch_op.drop_index('ix_grievance_tickets_district_status')
    op.drop_table('grievance_tickets')
