"""orders: versioned freight rate tables, and the version that priced each sub-order

Revision ID: orders_0003
Revises: buyers_0002
Create Date: 2026-11-22 16:00:00

The first version is the table shipped in marketplace/orders/data/freight_rates.json (copied
here, so that a later edit of the file never changes what this revision stores), in force from
1 April 2019 00:00 IST. Existing sub-orders are linked to the stored version of the same name.
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa

import marketplace.database


# revision identifiers, used by Alembic.
revision = 'orders_0003'
down_revision = 'buyers_0002'
branch_labels = None
depends_on = None

FIRST_LABEL = "2026-04"
FIRST_ZONES = {
    "same_district": {"slabs": [{"max_weight_g": 500, "price_paise": 4000},
                                {"max_weight_g": 1000, "price_paise": 6000},
                                {"max_weight_g": 2000, "price_paise": 9000},
                                {"max_weight_g": 5000, "price_paise": 15000}],
                      "extra_per_kg_paise": 2500},
    "within_up": {"slabs": [{"max_weight_g": 500, "price_paise": 6000},
                            {"max_weight_g": 1000, "price_paise": 9000},
                            {"max_weight_g": 2000, "price_paise": 14000},
                            {"max_weight_g": 5000, "price_paise": 25000}],
                  "extra_per_kg_paise": 4000},
    "rest_of_india": {"slabs": [{"max_weight_g": 500, "price_paise": 9000},
                                {"max_weight_g": 1000, "price_paise": 14000},
                                {"max_weight_g": 2000, "price_paise": 22000},
                                {"max_weight_g": 5000, "price_paise": 42000}],
                      "extra_per_kg_paise": 7000},
}


def upgrade():
    versions = op.create_table('freight_rate_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('effective_from', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('volumetric_divisor', sa.Integer(), nullable=False),
    sa.Column('zones', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.Column('updated_at', marketplace.database.UTCDateTime(), nullable=False),
    sa.CheckConstraint('volumetric_divisor > 0', name=op.f('ck_freight_rate_versions_divisor_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_freight_rate_versions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freight_rate_versions')),
    sa.UniqueConstraint('label', name=op.f('uq_freight_rate_versions_label'))
    )
    with op.batch_alter_table('freight_rate_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_freight_rate_versions_effective_from'), ['effective_from'], unique=False)

    now = dt.datetime.now(dt.timezone.utc)
    op.bulk_insert(versions, [{
        "label": FIRST_LABEL, "effective_from": dt.datetime(2019, 3, 31, 18, 30, tzinfo=dt.timezone.utc),
        "volumetric_divisor": 5000, "zones": FIRST_ZONES,
        "note": "Shipped rate table (data/freight_rates.json).", "created_by_id": None,
        "created_at": now, "updated_at": now,
    }])

    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('freight_rate_version_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_suborders_freight_rate_version_id'), ['freight_rate_version_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_suborders_freight_rate_version_id_freight_rate_versions'),
                                    'freight_rate_versions', ['freight_rate_version_id'], ['id'])
    op.execute(
        "UPDATE suborders SET freight_rate_version_id = (SELECT id FROM freight_rate_versions "
        "WHERE freight_rate_versions.label = suborders.freight_rate_version)")


def downgrade():
    with op.batch_alter_table('suborders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_suborders_freight_rate_version_id_freight_rate_versions'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_suborders_freight_rate_version_id'))
        batch_op.drop_column('freight_rate_version_id')
    with op.batch_alter_table('freight_rate_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_freight_rate_versions_effective_from'))
    op.drop_table('freight_rate_versions')
