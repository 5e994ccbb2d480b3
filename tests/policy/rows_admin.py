"""Access-table rows for the administration area."""

from tests.policy.rows import ADMIN_ONLY

ROWS = {
    "orgs.organisations": ("GET", "/admin/organisations", ADMIN_ONLY),
    "orgs.users": ("GET", "/admin/users", ADMIN_ONLY),
}
