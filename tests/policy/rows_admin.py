"""Access-table rows for the administration area."""

from tests.policy.rows import ADMIN_ONLY, ADMIN_ONLY_POST

ADMIN_ACTION = {**ADMIN_ONLY, "admin": 302}  # a confirmed action: done, then back to the list

ROWS = {
    "orgs.organisations": ("GET", "/admin/organisations", ADMIN_ONLY),
    "orgs.new_organisation": ("GET", "/admin/organisations/new", ADMIN_ONLY),
    "orgs.new_organisation#post": ("POST", "/admin/organisations/new", ADMIN_ONLY_POST),
    "orgs.edit_organisation": ("GET", "/admin/organisations/{org}/edit", ADMIN_ONLY),
    "orgs.edit_organisation#post": ("POST", "/admin/organisations/{org}/edit", ADMIN_ONLY_POST),
    "orgs.users": ("GET", "/admin/users", ADMIN_ONLY),
    "orgs.new_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "orgs.new_user#post": ("POST", "/admin/users/new", ADMIN_ONLY_POST),
    "orgs.edit_user": ("GET", "/admin/users/{user}/edit", ADMIN_ONLY),
    "orgs.edit_user#post": ("POST", "/admin/users/{user}/edit", ADMIN_ONLY_POST),
    "orgs.deactivate_user": ("GET", "/admin/users/{user}/deactivate", ADMIN_ONLY),
    "orgs.deactivate_user#post": ("POST", "/admin/users/{user}/deactivate", ADMIN_ACTION),
    "orgs.reactivate_user": ("GET", "/admin/users/{user}/reactivate", ADMIN_ONLY),
    "orgs.reactivate_user#post": ("POST", "/admin/users/{user}/reactivate", ADMIN_ACTION),
    "orgs.access_log": ("GET", "/admin/access-log", ADMIN_ONLY),
}
