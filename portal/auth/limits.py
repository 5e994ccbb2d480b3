"""The sign-in rate limit: one counter per address and account, whatever was wrong.

A wrong password on the sign-in form, a wrong code from the authenticator app (or a wrong recovery code,
at enrolment too) and a wrong current password on My account all count against the same counter
(LOGIN_RATE_LIMIT, a flask-limiter shared limit). So someone who has a stolen password, or a session left
open, gets the same few guesses at the next secret as at the first. Per address *and* account: hammering
one account from one place does not lock its owner out elsewhere, nor a colleague at the same address.
Only failures count: each route says what a failure looks like (deduct_when).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request

from portal.extensions import limiter

SCOPE = "sign_in"


def key_for(email: str | None) -> str:
    return f"{request.remote_addr}|{str(email or '').strip().lower()}"


def sign_in_limit(key_func: Callable[[], str], deduct_when: Callable):
    return limiter.shared_limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        SCOPE,
        key_func=key_func,
        methods=["POST"],
        deduct_when=deduct_when,
    )
