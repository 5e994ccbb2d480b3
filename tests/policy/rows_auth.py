"""Access-table rows for sign-in through OpenID providers, two-factor sign-in and the own account pages."""

from tests.policy.world import RELATIONS

# The access table runs without configured providers: a provider name that is not configured is 404.
NOT_CONFIGURED = dict.fromkeys(RELATIONS, 404)

ROWS = {
    "auth.oidc_start": ("GET", "/login/oidc/nosuch", NOT_CONFIGURED),
    "auth.oidc_callback": ("GET", "/login/oidc/nosuch/callback", NOT_CONFIGURED),
}
