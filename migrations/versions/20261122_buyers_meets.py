"""buyers: buyer profiles, samagam meets, registrations, meeting requests, enquiries, leads, meetings

Revision ID: buyers_0001
Revises: admin_0001
Create Date: 2026-11-22 13:24:59.527135

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'buyers_0001'
down_revision = 'admin_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('buyer_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('buyer_type', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('state', sa.String(length=80), nullable=False),
    sa.Column('country', sa.String(length=80), nullable=False),
    sa.Column('monthly_volume_units', sa.Integer(), nullable=True),
    sa.Column('budget_min_paise', sa.Integer(), nullable=True),
    sa.Column('budget_max_paise', sa.Integer(), nullable=True),
    sa.Column('languages', sa.String(length=120), nullable=False),
    sa.Column('export_markets', sa.String(length=255), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_buyer_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buyer_profiles')),
    sa.UniqueConstraint('user_id', name=op.f('uq_buyer_profiles_user_id'))
    )
    op.create_table('samagams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_hi', sa.String(length=200), nullable=False),
    sa.Column('venue', sa.String(length=255), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('registration_opens_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('registration_closes_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('meeting_minutes', sa.Integer(), nullable=False),
    sa.Column('slots_per_day', sa.Integer(), nullable=False),
    sa.Column('day_start', sa.String(length=5), nullable=False),
    sa.Column('tables', sa.Integer(), nullable=False),
    sa.Column('break_after_slots', sa.String(length=60), nullable=False),
    sa.Column('break_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('schedule_built_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('published_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_samagams_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_samagams')),
    sa.UniqueConstraint('slug', name=op.f('uq_samagams_slug'))
    )
    with op.batch_alter_table('samagams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_samagams_status'), ['status'], unique=False)

    op.create_table('buyer_categories',
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyer_profiles.id'], name=op.f('fk_buyer_categories_buyer_id_buyer_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_buyer_categories_category_id_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('buyer_id', 'category_id', name=op.f('pk_buyer_categories'))
    )
    op.create_table('buyer_districts',
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyer_profiles.id'], name=op.f('fk_buyer_districts_buyer_id_buyer_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_buyer_districts_district_id_districts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('buyer_id', 'district_id', name=op.f('pk_buyer_districts'))
    )
    op.create_table('samagam_districts',
    sa.Column('samagam_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_samagam_districts_district_id_districts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['samagam_id'], ['samagams.id'], name=op.f('fk_samagam_districts_samagam_id_samagams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('samagam_id', 'district_id', name=op.f('pk_samagam_districts'))
    )
    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('samagam_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=True),
    sa.Column('unavailable_slots', sa.String(length=500), nullable=False),
    sa.Column('capacity_units_per_month', sa.Integer(), nullable=True),
    sa.Column('max_meetings', sa.Integer(), nullable=True),
    sa.Column('checkin_code', sa.String(length=16), nullable=False),
    sa.Column('checked_in_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_registrations_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['samagam_id'], ['samagams.id'], name=op.f('fk_registrations_samagam_id_samagams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_registrations_seller_id_sellers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('checkin_code', name=op.f('uq_registrations_checkin_code')),
    sa.UniqueConstraint('samagam_id', 'user_id', name=op.f('uq_registrations_samagam_id_user_id'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_samagam_id'), ['samagam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('enquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_user_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('target_price_paise', sa.Integer(), nullable=True),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_user_id'], ['users.id'], name=op.f('fk_enquiries_buyer_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_enquiries_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquiries'))
    )
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enquiries_buyer_user_id'), ['buyer_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_listing_id'), ['listing_id'], unique=False)

    op.create_table('meeting_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('samagam_id', sa.Integer(), nullable=False),
    sa.Column('from_registration_id', sa.Integer(), nullable=False),
    sa.Column('to_registration_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('responded_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('expires_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['from_registration_id'], ['registrations.id'], name=op.f('fk_meeting_requests_from_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['samagam_id'], ['samagams.id'], name=op.f('fk_meeting_requests_samagam_id_samagams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_registration_id'], ['registrations.id'], name=op.f('fk_meeting_requests_to_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_requests')),
    sa.UniqueConstraint('from_registration_id', 'to_registration_id', name=op.f('uq_meeting_requests_from_registration_id_to_registration_id'))
    )
    with op.batch_alter_table('meeting_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_requests_from_registration_id'), ['from_registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_requests_samagam_id'), ['samagam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_requests_to_registration_id'), ['to_registration_id'], unique=False)

    op.create_table('registration_listings',
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_registration_listings_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_registration_listings_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registration_id', 'listing_id', name=op.f('pk_registration_listings'))
    )
    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('samagam_id', sa.Integer(), nullable=True),
    sa.Column('buyer_user_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reasons_json', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('value_paise', sa.Integer(), nullable=True),
    sa.Column('enquiry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_user_id'], ['users.id'], name=op.f('fk_leads_buyer_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enquiry_id'], ['enquiries.id'], name=op.f('fk_leads_enquiry_id_enquiries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['samagam_id'], ['samagams.id'], name=op.f('fk_leads_samagam_id_samagams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_leads_seller_id_sellers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads')),
    sa.UniqueConstraint('samagam_id', 'buyer_user_id', 'seller_id', name=op.f('uq_leads_samagam_id_buyer_user_id_seller_id'))
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leads_buyer_user_id'), ['buyer_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_samagam_id'), ['samagam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_seller_id'), ['seller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_stage'), ['stage'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('samagam_id', sa.Integer(), nullable=False),
    sa.Column('buyer_registration_id', sa.Integer(), nullable=False),
    sa.Column('seller_registration_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('table_no', sa.Integer(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('buyer_outcome', sa.String(length=20), nullable=True),
    sa.Column('seller_outcome', sa.String(length=20), nullable=True),
    sa.Column('buyer_note', sa.Text(), nullable=False),
    sa.Column('seller_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_registration_id'], ['registrations.id'], name=op.f('fk_meetings_buyer_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_meetings_lead_id_leads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['samagam_id'], ['samagams.id'], name=op.f('fk_meetings_samagam_id_samagams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seller_registration_id'], ['registrations.id'], name=op.f('fk_meetings_seller_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('samagam_id', 'buyer_registration_id', 'seller_registration_id', name=op.f('uq_meetings_samagam_id_buyer_registration_id_seller_registration_id')),
    sa.UniqueConstraint('samagam_id', 'slot', 'table_no', name=op.f('uq_meetings_samagam_id_slot_table_no'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_buyer_registration_id'), ['buyer_registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_samagam_id'), ['samagam_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_seller_registration_id'), ['seller_registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_seller_registration_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_samagam_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_buyer_registration_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leads_stage'))
        batch_op.drop_index(batch_op.f('ix_leads_seller_id'))
        batch_op.drop_index(batch_op.f('ix_leads_samagam_id'))
        batch_op.drop_index(batch_op.f('ix_leads_buyer_user_id'))

    op.drop_table('leads')
    op.drop_table('registration_listings')
    with op.batch_alter_table('meeting_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_requests_to_registration_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_requests_samagam_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_requests_from_registration_id'))

    op.drop_table('meeting_requests')
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enquiries_listing_id'))
        batch_op.drop_index(batch_op.f('ix_enquiries_buyer_user_id'))

    op.drop_table('enquiries')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_registrations_samagam_id'))

    op.drop_table('registrations')
    op.drop_table('samagam_districts')
    op.drop_table('buyer_districts')
    op.drop_table('buyer_categories')
    with op.batch_alter_table('samagams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_samagams_status'))

    op.drop_table('samagams')
    op.drop_table('buyer_profiles')
