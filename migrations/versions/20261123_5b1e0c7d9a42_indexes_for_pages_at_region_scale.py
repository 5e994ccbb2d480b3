"""indexes for pages at region scale: organisation filter by author, access-log review by reader and org

Revision ID: 5b1e0c7d9a42
Revises: 5b0e7c2d9a41
Create Date: 2026-11-23 17:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e0c7d9a42'
down_revision = '5b0e7c2d9a41'
branch_labels = None
depends_on = None


def upgrade():
    # author_id last: the organisation filter's "wrote anything I may see" check finds a reader's own
    # entries by index instead of reading every entry of that organisation in the case.
    with op.batch_alter_table('timeline_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_case_author_org')
        batch_op.create_index(
            'ix_timeline_case_author_org', ['case_id', 'author_organisation_id', 'author_id'], unique=False
        )
    # The access-log review pages by id, newest first, filtered by reader or organisation.
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_user_at')
        batch_op.create_index('ix_access_log_user_id', ['user_id', 'id'], unique=False)
        batch_op.create_index('ix_access_log_org_id', ['organisation_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_org_id')
        batch_op.drop_index('ix_access_log_user_id')
        batch_op.create_index('ix_access_log_user_at', ['user_id', 'at'], unique=False)
    with op.batch_alter_table('timeline_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_case_author_org')
        batch_op.create_index('ix_timeline_case_author_org', ['case_id', 'author_organisation_id'], unique=False)
