"""Writes of the administration area. Each change writes its audit event in the same transaction;
the request commits once (portal/__init__.py), so a refused change leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.audit.events import record_change
from portal.auth import activation, password_reset
from portal.auth.sessions import end_all_sessions
from portal.extensions import db
from portal.orgs.models import Organisation, Role, User
from portal.policy.actors import Actor
from portal.validation import InvalidInput


class NotAllowed(Exception):
    """The change is refused for a reason the administrator can read (e.g. deactivating themselves)."""


@dataclass(frozen=True, slots=True)
class UserFields:
    name: str
    phone: str | None
    organisation_id: int | None
    role: str
    locale: str


def _flush_unique(field: str, message: str) -> None:
    """Flush in a savepoint: a unique clash from a concurrent request becomes a field error, not a 500."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise InvalidInput(field, message) from error


def _org_name_taken(name: str, except_id: int | None = None) -> bool:
    # Case-insensitive: "Norra gymnasiet" and "norra Gymnasiet" would be the same school to a reader.
    query = sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.execute(query.limit(1)).first() is not None


def _changes(obj, values: dict) -> dict[str, list]:
    """Set the values on obj and return {field: [old, new]} for those that changed (for the audit event)."""
    changed = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changed[key] = [old, new]
            setattr(obj, key, new)
    return changed


def create_organisation(actor: Actor, name: str, kind: str) -> Organisation:
    duplicate = _("An organisation with this name already exists.")
    if _org_name_taken(name):
        raise InvalidInput("name", duplicate)
    org = Organisation(name=name, kind=kind)
    db.session.add(org)
    _flush_unique("name", duplicate)
    record_change(actor, "org.create", "organisation", org.id, name=name, kind=kind)
    return org


def update_organisation(actor: Actor, org: Organisation, name: str, kind: str) -> Organisation:
    duplicate = _("An organisation with this name already exists.")
    if _org_name_taken(name, except_id=org.id):
        raise InvalidInput("name", duplicate)
    changed = _changes(org, {"name": name, "kind": kind})
    if changed:
        _flush_unique("name", duplicate)
        record_change(actor, "org.update", "organisation", org.id, changed=changed)
    return org


def create_user(actor: Actor, fields: UserFields, email: str, *, send_invitation: bool = True) -> User:
    """A new account without a password: the person chooses one through the invitation mailed to them
    (portal/auth/activation.py), so no administrator ever knows it. Without an invitation (someone who
    signs in through their organisation's OpenID provider, or a young person) none is needed."""
    email = email.strip().lower()
    duplicate = _("A user with this email address already exists.")
    if db.session.execute(sa.select(User.id).where(User.email == email)).first() is not None:
        raise InvalidInput("email", duplicate)
    user = User(
        email=email,
        name=fields.name,
        phone=fields.phone,
        organisation_id=fields.organisation_id,
        role=fields.role,
        locale=fields.locale,
    )
    db.session.add(user)
    _flush_unique("email", duplicate)
    record_change(
        actor,
        "user.create",
        "user",
        user.id,
        email=email,
        role=fields.role,
        organisation_id=fields.organisation_id,
    )
    if send_invitation:
        activation.invite(actor, user)
    return user


def resend_invitation(actor: Actor, user: User) -> None:
    """A new invitation link (the earlier one stops working) for an account that has no password yet."""
    if not activation.may_invite(user):
        raise NotAllowed(
            _("%(name)s needs no invitation: the account has a password or is not active.", name=user.name)
        )
    activation.invite(actor, user)


def send_password_reset(actor: Actor, user: User) -> None:
    """Mail the user a link to choose a new password (the same as "Forgot your password?" sends): for an
    active account with a password. The old password works until the new one is chosen."""
    if not password_reset.send(actor, user):
        raise NotAllowed(
            _(
                "%(name)s gets no password reset link: the account has no password, is not active, "
                "or is a young person's.",
                name=user.name,
            )
        )


def end_user_sessions(actor: Actor, user: User, *, keep_id: int | None) -> int:
    """Sign a user out everywhere at once (a lost laptop, a shared computer); returns how many sessions.
    keep_id: the administrator's own session, kept when they sign themselves out elsewhere."""
    ended = end_all_sessions(user.id, "ended_by_admin", keep_id=keep_id)
    record_change(actor, "user.sessions_end", "user", user.id, sessions_ended=ended)
    return ended


def update_user(actor: Actor, user: User, fields: UserFields) -> User:
    if user.id == actor.user_id and fields.role != Role.ADMIN:
        # An administrator demoting themselves could leave the portal with nobody to run it.
        raise InvalidInput("role", _("You cannot take away your own administrator role."))
    changed = _changes(
        user,
        {
            "name": fields.name,
            "phone": fields.phone,
            "organisation_id": fields.organisation_id,
            "role": fields.role,
            "locale": fields.locale,
        },
    )
    if changed:
        record_change(actor, "user.update", "user", user.id, changed=changed)
    return user


def deactivate_user(actor: Actor, user: User) -> int:
    """Deactivate and end every session at once; returns how many sessions were ended."""
    if user.id == actor.user_id:
        raise NotAllowed(_("You cannot deactivate your own account. Ask another administrator."))
    if not user.active:
        return 0
    user.active = False
    ended = end_all_sessions(user.id, "deactivated")
    record_change(actor, "user.deactivate", "user", user.id, sessions_ended=ended)
    return ended


def reactivate_user(actor: Actor, user: User) -> None:
    if user.active:
        return
    user.active = True
    record_change(actor, "user.reactivate", "user", user.id)
