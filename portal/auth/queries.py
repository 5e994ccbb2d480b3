"""Reads about accounts: who has an address, a person's live sessions, one of them by id, and their latest
invitation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from portal.auth.models import SignInToken, UserSession
from portal.auth.tokens import ACTIVATION
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User


def user_by_email(email: str) -> User | None:
    """The account with this address, active or not (addresses are stored lowercased)."""
    query = sa.select(User).where(User.email == email.strip().lower())
    return db.session.execute(query).scalar_one_or_none()


def _live(user_id: int):
    """Sessions that still sign their user in: not ended, not half signed in, within both time limits
    (a session past them is marked ended only when its cookie comes back, so the times decide here)."""
    config, now = current_app.config, now_utc()
    return sa.select(UserSession).where(
        UserSession.user_id == user_id,
        UserSession.ended_at.is_(None),
        UserSession.second_factor_pending.is_(False),
        UserSession.created_at > now - config["SESSION_ABSOLUTE_LIFETIME"],
        UserSession.last_seen_at > now - config["STAFF_IDLE_TIMEOUT"],
    )


def live_sessions(user_id: int) -> list[UserSession]:
    query = _live(user_id).order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    return list(db.session.execute(query).scalars())


def live_session(user_id: int, session_id: int) -> UserSession | None:
    """One of this person's live sessions; None for anyone else's (the caller answers 404)."""
    return db.session.execute(_live(user_id).where(UserSession.id == session_id)).scalar_one_or_none()


def latest_invitation(user_id: int) -> SignInToken | None:
    """The most recent activation link of a user, used or not (for the administrator's user page)."""
    query = sa.select(SignInToken).where(SignInToken.user_id == user_id, SignInToken.purpose == ACTIVATION)
    return db.session.execute(query.order_by(SignInToken.id.desc()).limit(1)).scalar_one_or_none()
