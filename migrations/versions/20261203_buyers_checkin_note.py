"""buyers: the organiser's reason for a check-in outside the meet's days (issue #17.8)

Revision ID: buyers_0003
Revises: accounts_0002
Create Date: 2026-12-03 08:30:00

Check-in opens on the meet's own days; an organiser may check somebody in before or after them
with a reason, which is kept on the registration.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'buyers_0003'
down_revision = 'accounts_0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_note', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('checkin_note')
