"""jobs: the failed attempts of background jobs (issue #15.3)

Revision ID: jobs_0001
Revises: orders_0006
Create Date: 2026-12-04 02:00:00

Every failed attempt of a job on the huey queue (marketplace/jobs.py) is kept here, the last
one marked ``final``, so operators see them with ``flask jobs failed`` and can ``flask jobs
retry`` one. The queue itself lives in huey's store (SQLite file or Redis), not here.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.database

UTCDateTime = marketplace.database.UTCDateTime


# revision identifiers, used by Alembic.
revision = 'jobs_0001'
down_revision = 'orders_0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task', sa.String(length=200), nullable=False),
        sa.Column('task_id', sa.String(length=64), nullable=False),
        sa.Column('args', sa.Text(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('traceback', sa.Text(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('final', sa.Boolean(), nullable=False),
        sa.Column('failed_at', UTCDateTime(), nullable=False),
        sa.Column('retried_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_failures')),
    )
    with op.batch_alter_table('job_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_failures_task'), ['task'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_failures_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_failures_final'), ['final'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_failures_failed_at'), ['failed_at'], unique=False)


def downgrade():
    op.drop_table('job_failures')
