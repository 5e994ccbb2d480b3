"""Sign-in through an organisation's OpenID provider: one button per provider on the sign-in page."""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError

from portal.auth.forms import LoginForm
from portal.auth.identities import SignInRefused, refuse, user_for_identity
from portal.auth.oidc import IssuerMismatch, client_for, id_token_rules, provider_named
from portal.auth.redirects import safe_next
from portal.auth.services import sign_in
from portal.auth.views import bp
from portal.auth.views.login import render_login
from portal.policy import public

log = logging.getLogger("soffa.auth")
# What a failed flow raises: a bad state or token answer (Authlib), a bad ID token (joserfc: signature,
# issuer, audience, nonce, expiry), or a provider that cannot be reached.
FLOW_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, IssuerMismatch)
NEXT_KEY = "oidc_next"


@bp.route("/login/oidc/<name>")
@public  # the first step of signing in: nobody is signed in yet
def oidc_start(name: str):
    provider = provider_named(name) or abort(404)
    session[NEXT_KEY] = safe_next(request.args.get("next"), url_for("web.home"))
    callback = url_for("auth.oidc_callback", name=provider.name, _external=True)
    try:
        # state, nonce and the PKCE verifier are kept in the session until the callback.
        return client_for(provider).authorize_redirect(callback)
    except FLOW_ERRORS:
        log.exception("OpenID provider %s cannot be reached", provider.name)
        form = LoginForm()
        form.form_errors.append(_("%(provider)s cannot be reached right now.", provider=provider.label))
        return render_login(form, 503)


@bp.route("/login/oidc/<name>/callback")
@public  # the provider sends the browser back here; state, nonce and PKCE tie the answer to this browser
def oidc_callback(name: str):
    provider = provider_named(name) or abort(404)
    next_url = safe_next(session.pop(NEXT_KEY, None), url_for("web.home"))
    unverified = _(
        "The sign-in through %(provider)s could not be verified. Please try again.", provider=provider.label
    )
    try:
        token = client_for(provider).authorize_access_token(
            claims_options=id_token_rules(provider),
            leeway=current_app.config["OIDC_CLOCK_LEEWAY_SECONDS"],
        )
        claims = token.get("userinfo")
        if not claims:  # Authlib checks an ID token only if there is one: without it, nobody is proven
            raise refuse(provider.name, "the token answer had no ID token", unverified)
        user = user_for_identity(provider, dict(claims))
    except FLOW_ERRORS as error:
        return _refused(refuse(provider.name, f"{type(error).__name__}: {error}", unverified))
    except SignInRefused as refused:
        return _refused(refused)
    sign_in(user, method=f"oidc:{provider.name}")
    return redirect(next_url)


def _refused(refused: SignInRefused):
    # 401 commits (portal/__init__.py): the refusal's audit event is kept.
    form = LoginForm()
    form.form_errors.append(refused.message)
    return render_login(form, 401)
