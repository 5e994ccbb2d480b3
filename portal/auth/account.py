"""Writes of My account: ending one's own sessions, changing one's password and renewing one's recovery codes.
Each is audited.

Every function acts for the signed-in person on their own account only: the sessions it is handed come
from portal.auth.queries, which finds only the person's own (anyone else's is a 404 in the view).
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.auth import two_factor
from portal.auth.models import UserSession
from portal.auth.password_rules import check_new_password
from portal.auth.passwords import hash_password, verify_password
from portal.auth.sessions import end_all_sessions
from portal.auth.tokens import PASSWORD_RESET, withdraw_unused
from portal.db import now_utc
from portal.orgs.models import User
from portal.policy.actors import Actor
from portal.validation import InvalidInput

log = logging.getLogger("soffa.auth")


class WrongPassword(InvalidInput):
    """The current password given to change it was wrong: a failure the sign-in rate limit counts."""


def end_own_session(actor: Actor, row: UserSession) -> None:
    row.ended_at, row.ended_reason = now_utc(), "ended_by_user"
    record_change(actor, "auth.session_end", "user_session", row.id)


def end_other_sessions(actor: Actor, keep_id: int | None) -> int:
    ended = end_all_sessions(actor.user_id, "ended_by_user", keep_id=keep_id)
    record_change(actor, "auth.sessions_end_others", "user", actor.user_id, sessions_ended=ended)
    return ended


def has_password(user: User) -> bool:
    return user.password_hash is not None


def change_password(
    actor: Actor, user: User, current: str, new: str, *, sign_out_others: bool, keep_id: int | None
) -> int:
    """Set a new password after checking the current one; returns how many other sessions were ended."""
    if not has_password(user) or not verify_password(user.password_hash, current):
        log.info("password change refused for user %s: wrong current password", user.id)
        raise WrongPassword("current_password", _("This is not your current password."))
    check_new_password(new, email=user.email, field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = now_utc()
    withdraw_unused(user.id, PASSWORD_RESET)  # a reset link asked for earlier would undo this change
    # Someone who knew the old password may hold a session: the owner chooses to end them (the default).
    ended = end_all_sessions(user.id, "password_changed", keep_id=keep_id) if sign_out_others else 0
    # Never the password or its hash in the audit trail.
    record_change(actor, "user.password_change", "user", user.id, sessions_ended=ended)
    return ended


def renew_recovery_codes(actor: Actor, user: User, proof: str) -> list[str]:
    """Ten new recovery codes (the unused old ones stop working), to show once; only their hashes are kept.

    Proof that it is the owner, not someone at a session left open: the current password, or a current
    code from the authenticator app (the one proof an account without a password here has).
    """
    if two_factor.looks_like_totp(proof) and two_factor.check_totp(user, proof):
        checked_with = "totp"
    elif verify_password(user.password_hash, proof):
        checked_with = "password"
    else:
        log.info("new recovery codes refused for user %s: wrong password or code", user.id)
        raise WrongPassword("proof", _("This is neither your password nor a current code from the app."))
    codes = two_factor.issue_recovery_codes(user)
    record_change(actor, "auth.recovery_codes_renew", "user", user.id, checked_with=checked_with)
    return codes
