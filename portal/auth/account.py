"""Writes of My account: ending one's own sessions and changing one's password. Each is audited.

Every function acts for the signed-in person on their own account only: the sessions it is handed come
from portal.auth.queries, which finds only the person's own (anyone else's is a 404 in the view).
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.auth.models import UserSession
from portal.auth.password_rules import check_new_password
from portal.auth.passwords import hash_password, verify_password
from portal.auth.sessions import end_all_sessions
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
    # Someone who knew the old password may hold a session: the owner chooses to end them (the default).
    ended = end_all_sessions(user.id, "password_changed", keep_id=keep_id) if sign_out_others else 0
    # Never the password or its hash in the audit trail.
    record_change(actor, "user.password_change", "user", user.id, sessions_ended=ended)
    return ended
