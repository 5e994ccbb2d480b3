"""The second factor of a password sign-in: a TOTP code (RFC 6238) or a single-use recovery code.

Required for case managers and administrators who sign in with a password (and for anyone who has
enrolled). A sign-in through an organisation's OpenID provider asks for no code here: the identity
provider is where that organisation enforces its own multi-factor rules.

A TOTP time step is accepted at most once per user (totp_last_step), and only the current step and
its two neighbours (clock drift), so a code seen over someone's shoulder is worthless once used.
Recovery codes are hashed like passwords (portal/auth/passwords.py) and work once each.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app

from portal.audit.events import record_change
from portal.auth.models import RecoveryCode, UserSession
from portal.auth.passwords import hash_password, verify_password
from portal.auth.sessions import complete_pending_session
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import Role, User
from portal.policy.actors import Actor

log = logging.getLogger("soffa.auth")

REQUIRED_ROLES = frozenset({Role.ADMIN, Role.CASE_MANAGER})
RECOVERY_CODES = 10
STEP_SECONDS = 30
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


def required_for(user: User) -> bool:
    return user.role in REQUIRED_ROLES or user.totp_secret is not None


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def qr_code_data_uri(user: User, secret: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (the CSP allows img-src data:)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step (now, one before or one after) whose code this is, if not used already."""
    code = _digits(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        # Steps only go forward: the step last accepted, and every earlier one, never sign in again.
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def looks_like_totp(code: str) -> bool:
    cleaned = "".join(code.split())
    return cleaned.isdigit() and len(cleaned) == 6


def check_totp(user: User, code: str) -> bool:
    step = _matching_step(user.totp_secret, code, user.totp_last_step) if user.totp_secret else None
    if step is None:
        return False
    user.totp_last_step = step
    return True


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def use_recovery_code(user: User, code: str) -> bool:
    given = _normalise_recovery(code)
    if len(given) != 10:
        return False
    unused = db.session.execute(
        sa.select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalars()
    for row in unused:
        if verify_password(row.code_hash, given):
            # Single use even against two tabs at once: only the UPDATE that still finds it unused wins.
            result = db.session.execute(
                sa.update(RecoveryCode)
                .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                .values(used_at=now_utc())
            )
            return result.rowcount == 1
    return False


def issue_recovery_codes(user: User) -> list[str]:
    """Ten new codes (the old unused ones stop working); only their hashes are kept."""
    db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc())
    )
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def finish_sign_in(row: UserSession, method: str) -> None:
    complete_pending_session(row)
    record_change(Actor.of(row.user), "auth.sign_in", "user_session", row.id, method=method)


def second_factor(row: UserSession, code: str) -> bool:
    """Check a TOTP or recovery code for a half-signed-in session; sign in when it is right."""
    user = row.user
    if looks_like_totp(code):
        accepted, method = check_totp(user, code), "password+totp"
    else:
        accepted, method = use_recovery_code(user, code), "password+recovery_code"
    if not accepted:
        # The view answers 401, which commits: the refusal stays in the audit trail.
        log.warning("wrong second factor for user %s", user.id)
        record_change(Actor.of(user), "auth.second_factor_refused", "user_session", row.id, method=method)
        return False
    finish_sign_in(row, method)
    return True


def enrol(row: UserSession, secret: str, code: str) -> list[str] | None:
    """Confirm a new authenticator with its first code; returns the recovery codes to show once."""
    user = row.user
    step = _matching_step(secret, code, None)
    if step is None:
        log.warning("wrong first code while enrolling user %s", user.id)
        return None
    user.totp_secret, user.totp_last_step = secret, step
    codes = issue_recovery_codes(user)
    record_change(Actor.of(user), "auth.totp_enrol", "user", user.id)
    finish_sign_in(row, "password+totp_enrol")
    return codes


def reset(actor: Actor, user: User) -> None:
    """An administrator resets a lost authenticator: the user enrols again at the next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc())
    )
    record_change(actor, "user.totp_reset", "user", user.id)
