"""The folded surname: the staff list's order, and its case-insensitive "surname begins with" filter.

Revision ID: 0002
Revises: 0001

The column is filled here in Python, with the same ``folded_surname`` every write uses: SQL's LOWER folds
only ASCII on SQLite, and on PostgreSQL only as far as the server's locale knows the script.
"""

import sys

import sqlalchemy as sa
from alembic import op
from tqdm import tqdm

from indexer.records import folded_surname

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5000
# Compared code point by code point: the filter is a range on this column's index (indexer/store/tables.py).
FOLDED_TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    # The staff list was this index's only reader; sorted by the folded surname now, the list leaves it
    # nothing to do but slow every import down.
    op.drop_index("ix_record_surname", "record")
    op.add_column("record", sa.Column("surname_folded", FOLDED_TEXT, nullable=True))
    record = sa.table(
        "record",
        sa.column("id", sa.String),
        sa.column("surname", sa.String),
        sa.column("surname_folded", FOLDED_TEXT),
    )
    fill = (
        sa.update(record)
        .where(record.c.id == sa.bindparam("b_id"))
        .values(surname_folded=sa.bindparam("b_folded"))
    )
    conn = op.get_bind()
    total = conn.execute(sa.select(sa.func.count()).select_from(record)).scalar_one()
    # A store of millions takes minutes here, at the first start after the upgrade: say so, and how far.
    progress = tqdm(
        total=total, unit="records", unit_scale=True, desc="folding surnames", file=sys.stderr, disable=None
    )
    last = ""
    while True:  # keyset paging: a store of millions is never held in memory
        rows = conn.execute(
            sa.select(record.c.id, record.c.surname)
            .where(record.c.id > last)
            .order_by(record.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        conn.execute(fill, [{"b_id": rid, "b_folded": folded_surname(surname)} for rid, surname in rows])
        last = rows[-1][0]
        progress.update(len(rows))
    progress.close()
    with op.batch_alter_table("record") as batch:
        batch.alter_column("surname_folded", existing_type=FOLDED_TEXT, nullable=False)
    op.create_index("ix_record_surname_folded", "record", ["surname_folded", "id"])


def downgrade() -> None:
    op.create_index("ix_record_surname", "record", ["surname"])
    op.drop_index("ix_record_surname_folded", "record")
    with op.batch_alter_table("record") as batch:
        batch.drop_column("surname_folded")
