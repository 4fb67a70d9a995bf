"""an index for the lead list filtered by state and model

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # At a million leads the filtered count went from ~300 ms (index on model, then a row lookup for the
    # state) to a covering-index search, and the page's ORDER BY id needs no sort.
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index("ix_leads_state_model", ["state", "model_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_state_model")
