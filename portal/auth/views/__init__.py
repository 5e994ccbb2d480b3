"""Sign-in, sign-out and the signed-in person's own account: one blueprint, a module per topic."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


@bp.record_once
def _register_oidc_providers(state) -> None:
    # The providers come with the blueprint that serves them: a half-configured provider stops start-up.
    from portal.auth.oidc import register_providers

    register_providers(state.app)


from portal.auth.views import account, activation, login, oidc, password_reset, two_factor  # noqa: E402, F401 - the routes register themselves on bp
