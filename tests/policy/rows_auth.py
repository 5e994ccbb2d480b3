"""Access-table rows for sign-in through OpenID providers, two-factor sign-in and the own account pages."""

from tests.policy.rows import ADMIN_ONLY
from tests.policy.world import RELATIONS

# The access table runs without configured providers: a provider name that is not configured is 404.
NOT_CONFIGURED = dict.fromkeys(RELATIONS, 404)

# The second step of a password sign-in belongs to a half-signed-in browser: anyone else is sent on
# (to the sign-in page, or home when signed in already).
REDIRECTED = dict.fromkeys(RELATIONS, 302)
# Recovery codes are shown once, right after enrolling; any other visit is sent on (anonymous: to sign in).
SHOWN_ONCE = REDIRECTED
ADMIN_DONE = {**ADMIN_ONLY, "admin": 302}

ROWS = {
    "auth.second_factor": ("GET", "/login/code", REDIRECTED),
    "auth.second_factor#post": ("POST", "/login/code", REDIRECTED),
    "auth.enrol": ("GET", "/login/enrol", REDIRECTED),
    "auth.enrol#post": ("POST", "/login/enrol", REDIRECTED),
    "auth.recovery_codes": ("GET", "/account/recovery-codes", SHOWN_ONCE),
    "orgs.reset_two_factor#post": ("POST", "/admin/users/{user}/reset-two-factor", ADMIN_DONE),
    "auth.oidc_start": ("GET", "/login/oidc/nosuch", NOT_CONFIGURED),
    "auth.oidc_callback": ("GET", "/login/oidc/nosuch/callback", NOT_CONFIGURED),
}
