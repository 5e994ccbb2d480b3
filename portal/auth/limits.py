"""Rate limits of signing in: the sign-in limit on failures, and the limit on asking for a link or code.

The sign-in rate limit: one counter per address and account, whatever was wrong.

A wrong password on the sign-in form, a wrong code from the authenticator app (or a wrong recovery code,
at enrolment too) and a wrong current password on My account all count against the same counter
(LOGIN_RATE_LIMIT, a flask-limiter shared limit). So someone who has a stolen password, or a session left
open, gets the same few guesses at the next secret as at the first. Per address *and* account: hammering
one account from one place does not lock its owner out elsewhere, nor a colleague at the same address.
Only failures count: each route says what a failure looks like (deduct_when).

Asking for a one-time link by mail or a code by SMS (a young person's sign-in, a forgotten password) has a
limit of its own per route (SIGN_IN_LINK_RATE_LIMIT per address and the address or number asked for, and
30 an hour per address): it counts every request that could send something, known address or not, so the
limit tells nobody whether an account exists, and it never locks anyone out of signing in.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request

from portal.extensions import limiter

SCOPE = "sign_in"


def key_for(email: str | None) -> str:
    return f"{request.remote_addr}|{str(email or '').strip().lower()}"


def _asked_for_key() -> str:
    # Per place and address asked for: asking again and again for one person is limited without locking
    # others out.
    return key_for(request.form.get("email") or request.form.get("phone"))


def _could_send(response) -> bool:
    return response.status_code == 302  # a valid request, answered "on its way"; not a typo in the form


def _link_request_limit() -> str:
    return current_app.config["SIGN_IN_LINK_RATE_LIMIT"]


def link_request_limit(view):
    """The limits of a form that asks for a link or code (see the module's docstring)."""
    limited = limiter.limit("30 per hour", methods=["POST"], deduct_when=_could_send)  # no mailbox spraying
    per_address = limiter.limit(
        _link_request_limit, key_func=_asked_for_key, methods=["POST"], deduct_when=_could_send
    )
    return per_address(limited(view))


def sign_in_limit(key_func: Callable[[], str], deduct_when: Callable):
    return limiter.shared_limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        SCOPE,
        key_func=key_func,
        methods=["POST"],
        deduct_when=deduct_when,
    )
