"""admin: audit log, producers' helpdesk (questions and threaded replies)

Revision ID: admin_0001
Revises: orders_0001
Create Date: 2026-11-22 13:03:37.193479

"""
from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'admin_0001'
down_revision = 'orders_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_admin_audit_entries_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_admin_audit_entries_district_id_districts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_audit_entries'))
    )
    with op.batch_alter_table('admin_audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_audit_entries_district_id'), ['district_id'], unique=False)
        batch_op.create_index('ix_admin_audit_entries_object', ['object_type', 'object_id'], unique=False)

    op.create_table('admin_help_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('first_response_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('closed_at', marketplace.database.UTCDateTime(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_admin_help_questions_asker_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_admin_help_questions_district_id_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_help_questions'))
    )
    with op.batch_alter_table('admin_help_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_help_questions_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_help_questions_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_help_questions_status'), ['status'], unique=False)

    op.create_table('admin_help_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_officer', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_admin_help_replies_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['admin_help_questions.id'], name=op.f('fk_admin_help_replies_question_id_admin_help_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_help_replies'))
    )
    with op.batch_alter_table('admin_help_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_help_replies_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('admin_help_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_help_replies_question_id'))

    op.drop_table('admin_help_replies')
    with op.batch_alter_table('admin_help_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_help_questions_status'))
        batch_op.drop_index(batch_op.f('ix_admin_help_questions_district_id'))
        batch_op.drop_index(batch_op.f('ix_admin_help_questions_asker_id'))

    op.drop_table('admin_help_questions')
    with op.batch_alter_table('admin_audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_admin_audit_entries_object')
        batch_op.drop_index(batch_op.f('ix_admin_audit_entries_district_id'))
        batch_op.drop_index(batch_op.f('ix_admin_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_admin_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_admin_audit_entries_action'))

    op.drop_table('admin_audit_entries')
