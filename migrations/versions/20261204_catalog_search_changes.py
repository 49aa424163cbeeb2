"""catalog: the search change feed, read by every node's index follower (issue #15)

Revision ID: catalog_0002
Revises: orders_0006
Create Date: 2026-12-04 02:10:00

Each catalogue change writes a row in its own transaction; every node applies the rows to its
own Whoosh index from its last applied ``seq`` (docs/search.md, "Keeping the index true").
``pages``: whether cached pages may show the change (false for a stock change that keeps
"In stock", and for popularity); the page cache's version follows only those rows.
Replaces the per-node queue file ``SEARCH_INDEX_DIR/queue.sqlite3``: run
``flask search reindex`` (or let the follower rebuild) once after upgrading.
"""
from alembic import op
import sqlalchemy as sa

from marketplace.database import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'catalog_0002'
down_revision = 'jobs_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_changes',
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('listing_id', sa.Integer(), nullable=True),
        sa.Column('pages', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_changes_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_search_changes_pages_seq', ['pages', 'seq'], unique=False)


def downgrade():
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_search_changes_pages_seq')
        batch_op.drop_index(batch_op.f('ix_search_changes_created_at'))
    op.drop_table('search_changes')
