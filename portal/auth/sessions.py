"""Server-side sessions. Flask's signed cookie carries only a random token (and the CSRF secret);
the user_session row decides whether that token still signs anyone in, on every app server.

So logout, deactivation and "end my other sessions" take effect at once, and a copied cookie
is worthless after any of them.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

import sqlalchemy as sa
from flask import current_app, g, request, session

from portal.auth.models import UserSession
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User

TOKEN_KEY = "sid"  # noqa: S105 - the name of a session key, not a secret


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, pending: bool = False) -> UserSession:
    """A fresh session and a fresh cookie: nothing from before sign-in survives (no fixation).

    pending: the password was right but a second factor is still due; such a row signs nobody in.
    """
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=_hash(token),
        user_id=user.id,
        ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:300],
        second_factor_pending=pending,
    )
    db.session.add(row)
    session.clear()
    session[TOKEN_KEY] = token
    if not pending:
        g.user_session = row
    return row


def pending_session() -> UserSession | None:
    """The half-signed-in session this browser's cookie names, while the second factor may still come."""
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    row = db.session.execute(
        sa.select(UserSession).where(
            UserSession.token_hash == _hash(token),
            UserSession.ended_at.is_(None),
            UserSession.second_factor_pending.is_(True),
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    if now_utc() - row.created_at > current_app.config["SECOND_FACTOR_WINDOW"] or not row.user.active:
        row.ended_at, row.ended_reason = now_utc(), "second_factor_timeout"
        session.pop(TOKEN_KEY, None)
        return None
    return row


def complete_pending_session(row: UserSession) -> None:
    """The second factor was right: the session signs its user in from now, under a fresh token, so a
    cookie seen while half signed in (on a shared computer, say) is worth nothing afterwards."""
    token = secrets.token_urlsafe(32)
    now = now_utc()
    row.token_hash = _hash(token)
    row.second_factor_pending = False
    row.created_at = row.last_seen_at = now  # the lifetime counts from the full sign-in
    session.clear()
    session[TOKEN_KEY] = token
    g.user_session = row


def _expiry_reason(row: UserSession, now) -> str | None:
    config = current_app.config
    if not row.user.active:
        return "deactivated"
    if now - row.created_at > config["SESSION_ABSOLUTE_LIFETIME"]:
        return "lifetime"
    if now - row.last_seen_at > config["STAFF_IDLE_TIMEOUT"]:
        return "idle"
    return None


@cache
def _live_session_select() -> sa.Select:
    # Built once: every signed-in request runs it, and building it cost more than running it.
    return sa.select(UserSession).where(
        UserSession.token_hash == sa.bindparam("token_hash"), UserSession.ended_at.is_(None)
    )


def load_session_user() -> User | None:
    """Flask-Login's request loader: the user of a live session row, or None."""
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    row = db.session.execute(_live_session_select(), {"token_hash": _hash(token)}).scalar_one_or_none()
    if row is None:
        session.pop(TOKEN_KEY, None)
        return None
    if row.second_factor_pending:
        # Half signed in is not signed in; the cookie keeps the token so the code page can finish it.
        return None
    now = now_utc()
    reason = _expiry_reason(row, now)
    if reason:
        row.ended_at, row.ended_reason = now, reason
        session.pop(TOKEN_KEY, None)
        g.session_expired = True
        return None
    if now - row.last_seen_at > current_app.config["SESSION_TOUCH_INTERVAL"]:
        row.last_seen_at = now
    g.user_session = row
    return row.user


def current_session_id() -> int | None:
    """The id of the session this request signed in with (set by load_session_user), if any."""
    row = g.get("user_session")
    return row.id if row is not None else None


def end_current_session(reason: str = "logout") -> None:
    """End the session this browser's cookie names, and forget the cookie's contents.

    Found by the cookie's token, not by g.user_session: that is only set once something has asked
    for current_user in this request, and a logout view need not. Missing the row here would leave
    it alive, so a copy of the cookie taken before logout would still sign in.
    """
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=now_utc(), ended_reason=reason)
        )
    g.pop("user_session", None)
    session.clear()


def end_all_sessions(user_id: int, reason: str, *, keep_id: int | None = None) -> int:
    """End every live session of a user (deactivation, administrator action, password change)."""
    query = sa.update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_id is not None:
        query = query.where(UserSession.id != keep_id)
    result = db.session.execute(query.values(ended_at=now_utc(), ended_reason=reason))
    return result.rowcount
