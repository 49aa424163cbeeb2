"""accounts: phone-first accounts (issue #18): e-mail optional, the mobile number unique in E.164
and verified by a code, notice channels, one-time codes; notifications: the SMS outbox, one notice per event

Revision ID: accounts_0003
Revises: buyers_0003
Create Date: 2026-12-03 14:40:00

Numbers typed before this revision were stored as ten national digits and never verified: they
become ``+91`` and the ten digits, still unverified (contact detail, not a way to sign in). Where
two accounts typed the same number, the older account keeps it and the others' are cleared.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'accounts_0003'
down_revision = 'buyers_0003'
branch_labels = None
depends_on = None


def upgrade():
    # wide enough for "+91" and ten digits before any number is rewritten (PostgreSQL checks it)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('phone', existing_type=sa.String(length=10), type_=sa.String(length=16),
                              existing_nullable=True)
    op.execute("UPDATE users SET phone = NULL WHERE phone = ''")
    op.execute("UPDATE users SET phone = '+91' || phone WHERE phone IS NOT NULL AND length(phone) = 10")
    op.execute("UPDATE users SET phone = NULL WHERE phone IS NOT NULL AND id > "
               "(SELECT MIN(u2.id) FROM users u2 WHERE u2.phone = users.phone)")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
        batch_op.add_column(sa.Column('phone_verified_at', marketplace.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('notice_channels', sa.String(length=40), nullable=False,
                                      server_default='app,email,sms'))
        batch_op.create_unique_constraint(batch_op.f('uq_users_phone'), ['phone'])

    op.create_table('one_time_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('destination', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('salt', sa.String(length=32), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('expires_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('used_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('wrong_tries', sa.Integer(), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_one_time_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_one_time_codes'))
    )
    with op.batch_alter_table('one_time_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_one_time_codes_purpose'), ['purpose'], unique=False)
        batch_op.create_index(batch_op.f('ix_one_time_codes_destination'), ['destination'], unique=False)
        batch_op.create_index(batch_op.f('ix_one_time_codes_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_one_time_codes_created_at'), ['created_at'], unique=False)

    op.create_table('outbox_sms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_phone', sa.String(length=16), nullable=False),
    sa.Column('template', sa.String(length=40), nullable=False),
    sa.Column('template_id', sa.String(length=40), nullable=False),
    sa.Column('sender', sa.String(length=11), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('event_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('expires_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('sent_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_sms')),
    sa.UniqueConstraint('event_key', name=op.f('uq_outbox_sms_event_key'))
    )
    with op.batch_alter_table('outbox_sms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_sms_to_phone'), ['to_phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_sms_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_sms_sent_at'), ['sent_at'], unique=False)

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_event_key'), ['event_key'])


def downgrade():
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_column('secret')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notifications_event_key'), type_='unique')
        batch_op.drop_column('event_key')
    op.drop_table('outbox_sms')
    op.drop_table('one_time_codes')
    # accounts with no e-mail (signed up by phone) cannot exist before this revision
    op.execute("DELETE FROM users WHERE email IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_phone'), type_='unique')
        batch_op.drop_column('notice_channels')
        batch_op.drop_column('phone_verified_at')
    op.execute("UPDATE users SET phone = substr(phone, 4) WHERE phone LIKE '+91%'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('phone', existing_type=sa.String(length=16), type_=sa.String(length=10),
                              existing_nullable=True)
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
