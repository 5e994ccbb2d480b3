"""password reset links: a token purpose and an outbox kind of their own

Revision ID: 5b0e7c2d9a41
Revises: 17ee14317265
Create Date: 2026-11-23 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b0e7c2d9a41'
down_revision = '17ee14317265'
branch_labels = None
depends_on = None


KINDS_BEFORE = ["invite", "update", "cancel", "reminder", "notice", "sign_in", "activation"]
KINDS_AFTER = [*KINDS_BEFORE, "password_reset"]
PURPOSES_BEFORE = ["sign_in_link", "sign_in_code", "activation"]
PURPOSES_AFTER = [*PURPOSES_BEFORE, "password_reset"]


def _replace_check(table: str, column: str, values: list[str]) -> None:
    # Written by hand: autogenerate does not see CHECK constraints. batch_alter_table rebuilds the table
    # on SQLite, which cannot alter a constraint in place.
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f'ck_{table}_{column}'), type_='check')
        batch_op.create_check_constraint(column, sa.column(column).in_(values))


def upgrade():
    _replace_check('sign_in_token', 'purpose', PURPOSES_AFTER)
    _replace_check('outbox_message', 'kind', KINDS_AFTER)


def downgrade():
    # Rows of the new kind would break the narrower constraints: they are links nobody can use any more.
    op.execute("DELETE FROM outbox_message WHERE kind = 'password_reset'")
    op.execute("DELETE FROM sign_in_token WHERE purpose = 'password_reset'")
    _replace_check('outbox_message', 'kind', KINDS_BEFORE)
    _replace_check('sign_in_token', 'purpose', PURPOSES_BEFORE)
